/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Keyword rows. Every keyword with a value is defined once, by one row:
 * its name, value type and range, built-in default, the sections that
 * accept it and a line of documentation. Parsing, printing the effective
 * configuration and the man page check all derive from the rows.
 */
#ifndef MPX_CONF_KW_H
#define MPX_CONF_KW_H

#include "config.h"

enum kw_type {
	KW_UINT,		/* min..max */
	KW_MSEC,		/* seconds, decimals allowed; stored in ms */
	KW_BOOL,		/* yes / no */
	KW_ENUM,		/* one of .words */
	KW_STRING,		/* free text, checked by .check if set */
	KW_REGEX,		/* POSIX extended regular expression */
	KW_FAILBACK,		/* immediate | manual | followover | seconds */
	KW_NO_PATH_RETRY,	/* fail | queue | number of checks */
};

/* Sections a keyword may appear in. */
#define S_DEFAULTS (1u << 0)
#define S_DEVICE (1u << 1)
#define S_MULTIPATH (1u << 2)
#define S_OVERRIDES (1u << 3)
#define S_TENANT (1u << 4)
#define S_MAP (S_DEFAULTS | S_DEVICE | S_MULTIPATH | S_OVERRIDES)

struct kw_word {
	const char *word;
	long long value;
	const char *warn;	/* accepted but not what it says: log this */
};

struct mpx_kw {
	enum mpx_opt id;
	const char *name;
	enum kw_type type;
	unsigned int sections;
	long long min, max;		/* KW_UINT, KW_MSEC (ms), KW_* numbers */
	long long def_i;		/* built-in default */
	const char *def_s;		/* built-in default (strings), NULL: unset */
	const struct kw_word *words;	/* KW_ENUM; extra words for numbers */
	/* extra check of a string value: NULL or a reason it is wrong */
	const char *(*check)(const char *value);
	const char *doc;
};

extern const struct mpx_kw mpx_kw_defaults[];	/* kw-defaults.c */
extern const struct mpx_kw mpx_kw_map[];	/* kw-map.c */
extern const struct mpx_kw mpx_kw_devices[];	/* kw-devices.c */
extern const struct mpx_kw mpx_kw_multipaths[];	/* kw-multipaths.c */
extern const struct mpx_kw mpx_kw_tenants[];	/* kw-tenants.c */

/* Each table ends with a row whose name is NULL. */
const struct mpx_kw *mpx_kw_find(const char *name, unsigned int section);
const struct mpx_kw *mpx_kw_by_id(enum mpx_opt id);
/* The closest known keyword to a misspelt one, or NULL. */
const char *mpx_kw_nearest(const char *name);

/* kw-compat.c: multipath.conf keywords mpx has no row for. */
enum mpx_kw_compat_kind {
	MPX_KW_IGNORED,		/* a multipath-tools 0.9 keyword mpx does not act on */
	MPX_KW_DEPRECATED,	/* multipath-tools 0.9 ignores it too */
	MPX_KW_REMOVED,		/* gone before multipath-tools 0.9 */
	MPX_KW_DISTRO,		/* a distribution's own addition */
};

struct mpx_kw_compat {
	const char *name;
	enum mpx_kw_compat_kind kind;
	const char *note;	/* why, what instead, or which distribution */
};

const struct mpx_kw_compat *mpx_kw_compat_find(const char *name);
/*
 * true: a bad value is a warning and the line is ignored (or a number is
 * capped), as multipath-tools does; false: it is an error (mpx's own
 * keywords, and reservation_key, which multipath-tools refuses too).
 */
bool mpx_kw_tolerant(const struct mpx_kw *kw);

/*
 * values.c: parse a value for a row: 0, -EINVAL with *reason, or -ERANGE
 * with *reason and *ret set to the nearest value in range.
 */
int mpx_kw_parse(const struct mpx_kw *kw, const char *text, union mpx_val *ret,
		 const char **reason);
/* NULL, or why a POSIX ERE is refused before regcomp() (too costly). */
const char *mpx_regex_check(const char *pattern);
/* Print a value as the config file would spell it. */
void mpx_kw_format(const struct mpx_kw *kw, const union mpx_val *v, char *buf,
		   size_t len);

#endif
