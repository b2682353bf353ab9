/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * multipath.conf syntax, without meaning: sections in braces, one
 * "keyword value" per line, '#' and '!' comments, double-quoted values
 * ("" inside quotes is a literal quote). The result is a tree of nodes
 * that remember file:line:column; kw-*.c give it meaning.
 */
#ifndef MPX_CONF_PARSE_H
#define MPX_CONF_PARSE_H

#include <stddef.h>

struct conf_node {
	char *key;
	char *value;			/* NULL for a section */
	struct conf_node *children;	/* sections only */
	size_t nr_children;
	const char *file;		/* owned by the parse result */
	unsigned int line, col;
	unsigned int extra_col;		/* column of ignored extra words, or 0 */
};

struct conf_doc {
	char *file;
	struct conf_node root;		/* key "", children = top-level nodes */
};

/* Where and why parsing failed (no logging inside). */
struct conf_error {
	char file[256];
	unsigned int line, col;
	char msg[256];
};

/*
 * Parse text (len bytes; NUL bytes are refused) named file. 0, -EINVAL
 * with *err filled, or -ENOMEM. Input is bounded by the caller.
 */
int conf_parse(const char *file, const char *text, size_t len,
	       struct conf_doc *ret, struct conf_error *err);
void conf_doc_free(struct conf_doc *doc);

#endif
