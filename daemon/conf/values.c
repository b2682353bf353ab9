// SPDX-License-Identifier: GPL-2.0-only
/* Value syntax of each keyword type (kw.h). No logging, no globals. */
#include <errno.h>
#include <inttypes.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "kw.h"

static int parse_ll(const char *s, long long *ret)
{
	char *end;
	long long v;

	if (!*s || *s == '+' || *s == ' ')
		return -EINVAL;
	v = strtoll(s, &end, 10);	/* saturates: the caller caps it */
	if (*end || end == s)
		return -EINVAL;
	*ret = v;
	return 0;
}

/*
 * "1.5" seconds -> 1500 ms. Decimals past the third are dropped, and a
 * huge number saturates: the caller caps it to the keyword's range.
 */
static int parse_msec(const char *s, long long *ret)
{
	long long whole = 0, frac = 0;
	int digits = 0;
	const char *p = s;

	if (*p < '0' || *p > '9')
		return -EINVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		whole = whole * 10 + (*p - '0');
		if (whole > 1000000000)
			whole = 1000000000;
	}
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++)
			if (++digits <= 3)
				frac = frac * 10 + (*p - '0');
		if (!digits)
			return -EINVAL;
		for (; digits < 3; digits++)
			frac *= 10;
	}
	if (*p)
		return -EINVAL;
	*ret = whole * 1000 + frac;
	return 0;
}

static int find_word(const struct kw_word *w, const char *s, long long *ret)
{
	for (; w && w->word; w++) {
		if (!strcasecmp(w->word, s)) {
			*ret = w->value;
			return 0;
		}
	}
	return -EINVAL;
}

/* The nearest value in min..max, and the reason naming the range. */
static int out_of_range(const struct mpx_kw *kw, long long *ret, const char **reason)
{
	static __thread char why[96];

	*ret = *ret < kw->min ? kw->min : kw->max;
	if (kw->type == KW_MSEC)
		snprintf(why, sizeof(why), "out of range %lld.%03lld..%lld.%03lld seconds",
			 kw->min / 1000, kw->min % 1000, kw->max / 1000, kw->max % 1000);
	else
		snprintf(why, sizeof(why), "out of range %lld..%lld", kw->min, kw->max);
	*reason = why;
	return -ERANGE;
}

static int parse_number_or_word(const struct mpx_kw *kw, const char *s,
				long long *ret, const char **reason)
{
	if (!find_word(kw->words, s, ret))
		return 0;
	if (parse_ll(s, ret)) {
		*reason = kw->words ? "neither a number nor one of the words" : "not a number";
		return -EINVAL;
	}
	if (*ret < kw->min || *ret > kw->max)
		return out_of_range(kw, ret, reason);
	return 0;
}

/*
 * glibc's regcomp() is exponential in the nesting of repetitions: it
 * writes a repeated expression out once per repetition it must match ("x+"
 * as "xx*", "x{2,4}" as "xxx?x?"), and its epsilon closures blow up over
 * parts that may match nothing inside repeated ones. A few bytes of
 * "a+?+?+?+?+?" hang mpxd for minutes, "(($()){0,100}){0,3}" takes 40 s
 * and 8 GB, and the optional copies of "x{0,n}" nest, which costs time and
 * memory quadratic in n. So before regcomp() sees a pattern, refuse:
 * repetitions nested more than REGEX_MAX_NESTING deep (stacked ones like
 * "a+?" count as nested); any repetition of something that may match the
 * empty string ("(a*)+", "(a?){2}", "()*": never needed, as "(a*)+" is
 * "a*"); intervals with more than REGEX_MAX_OPTIONAL optional repetitions;
 * and patterns whose written-out size would pass REGEX_MAX_SIZE nodes. No
 * real blacklist or device entry comes near.
 */
#define REGEX_MAX_NESTING 3
#define REGEX_MAX_OPTIONAL 1000
#define REGEX_MAX_SIZE 10000ULL
#define REGEX_MAX_GROUPS 32

struct re_cost {
	unsigned long long size;	/* nodes regcomp() would build */
	unsigned int nesting;		/* repetitions around the deepest atom */
	bool nullable;			/* may match the empty string */
	const char *why;		/* refused, and why */
};

struct re_rep {
	unsigned long long copies;	/* of the operand, written out */
	bool optional;			/* zero repetitions allowed */
};

