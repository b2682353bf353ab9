/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * multipath.conf syntax, without meaning: sections in braces, one
 * "keyword value" per line, '#' and '!' comments, double-quoted values
 * ("" inside quotes is a literal quote). The result is a tree of nodes
 * that remember file:line:column; kw-*.c give it meaning.
 *
 * What multipath-tools reads with a warning, this parser reads with one
 * warning too (conf_doc.warnings), and it keeps the file's structure where
 * multipath-tools' line reader loses it: '{' on the line after a section
 * name, a section left open at the end of the file, a stray '{' or '}', a
 * keyword without a value, a quoted keyword, an unterminated quote, words
 * after a '}'. Only what no reading can make sense of is an error.
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

/* A tolerated mistake: what it was and what was done about it. */
struct conf_warning {
	unsigned int line;
	char msg[240];
};

struct conf_doc {
	char *file;
	struct conf_node root;		/* key "", children = top-level nodes */
	struct conf_warning *warnings;
	size_t nr_warnings;
};

/* Where and why parsing failed (no logging inside). */
struct conf_error {
	char file[256];
	unsigned int line, col;
	char msg[256];
};

/*
 * Parse text (len bytes) named file. 0 (with doc->warnings), -EINVAL with
 * *err filled (a word or value longer than 4 KiB), or -ENOMEM. Input is
 * bounded by the caller.
 */
int conf_parse(const char *file, const char *text, size_t len,
	       struct conf_doc *ret, struct conf_error *err);
void conf_doc_free(struct conf_doc *doc);

#endif
