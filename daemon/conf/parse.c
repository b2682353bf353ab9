// SPDX-License-Identifier: GPL-2.0-only
/*
 * The grammar, as multipath-tools reads it:
 *   file    := { item }
 *   item    := WORD section | WORD value EOL
 *   section := '{' EOL { item } '}'
 *   value   := WORD | "quoted"             (further words are ignored, noted)
 * A line holds one item; a closing brace stands alone or ends a line.
 *
 * multipath-tools reads its file line by line and warns about what does
 * not fit; so does this parser, one warning per mistake, but it keeps the
 * nesting: a section left open at the end of the file is closed there, a
 * stray '{' block counts as part of the section around it, a stray '}' at
 * the top is dropped. Sections nested deeper than any multipath.conf
 * section are skipped whole (iteratively, so no input can exhaust the
 * stack).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "parse.h"

#define MAX_DEPTH 4
#define MAX_TOKEN 4096

enum tok_type { T_WORD, T_OPEN, T_CLOSE, T_EOL, T_EOF };

struct lexer {
	const char *file;
	const char *p, *end;
	unsigned int line, col;
	struct conf_error *err;
	struct conf_doc *doc;
	bool oom;
	char tok[MAX_TOKEN];
	enum tok_type type;
	bool quoted;
	unsigned int tok_line, tok_col;
	bool peeked;
	unsigned int nul_line; /* last line a NUL byte was reported on */
	unsigned int open_line; /* outermost section open at the end */
	char open_key[64];
};

__attribute__((format(printf, 4, 5)))
static int error_at(struct lexer *lx, unsigned int line, unsigned int col,
		    const char *fmt, ...)
{
	va_list ap;

	snprintf(lx->err->file, sizeof(lx->err->file), "%s", lx->file);
	lx->err->line = line;
	lx->err->col = col;
	va_start(ap, fmt);
	vsnprintf(lx->err->msg, sizeof(lx->err->msg), fmt, ap);
	va_end(ap);
	return -EINVAL;
}

__attribute__((format(printf, 3, 4))) static void warn(struct lexer *lx, unsigned int line,
						       const char *fmt, ...)
{
	struct conf_doc *d = lx->doc;
	struct conf_warning *tmp;
	va_list ap;

	tmp = realloc(d->warnings, (d->nr_warnings + 1) * sizeof(*tmp));
	if (!tmp) {
		lx->oom = true;
		return;
	}
	d->warnings = tmp;
	tmp[d->nr_warnings].line = line;
	va_start(ap, fmt);
	vsnprintf(tmp[d->nr_warnings].msg, sizeof(tmp[0].msg), fmt, ap);
	va_end(ap);
	d->nr_warnings++;
}

static void advance(struct lexer *lx)
{
	if (*lx->p == '\n') {
		lx->line++;
		lx->col = 1;
	} else {
		lx->col++;
	}
	lx->p++;
}

static void skip_to_eol(struct lexer *lx)
{
	while (lx->p < lx->end && *lx->p != '\n')
		advance(lx);
}

/* multipath-tools stops reading a line at a NUL byte: so does mpx. */
static void nul_byte(struct lexer *lx)
{
	if (lx->nul_line != lx->line)
		warn(lx, lx->line, "NUL byte in the line: the rest of it is ignored");
	lx->nul_line = lx->line;
	skip_to_eol(lx);
}

static int lex_quoted(struct lexer *lx)
{
	size_t n = 0;

	advance(lx);	/* opening quote */
	for (;;) {
		if (lx->p < lx->end && *lx->p == '\0') {
			nul_byte(lx);
			break;
		}
		if (lx->p == lx->end || *lx->p == '\n') {
			warn(lx, lx->tok_line,
			     "no closing quote: the value runs to the end of the line");
			break;
		}
		if (*lx->p == '"') {
			advance(lx);
			if (lx->p == lx->end || *lx->p != '"')
				break;	/* "" is a literal quote */
		}
		if (n + 1 >= sizeof(lx->tok))
			return error_at(lx, lx->tok_line, lx->tok_col,
					"value longer than %d bytes", MAX_TOKEN - 1);
		lx->tok[n++] = *lx->p;
		advance(lx);
	}
	lx->tok[n] = '\0';
	lx->type = T_WORD;
	lx->quoted = true;
	return 0;
}

static bool word_char(char c)
{
	return c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '{' && c != '}' &&
	       c != '"' && c != '#' && c != '!' && c != '\0';
}