static unsigned long long re_sat(unsigned long long v)
{
	return v > REGEX_MAX_SIZE ? REGEX_MAX_SIZE + 1 : v;
}

static struct re_cost re_branches(const char **pp, unsigned int groups);

/* One atom: a character, an escape, a bracket expression or a group. */
static struct re_cost re_atom(const char **pp, unsigned int groups)
{
	struct re_cost c = { 1, 0, false, NULL };
	const char *p = *pp;
	char end;

	if (*p == '(' && groups >= REGEX_MAX_GROUPS) {
		p++;
		c.why = "groups nested more than 32 deep";
	} else if (*p == '(') {
		p++;
		c = re_branches(&p, groups + 1);
		c.size = re_sat(c.size + 1);
		if (*p == ')')
			p++;
	} else if (*p == '[') {
		p++;
		if (*p == '^')
			p++;
		if (*p == ']')
			p++;	/* a literal ']' */
		while (*p && *p != ']') {
			if (*p == '[' && (p[1] == ':' || p[1] == '.' || p[1] == '=')) {
				end = p[1];
				for (p += 2; *p && !(p[0] == end && p[1] == ']'); p++)
					;
				if (*p)
					p += 2;
			} else {
				p++;
			}
		}
		if (*p)
			p++;
	} else if (*p == '\\' && p[1]) {
		/* a back reference may match nothing */
		c.nullable = p[1] >= '1' && p[1] <= '9';
		p += 2;
	} else {
		c.nullable = *p == '^' || *p == '$';
		p++;
	}
	*pp = p;
	return c;
}

/* Digits, as many as there are ("\\0" is one too, for glibc); -1 if none. */
static long long re_number(const char **pp)
{
	long long v = -1;
	unsigned int d;

	for (;;) {
		if (**pp >= '0' && **pp <= '9') {
			d = (unsigned int)(**pp - '0');
			(*pp)++;
		} else if ((*pp)[0] == '\\' && (*pp)[1] == '0') {
			d = 0;
			*pp += 2;
		} else {
			return v;
		}
		v = (long long)re_sat((unsigned long long)(v < 0 ? 0 : v) * 10 + d);
	}
}

/*
 * A repetition operator at *pp, if there is one (false: none). An interval
 * is read as glibc reads it: "{m}", "{m,}", "{m,n}", "{,n}", with the comma
 * possibly escaped.
 */
static bool re_repetition(const char **pp, struct re_rep *rep)
{
	const char *p = *pp;
	long long m, n;

	if (*p == '*' || *p == '?' || *p == '+') {
		*rep = (struct re_rep){ *p == '+' ? 2 : 1, *p != '+' };
		*pp = p + 1;
		return true;
	}
	if (*p != '{')
		return false;
	p++;
	m = n = re_number(&p);
	if (*p == ',' || (p[0] == '\\' && p[1] == ',')) {
		p += *p == ',' ? 1 : 2;
		n = re_number(&p);
		if (m < 0)
			m = 0;
		if (n < 0)
			n = m + 1;	/* {m,}: m copies and a starred one */
	}
	if (m < 0 || *p != '}')
		return false;	/* not an interval: regcomp() refuses it */
	*pp = p + 1;
	rep->optional = !m;
	rep->copies = n > m ? (unsigned long long)n : m ? (unsigned long long)m : 1;
	if (n > m + REGEX_MAX_OPTIONAL)
		rep->copies = REGEX_MAX_SIZE + 1;
	return true;
}

/* An atom and the repetitions that apply to it. */
static struct re_cost re_item(const char **pp, unsigned int groups)
{
	struct re_cost c = re_atom(pp, groups);
	struct re_rep rep;

	while (re_repetition(pp, &rep)) {
		if (c.nullable && !c.why)
			c.why = "a repetition of something that may match nothing (as in \"(a*)+\")";
		c.size = re_sat(c.size * rep.copies + rep.copies);
		c.nullable |= rep.optional;
		if (c.nesting <= REGEX_MAX_NESTING)
			c.nesting++;
	}
	return c;
}

/*
 * Alternatives up to the ')' closing the group, or the end. Outside any
 * group, glibc takes a ')' as an ordinary character (that may repeat).
 */
static struct re_cost re_branches(const char **pp, unsigned int groups)
{
	struct re_cost total = { 0, 0, false, NULL }, c;
	bool branch_nullable = true;	/* an empty branch matches nothing */

