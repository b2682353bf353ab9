/* SPDX-License-Identifier: GPL-2.0-only */
/* Shared between the files of daemon/conf/ only. */
#ifndef MPX_CONF_INTERNAL_H
#define MPX_CONF_INTERNAL_H

#include "config.h"
#include "parse.h"

/* diag.c: a warning naming file:line; the error that refuses the file. */
__attribute__((format(printf, 4, 5)))
void conf_warn(struct mpx_config *c, const char *file, unsigned int line,
	       const char *fmt, ...);
__attribute__((format(printf, 3, 4)))
int conf_fail(struct conf_error *err, const struct conf_node *n, const char *fmt, ...);

/* apply.c: one "keyword value" line of a section into o; every line of sec. */
int conf_apply(struct mpx_config *c, struct mpx_optset *o, unsigned int section,
	       const char *section_name, unsigned int index,
	       const struct conf_node *n, struct conf_error *err);
int conf_apply_section(struct mpx_config *c, struct mpx_optset *o, unsigned int section,
		       const char *name, unsigned int index, const struct conf_node *sec,
		       struct conf_error *err);
/* optset.c: a device entry's regular expressions; 1 if one does not compile. */
int conf_compile_device(struct mpx_optset *o);
/* hwtable.c: the built-in device entries, put first in c->devices. */
int conf_builtin_devices(struct mpx_config *c, struct conf_error *err);
/* config.c: that, once per config. */
int conf_ensure_builtin(struct mpx_config *c, struct conf_error *err);
/* optset.c: what an entry owns. */
void conf_optset_free(struct mpx_optset *o);
int conf_tenants_apply(struct mpx_config *c, const struct conf_node *sec,
		       struct conf_error *err);

/*
 * resolve.c: the levels that give dev its options, the most binding first
 * (the multipath entries naming its WWID, overrides, the device entries
 * matching it, defaults), found once for reading many options with
 * conf_get_in(): ret has room for nr_multipaths + nr_devices + 2.
 */
size_t conf_levels(const struct mpx_config *c, const struct mpx_dev_id *dev,
		   const struct mpx_optset **ret);
/* An option's value from those levels (and where it was set), as mpx_conf_get() gives it. */
union mpx_val conf_get_in(const struct mpx_optset *const *levels, size_t n, enum mpx_opt id,
			  struct mpx_origin *ret_origin);

int conf_blacklist_apply(struct mpx_config *c, struct mpx_bl *bl,
			 const struct conf_node *sec, struct conf_error *err);
void conf_blacklist_free(struct mpx_bl *bl);

#endif