static int lex(struct lexer *lx)
{
	size_t n = 0;

	if (lx->peeked) {
		lx->peeked = false;
		return 0;
	}
	for (;;) {
		while (lx->p < lx->end && (*lx->p == ' ' || *lx->p == '\t' || *lx->p == '\r'))
			advance(lx);
		if (lx->p < lx->end && (*lx->p == '#' || *lx->p == '!'))
			skip_to_eol(lx);
		if (lx->p < lx->end && *lx->p == '\0') {
			nul_byte(lx);
			continue;
		}
		break;
	}
	lx->tok_line = lx->line;
	lx->tok_col = lx->col;
	lx->quoted = false;
	if (lx->p == lx->end) {
		lx->type = T_EOF;
		return 0;
	}
	switch (*lx->p) {
	case '\n':
		advance(lx);
		lx->type = T_EOL;
		return 0;
	case '{':
		advance(lx);
		lx->type = T_OPEN;
		return 0;
	case '}':
		advance(lx);
		lx->type = T_CLOSE;
		return 0;
	case '"':
		return lex_quoted(lx);
	}
	while (lx->p < lx->end && word_char(*lx->p)) {
		if (n + 1 >= sizeof(lx->tok))
			return error_at(lx, lx->tok_line, lx->tok_col,
					"word longer than %d bytes", MAX_TOKEN - 1);
		lx->tok[n++] = *lx->p;
		advance(lx);
	}
	lx->tok[n] = '\0';
	lx->type = T_WORD;
	return 0;
}

static struct conf_node *add_child(struct conf_node *parent)
{
	struct conf_node *tmp;

	tmp = realloc(parent->children, (parent->nr_children + 1) * sizeof(*tmp));
	if (!tmp)
		return NULL;
	parent->children = tmp;
	tmp = &parent->children[parent->nr_children++];
	memset(tmp, 0, sizeof(*tmp));
	return tmp;
}

static void node_free(struct conf_node *n)
{
	size_t i;

	for (i = 0; i < n->nr_children; i++)
		node_free(&n->children[i]);
	free(n->children);
	free(n->key);
	free(n->value);
}

/* Drop the parent's last child (an item that is ignored). */
static void drop_last(struct conf_node *parent)
{
	node_free(&parent->children[--parent->nr_children]);
}

/* Skip to the end of the line, noting where ignored words start. */
static int rest_of_line(struct lexer *lx, struct conf_node *n)
{
	int r;

	for (;;) {
		r = lex(lx);
		if (r)
			return r;
		switch (lx->type) {
		case T_EOL:
		case T_EOF:
			return 0;
		case T_CLOSE:
		case T_OPEN:
			lx->peeked = true;	/* "key value }" closes the section */
			return 0;
		case T_WORD:
			if (!n->extra_col)
				n->extra_col = lx->tok_col;
		}
	}
}

/* After a '}': multipath-tools ignores the rest of its line. */
static int after_close(struct lexer *lx)
{
	unsigned int line = lx->line;
	bool warned = false;
	int r;

	for (;;) {
		r = lex(lx);
		if (r)
			return r;
		if (lx->type == T_EOL)
			return 0;
		if (lx->type != T_WORD || lx->tok_line != line) {
			lx->peeked = true;
			return 0;
		}
		if (!warned)
			warn(lx, line, "words after '}' are ignored");
		warned = true;
	}
}

/* A section too deep to mean anything: skip it, braces and all. */
static int skip_block(struct lexer *lx, const struct conf_node *n)
{
	unsigned long depth = 1;
	int r;

	warn(lx, n->line, "\"%s\" is nested more than %d sections deep: it is ignored", n->key,
	     MAX_DEPTH);
	while (depth) {
		r = lex(lx);
		if (r)
			return r;
		if (lx->type == T_OPEN)
			depth++;
		else if (lx->type == T_CLOSE)
			depth--;
		else if (lx->type == T_EOF)
			return 0;
	}
	return after_close(lx);
}

static int parse_items(struct lexer *lx, struct conf_node *parent, int depth);

/* The items of a section, up to its '}' or the end of the file. */
static int parse_block(struct lexer *lx, struct conf_node *n, int depth)
{
	int r = parse_items(lx, n, depth + 1);

	if (r)
		return r;
	if (lx->type == T_EOF) {
		/* each enclosing section overwrites this: the outermost stays */
		lx->open_line = n->line;
		snprintf(lx->open_key, sizeof(lx->open_key), "%s", n->key);
		return 0;
	}
	return after_close(lx);
}

