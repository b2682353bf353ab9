// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mpx/table.h>
#include "seams/dm-status.h"

struct cursor {
	const char *p;
};

/* Next space-separated word into buf; -EINVAL at the end or if too long. */
static int word(struct cursor *c, char *buf, size_t len)
{
	size_t n = 0;

	while (*c->p == ' ')
		c->p++;
	if (!*c->p)
		return -EINVAL;
	while (c->p[n] && c->p[n] != ' ')
		n++;
	if (n >= len)
		return -EINVAL;
	memcpy(buf, c->p, n);
	buf[n] = '\0';
	c->p += n;
	return 0;
}

static int number(struct cursor *c, unsigned int max, unsigned int *ret)
{
	char buf[16], *end;
	unsigned long v;

	if (word(c, buf, sizeof(buf)) || buf[0] < '0' || buf[0] > '9')
		return -EINVAL;
	errno = 0;
	v = strtoul(buf, &end, 10);
	if (errno || *end || v > max)
		return -EINVAL;
	*ret = (unsigned int)v;
	return 0;
}

static int skip(struct cursor *c, unsigned int n)
{
	char buf[64];

	while (n--)
		if (word(c, buf, sizeof(buf)))
			return -EINVAL;
	return 0;
}

static int err_class(const char *w)
{
	static const char *const names[MPX_ERR_NR] = MPX_ERR_NAMES;
	int i;

	for (i = 0; i < MPX_ERR_NR; i++)
		if (!strcmp(w, names[i]))
			return i;
	return -1;
}

/*
 * "<class> <errors>", the last two path words. A target before 1.2.0 has
 * only its selector's words there: what is not a class and a count is
 * taken as that (no error record), not as a malformed line.
 */
static void path_errors(const char *w1, const char *w2, struct mpx_status_path *p)
{
	char *end;
	unsigned long long v;

	p->last_error = err_class(w1);
	if (p->last_error < 0 || w2[0] < '0' || w2[0] > '9')
		goto none;
	errno = 0;
	v = strtoull(w2, &end, 10);
	if (errno || *end)
		goto none;
	p->errors = v;
	return;
none:
	p->last_error = -1;
	p->errors = 0;
}

static int parse_path(struct cursor *c, unsigned int pg, unsigned int nr_words,
		      struct mpx_status_path *p)
{
	char state[4], w1[64] = "", w2[64] = "";

	p->pg = pg;
	if (word(c, p->dev, sizeof(p->dev)) || word(c, state, sizeof(state)) ||
	    (strcmp(state, "A") && strcmp(state, "F")) || number(c, ~0U, &p->fail_count) ||
	    skip(c, nr_words < 2 ? nr_words : nr_words - 2))
		return -EINVAL;
	if (nr_words >= 2 && (word(c, w1, sizeof(w1)) || word(c, w2, sizeof(w2))))
		return -EINVAL;
	p->active = state[0] == 'A';
	path_errors(w1, w2, p);
	return 0;
}

static int parse_pg(struct cursor *c, struct mpx_status *s, unsigned int g)
{
	struct mpx_status_pg *pg = &s->pgs[g];
	struct mpx_status_path *tmp;
	char state[4];
	unsigned int n, nr_words, i;

	if (word(c, state, sizeof(state)) || !strchr("AED", state[0]) || state[1])
		return -EINVAL;
	pg->state = state[0];
	if (number(c, 1024, &n) || skip(c, n) ||
	    number(c, 1024, &pg->nr_paths) || number(c, 1024, &nr_words) ||
	    !pg->nr_paths)
		return -EINVAL;
	tmp = realloc(s->paths, (s->nr_paths + pg->nr_paths) * sizeof(*tmp));
	if (!tmp)
		return -ENOMEM;
	s->paths = tmp;
	for (i = 0; i < pg->nr_paths; i++) {
		if (parse_path(c, g + 1, nr_words, &s->paths[s->nr_paths]))
			return -EINVAL;
		s->nr_paths++;
	}
	return 0;
}

int mpx_status_parse(const char *line, struct mpx_status *ret)
{
	struct mpx_status s = { 0 };
	struct cursor c = { line };
	unsigned int n, g;
	int r = -EINVAL;

	if (number(&c, 1024, &n) || n != 2 ||
	    number(&c, 1, &s.queue_io) || number(&c, ~0U, &s.pg_init_count) ||
	    number(&c, 1024, &n) || skip(&c, n) ||
	    number(&c, 1024, &s.nr_pgs) || number(&c, 1024, &s.pg_num))
		goto fail;
	if (s.nr_pgs) {
		s.pgs = calloc(s.nr_pgs, sizeof(*s.pgs));
		if (!s.pgs) {
			r = -ENOMEM;
			goto fail;
		}
	}
	for (g = 0; g < s.nr_pgs; g++) {
		r = parse_pg(&c, &s, g);
		if (r)
			goto fail;
	}
	while (*c.p == ' ')
		c.p++;
	if (*c.p) {
		r = -EINVAL;	/* trailing words */
		goto fail;
	}
	*ret = s;
	return 0;
fail:
	mpx_status_free(&s);
	return r;
}

void mpx_status_free(struct mpx_status *s)
{
	free(s->pgs);
	free(s->paths);
	s->pgs = NULL;
	s->paths = NULL;
}
