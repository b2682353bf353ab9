// SPDX-License-Identifier: GPL-2.0-only
/*
 * The grammar, as multipath-tools reads it:
 *   file    := { item }
 *   item    := WORD section | WORD value EOL
 *   section := '{' EOL { item } '}'        ('{' may also start the next line)
 *   value   := WORD | "quoted"             (further words are ignored, noted)
 * A line holds one item; a closing brace stands alone or ends a line.
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
	char tok[MAX_TOKEN];
	enum tok_type type;
	bool quoted;
	unsigned int tok_line, tok_col;
	bool peeked;
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

static int lex_quoted(struct lexer *lx)
{
	size_t n = 0;

	advance(lx);	/* opening quote */
	for (;;) {
		if (lx->p == lx->end || *lx->p == '\n')
			return error_at(lx, lx->tok_line, lx->tok_col,
					"unterminated quoted string");
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
	return c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '{' &&
	       c != '}' && c != '"' && c != '#' && c != '!';
}

static int lex(struct lexer *lx)
{
	size_t n = 0;

	if (lx->peeked) {
		lx->peeked = false;
		return 0;
	}
	while (lx->p < lx->end && (*lx->p == ' ' || *lx->p == '\t' || *lx->p == '\r'))
		advance(lx);
	if (lx->p < lx->end && (*lx->p == '#' || *lx->p == '!'))
		while (lx->p < lx->end && *lx->p != '\n')
			advance(lx);
	lx->tok_line = lx->line;
	lx->tok_col = lx->col;
	lx->quoted = false;
	if (lx->p == lx->end) {
		lx->type = T_EOF;
		return 0;
	}
	switch (*lx->p) {
	case '\0':
		return error_at(lx, lx->line, lx->col, "NUL byte in configuration");
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
		if (*lx->p == '\0')
			break;
		if (n + 1 >= sizeof(lx->tok))
			return error_at(lx, lx->tok_line, lx->tok_col,
					"word longer than %d bytes", MAX_TOKEN - 1);
		lx->tok[n++] = *lx->p;
		advance(lx);
	}
	if (lx->p < lx->end && *lx->p == '\0')
		return error_at(lx, lx->line, lx->col, "NUL byte in configuration");
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
			lx->peeked = true;	/* "key value }" closes the section */
			return 0;
		default:
			if (!n->extra_col)
				n->extra_col = lx->tok_col;
		}
	}
}

static int parse_items(struct lexer *lx, struct conf_node *parent, int depth);

static int parse_section(struct lexer *lx, struct conf_node *n, int depth)
{
	int r;

	if (depth >= MAX_DEPTH)
		return error_at(lx, n->line, n->col, "sections nested too deep");
	r = parse_items(lx, n, depth + 1);
	if (r)
		return r;
	if (lx->type != T_CLOSE)
		return error_at(lx, n->line, n->col,
				"section \"%s\" is not closed with '}'", n->key);
	return 0;
}

static int parse_item(struct lexer *lx, struct conf_node *parent, int depth)
{
	struct conf_node *n = add_child(parent);
	int r;

	if (!n)
		return -ENOMEM;
	n->file = lx->file;
	n->line = lx->tok_line;
	n->col = lx->tok_col;
	n->key = strdup(lx->tok);
	if (!n->key)
		return -ENOMEM;
	if (lx->quoted)
		return error_at(lx, n->line, n->col, "a keyword cannot be quoted");
	r = lex(lx);
	while (!r && lx->type == T_EOL) {
		/* "section\n{": the brace may open on the next line */
		r = lex(lx);
		if (!r && lx->type != T_OPEN) {
			lx->peeked = true;
			return error_at(lx, n->line, n->col,
					"keyword \"%s\" has no value", n->key);
		}
	}
	if (r)
		return r;
	switch (lx->type) {
	case T_OPEN:
		return parse_section(lx, n, depth);
	case T_WORD:
		n->value = strdup(lx->tok);
		if (!n->value)
			return -ENOMEM;
		return rest_of_line(lx, n);
	default:
		return error_at(lx, n->line, n->col, "keyword \"%s\" has no value",
				n->key);
	}
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
			return error_at(lx, lx->tok_line, lx->tok_col,
					"'{' without a section keyword");
		case T_WORD:
			r = parse_item(lx, parent, depth);
			if (r)
				return r;
		}
	}
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
	lx.p = text;
	lx.end = text + len;
	lx.line = 1;
	lx.col = 1;
	lx.err = err;
	doc.root.key = NULL;
	r = parse_items(&lx, &doc.root, 0);
	if (!r && lx.type == T_CLOSE)
		r = error_at(&lx, lx.tok_line, lx.tok_col, "'}' without a section");
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
	memset(doc, 0, sizeof(*doc));
}
