/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dm-mpx's side of the selector registry (the API selectors use is
 * <mpx/ps.h>): lookups for the table constructor, the built-in selectors.
 */
#ifndef DM_MPX_PS_H
#define DM_MPX_PS_H

#include "mpx.h"

/* The registered type, with a module reference; requests dm-mpx-ps-<name>. */
const struct mpx_ps_type *mpx_ps_get(const char *name);
const struct mpx_ps_type *mpx_ps_dup(const struct mpx_ps_type *type);
void mpx_ps_put(const struct mpx_ps_type *type);
/*
 * The selector types a table being constructed names, each with a module
 * reference held from the first lookup to the end of ctr (mpx-ps.c).
 */
struct mpx_ps_refs {
	unsigned int nr;
	const struct mpx_ps_type *types[8];
};
/* A table parser's lookup (core/table-parse.h); data is a struct mpx_ps_refs. */
const struct mpx_ps_grammar *mpx_ps_refs_lookup(const char *name, void *data);
const struct mpx_ps_type *mpx_ps_refs_type(struct mpx_ps_refs *refs,
					   const struct mpx_ps_grammar *g);
void mpx_ps_refs_put(struct mpx_ps_refs *refs);
/* "name name ..." of every registered selector. */
void mpx_ps_list(struct mpx_buf *b);
int mpx_ps_register_builtins(void);
void mpx_ps_unregister_builtins(void);

extern struct mpx_ps_type mpx_ps_round_robin;
extern struct mpx_ps_type mpx_ps_queue_length;
extern struct mpx_ps_type mpx_ps_service_time;

#endif
