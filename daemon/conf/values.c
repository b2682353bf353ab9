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
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end)
		return -EINVAL;
	*ret = v;
	return 0;
}

/* "1.5" seconds -> 1500 ms; at most three decimals. */
static int parse_msec(const char *s, long long *ret)
{
	long long whole = 0, frac = 0;
	int digits = 0;
	const char *p = s;

	if (*p < '0' || *p > '9')
		return -EINVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		whole = whole * 10 + (*p - '0');
		if (whole > 1000000)
			return -EINVAL;
	}
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++) {
			if (++digits > 3)
				return -EINVAL;
			frac = frac * 10 + (*p - '0');
		}
		if (!digits)
			return -EINVAL;
		while (digits++ < 3)
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

static int parse_number_or_word(const struct mpx_kw *kw, const char *s,
				long long *ret, const char **reason)
{
	if (!find_word(kw->words, s, ret))
		return 0;
	if (parse_ll(s, ret) || *ret < kw->min || *ret > kw->max) {
		*reason = "out of range or not a number";
		return -EINVAL;
	}
	return 0;
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

	*reason = NULL;
	switch (kw->type) {
	case KW_UINT:
	case KW_FAILBACK:
	case KW_NO_PATH_RETRY:
		if (parse_number_or_word(kw, text, &v, reason))
			return -EINVAL;
		ret->i = v;
		return 0;
	case KW_MSEC:
		if (parse_msec(text, &v) || v < kw->min || v > kw->max) {
			*reason = "not a number of seconds in range";
			return -EINVAL;
		}
		ret->i = v;
		return 0;
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
