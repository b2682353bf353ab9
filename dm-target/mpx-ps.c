// SPDX-License-Identifier: GPL-2.0-only
/*
 * The registry of path selectors. Built-in selectors register at module
 * load; selector modules (dm-mpx-ps-<name>) register and unregister
 * themselves. A table holds a module reference on each selector it uses.
 */
#include <linux/kmod.h>
#include <linux/rwsem.h>
#include <linux/slab.h>
#include <mpx/table.h>
#include "mpx-ps.h"

static LIST_HEAD(ps_types);
static DECLARE_RWSEM(ps_lock);

static struct mpx_ps_type *const builtins[] = {
	&mpx_ps_round_robin,
	&mpx_ps_queue_length,
	&mpx_ps_service_time,
};

static struct mpx_ps_type *find(const char *name)
{
	struct mpx_ps_type *t;

	list_for_each_entry(t, &ps_types, list)
		if (!strcmp(t->grammar->name, name))
			return t;
	return NULL;
}

int mpx_ps_register(struct mpx_ps_type *type)
{
	const char *name = type->grammar && type->grammar->name ?
			   type->grammar->name : "(unnamed)";
	int r = 0;

	if (type->abi_version != MPX_PS_ABI_VERSION) {
		DMERR("selector %s: built for selector ABI %u, dm-mpx %u.%u.%u has ABI %u; rebuild it against this dm-mpx",
		      name, type->abi_version, MPX_VERSION_MAJOR, MPX_VERSION_MINOR,
		      MPX_VERSION_PATCH, MPX_PS_ABI_VERSION);
		return -EPROTO;
	}
	if (!type->grammar || !type->grammar->name || !type->select_path ||
	    !type->grammar->parse_group || !type->grammar->parse_path ||
	    !type->grammar->emit_group || !type->grammar->emit_path) {
		DMERR("selector %s: grammar or select_path missing", name);
		return -EINVAL;
	}
	down_write(&ps_lock);
	if (find(type->grammar->name))
		r = -EEXIST;
	else
		list_add_tail(&type->list, &ps_types);
	up_write(&ps_lock);
	if (r)
		DMERR("selector %s is already registered", type->grammar->name);
	return r;
}
EXPORT_SYMBOL_GPL(mpx_ps_register);

void mpx_ps_unregister(struct mpx_ps_type *type)
{
	down_write(&ps_lock);
	list_del_init(&type->list);
	up_write(&ps_lock);
}
EXPORT_SYMBOL_GPL(mpx_ps_unregister);

static const struct mpx_ps_type *get(const char *name)
{
	struct mpx_ps_type *t;

	down_read(&ps_lock);
	t = find(name);
	if (t && !try_module_get(t->owner))
		t = NULL;
	up_read(&ps_lock);
	return t;
}

const struct mpx_ps_type *mpx_ps_get(const char *name)
{
	const struct mpx_ps_type *t = get(name);

	if (!t && !request_module("dm-mpx-ps-%s", name))
		t = get(name);
	return t;
}

/* Another reference to a type the caller holds one on. */
const struct mpx_ps_type *mpx_ps_dup(const struct mpx_ps_type *type)
{
	__module_get(type->owner);
	return type;
}

void mpx_ps_put(const struct mpx_ps_type *type)
{
	if (type)
		module_put(type->owner);
}

void mpx_ps_list(struct mpx_buf *b)
{
	struct mpx_ps_type *t;

	down_read(&ps_lock);
	list_for_each_entry(t, &ps_types, list)
		mpx_emit(b, "%s%s", b->pos ? " " : "", t->grammar->name);
	up_read(&ps_lock);
}

int mpx_ps_register_builtins(void)
{
	unsigned int i;
	int r;

	for (i = 0; i < ARRAY_SIZE(builtins); i++) {
		builtins[i]->owner = THIS_MODULE;
		builtins[i]->abi_version = MPX_PS_ABI_VERSION;
		r = mpx_ps_register(builtins[i]);
		if (r) {
			while (i--)
				mpx_ps_unregister(builtins[i]);
			return r;
		}
	}
	return 0;
}

void mpx_ps_unregister_builtins(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(builtins); i++)
		mpx_ps_unregister(builtins[i]);
}

/*
 * The selector types a table being constructed names, each with a module
 * reference held from the first lookup to the end of ctr: the parser calls
 * into the selector's grammar, and the groups are built with the very type
 * that parsed them, so a selector module cannot go (modprobe -r) or be
 * replaced in between.
 */
const struct mpx_ps_grammar *mpx_ps_refs_lookup(const char *name, void *data)
{
	struct mpx_ps_refs *refs = data;
	const struct mpx_ps_type *t;
	unsigned int i;

	for (i = 0; i < refs->nr; i++)
		if (!strcmp(refs->types[i]->grammar->name, name))
			return refs->types[i]->grammar;
	if (refs->nr == ARRAY_SIZE(refs->types)) {
		DMERR("a table may name at most %zu selector types", ARRAY_SIZE(refs->types));
		return NULL;
	}
	t = mpx_ps_get(name);
	if (!t)
		return NULL;
	refs->types[refs->nr++] = t;
	return t->grammar;
}

/* The held type whose grammar parsed a group, with a reference of its own. */
const struct mpx_ps_type *mpx_ps_refs_type(struct mpx_ps_refs *refs, const struct mpx_ps_grammar *g)
{
	unsigned int i;

	for (i = 0; i < refs->nr; i++)
		if (refs->types[i]->grammar == g)
			return mpx_ps_dup(refs->types[i]);
	return NULL;
}

void mpx_ps_refs_put(struct mpx_ps_refs *refs)
{
	while (refs->nr)
		mpx_ps_put(refs->types[--refs->nr]);
}

unsigned int mpx_ps_rotor(unsigned int __percpu *rotor, unsigned int n)
{
	return this_cpu_inc_return(*rotor) % n;
}
EXPORT_SYMBOL_GPL(mpx_ps_rotor);