/* The token after a keyword alone on its line: '{' makes it a section. */
static int next_line_brace(struct lexer *lx, struct conf_node *n)
{
	int r;

	do
		r = lex(lx);
	while (!r && lx->type == T_EOL);
	if (r)
		return r;
	if (lx->type == T_OPEN) {
		warn(lx, lx->tok_line,
		     "'{' belongs on the line of \"%s\" (line %u): "
		     "read as its section",
		     n->key, n->line);
		return 1;
	}
	lx->peeked = true;
	return 0;
}

static int parse_item(struct lexer *lx, struct conf_node *parent, int depth)
{
	struct conf_node *n = add_child(parent);
	bool drop = lx->quoted;
	enum tok_type type;
	int r;

	if (!n)
		return -ENOMEM;
	n->file = lx->file;
	n->line = lx->tok_line;
	n->col = lx->tok_col;
	n->key = strdup(lx->tok);
	if (!n->key)
		return -ENOMEM;
	if (drop)
		warn(lx, n->line, "a keyword cannot be quoted: \"%s\" is ignored", n->key);
	r = lex(lx);
	if (r)
		return r;
	type = lx->type;
	if (type == T_EOL) {
		r = next_line_brace(lx, n);
		if (r < 0)
			return r;
		type = r ? T_OPEN : T_EOL;
		r = 0;
	}
	switch (type) {
	case T_OPEN:
		if (depth >= MAX_DEPTH) {
			r = skip_block(lx, n);
			drop = true;
		} else {
			r = parse_block(lx, n, depth);
		}
		break;
	case T_WORD:
		n->value = strdup(lx->tok);
		if (!n->value)
			return -ENOMEM;
		r = rest_of_line(lx, n);
		break;
	case T_CLOSE:
		lx->peeked = true; /* "keyword }" */
		/* fallthrough */
	default:
		if (!drop)
			warn(lx, n->line, "\"%s\" has no value: it is ignored", n->key);
		drop = true;
	}
	if (drop)
		drop_last(parent);
	return r;
}

/* A '{' with no section name: what it holds belongs to the section around it. */
static int stray_open(struct lexer *lx, struct conf_node *parent, int depth)
{
	struct conf_node brace = { .key = "{", .line = lx->tok_line };
	int r;

	if (parent->key)
		warn(lx, brace.line,
		     "'{' without a section name: what it holds is read as "
		     "part of \"%s\"",
		     parent->key);
	else
		warn(lx, brace.line,
		     "'{' without a section name: what it holds is read at "
		     "the top level");
	if (depth >= MAX_DEPTH)
		return skip_block(lx, &brace);
	r = parse_items(lx, parent, depth + 1);
	if (r)
		return r;
	if (lx->type == T_EOF) {
		lx->open_line = brace.line;
		snprintf(lx->open_key, sizeof(lx->open_key), "{");
		return 0;
	}
	return after_close(lx);
}

/* Items up to a '}' (left as the current token) or the end of the file. */
static int parse_items(struct lexer *lx, struct conf_node *parent, int depth)
{
	int r;

	for (;;) {
		r = lex(lx);
		if (r)
			return r;
		switch (lx->type) {
		case T_EOL:
			continue;
		case T_EOF:
		case T_CLOSE:
			return 0;
		case T_OPEN:
			r = stray_open(lx, parent, depth);
			break;
		case T_WORD:
			r = parse_item(lx, parent, depth);
		}
		if (r)
			return r;
		if (lx->oom)
			return -ENOMEM;
	}
}

int conf_parse(const char *file, const char *text, size_t len,
	       struct conf_doc *ret, struct conf_error *err)
{
	struct lexer lx = { 0 };
	struct conf_doc doc = { 0 };
	int r;

	doc.file = strdup(file);
	if (!doc.file)
		return -ENOMEM;
	lx.file = doc.file;
	lx.doc = &doc;
	lx.p = text;
	lx.end = text + len;
	lx.line = 1;
	lx.col = 1;
	lx.err = err;
	doc.root.key = NULL;
	for (;;) {
		r = parse_items(&lx, &doc.root, 0);
		if (r || lx.type == T_EOF)
			break;
		warn(&lx, lx.tok_line, "'}' without an open section: it is ignored");
		r = after_close(&lx);
		if (r)
			break;
	}
	if (!r && lx.open_line)
		warn(&lx, lx.open_line,
		     "\"%s\" is still open at the end of the file: "
		     "closed there",
		     lx.open_key);
	if (!r && lx.oom)
		r = -ENOMEM;
	if (r) {
		conf_doc_free(&doc);
		return r;
	}
	*ret = doc;
	return 0;
}

void conf_doc_free(struct conf_doc *doc)
{
	node_free(&doc->root);
	free(doc->file);
	free(doc->warnings);
	memset(doc, 0, sizeof(*doc));
}