	while (**pp && (**pp != ')' || !groups)) {
		if (**pp == '|') {
			(*pp)++;
			total.nullable |= branch_nullable;
			branch_nullable = true;
			continue;
		}
		c = re_item(pp, groups);
		total.size = re_sat(total.size + c.size + 1);
		if (c.nesting > total.nesting)
			total.nesting = c.nesting;
		if (!total.why)
			total.why = c.why;
		branch_nullable &= c.nullable;
	}
	total.nullable |= branch_nullable;
	return total;
}

const char *mpx_regex_check(const char *pattern)
{
	const char *p = pattern;
	struct re_cost total = re_branches(&p, 0);

	if (total.why)
		return total.why;
	if (total.nesting > REGEX_MAX_NESTING)
		return "repetitions nested more than 3 deep (as in \"a+?+?\")";
	if (total.size > REGEX_MAX_SIZE)
		return "the expression is too large once its repetitions are written out";
	return NULL;
}

int mpx_kw_parse(const struct mpx_kw *kw, const char *text, union mpx_val *ret,
		 const char **reason)
{
	static const struct kw_word bools[] = {
		{ "yes", 1, NULL }, { "no", 0, NULL }, { "1", 1, NULL },
		{ "0", 0, NULL }, { NULL, 0, NULL },
	};
	long long v;
	regex_t re;
	int r;

	*reason = NULL;
	switch (kw->type) {
	case KW_UINT:
	case KW_FAILBACK:
	case KW_NO_PATH_RETRY:
		r = parse_number_or_word(kw, text, &v, reason);
		if (r != -EINVAL)
			ret->i = v;
		return r;
	case KW_MSEC:
		if (parse_msec(text, &v)) {
			*reason = "not a number of seconds";
			return -EINVAL;
		}
		r = v < kw->min || v > kw->max ? out_of_range(kw, &v, reason) : 0;
		ret->i = v;
		return r;
	case KW_BOOL:
		if (find_word(bools, text, &v)) {
			*reason = "expected yes or no";
			return -EINVAL;
		}
		ret->i = v;
		return 0;
	case KW_ENUM:
		if (find_word(kw->words, text, &v)) {
			*reason = "not one of the accepted words";
			return -EINVAL;
		}
		ret->i = v;
		return 0;
	case KW_REGEX:
		if ((*reason = mpx_regex_check(text)))
			return -EINVAL;
		if (regcomp(&re, text, REG_EXTENDED | REG_NOSUB)) {
			*reason = "not a valid regular expression";
			return -EINVAL;
		}
		regfree(&re);
		/* fallthrough */
	case KW_STRING:
		if (kw->check && (*reason = kw->check(text)))
			return -EINVAL;
		ret->s = strdup(text);
		return ret->s ? 0 : -ENOMEM;
	}
	return -EINVAL;
}

static const char *word_of(const struct kw_word *w, long long v)
{
	for (; w && w->word; w++)
		if (w->value == v)
			return w->word;
	return NULL;
}

/* "..." with inner quotes doubled, as the parser reads them back. */
static void quote(const char *s, char *buf, size_t len)
{
	size_t n = 0;

	if (len < 3) {
		if (len)
			buf[0] = '\0';
		return;
	}
	buf[n++] = '"';
	for (; *s && n + 3 < len; s++) {
		if (*s == '"')
			buf[n++] = '"';
		buf[n++] = *s;
	}
	buf[n++] = '"';
	buf[n] = '\0';
}

void mpx_kw_format(const struct mpx_kw *kw, const union mpx_val *v, char *buf,
		   size_t len)
{
	const char *w;

	switch (kw->type) {
	case KW_MSEC:
		if (v->i % 1000)
			snprintf(buf, len, "%lld.%03lld", v->i / 1000, v->i % 1000);
		else
			snprintf(buf, len, "%lld", v->i / 1000);
		return;
	case KW_BOOL:
		snprintf(buf, len, "%s", v->i ? "yes" : "no");
		return;
	case KW_STRING:
	case KW_REGEX:
		quote(v->s ? v->s : "", buf, len);
		return;
	default:
		w = word_of(kw->words, v->i);
		if (w)
			snprintf(buf, len, "%s", w);
		else
			snprintf(buf, len, "%lld", v->i);
		return;
	}
}
