// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "config.h"
#include "kw.h"
#include "prio-args.h"

#define MAX_WORDS 64
#define MAX_ARGS 1024

/* The words of args, split at blanks, in buf; their number, or -E2BIG. */
static int split(const char *args, char *buf, char **words)
{
	char *save = NULL, *w;
	int n = 0;

	if (!args)
		return 0;
	if (strlen(args) >= MAX_ARGS)
		return -E2BIG;
	strcpy(buf, args);
	for (w = strtok_r(buf, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		if (n == MAX_WORDS)
			return -E2BIG;
		words[n++] = w;
	}
	return n;
}

static bool parse_weight(const char *s, int *ret)
{
	char *end;
	long v;

	if (*s < '0' || *s > '9')
		return false;
	v = strtol(s, &end, 10);
	if (*end || v > MPX_WEIGHT_MAX)
		return false;
	*ret = (int)v;
	return true;
}

/* What a path is matched by: 0..3, or -1. */
static int weighted_by(const char *w)
{
	static const char *const by[] = { "hbtl", "devname", "serial", "wwn" };
	int i;

	for (i = 0; i < 4; i++)
		if (!strcmp(w, by[i]))
			return i;
	return -1;
}

static const char *check_weighted(char **w, int n)
{
	static __thread char why[160];
	regex_t re;
	int i, prio;

	if (n < 1 || weighted_by(w[0]) < 0)
		return "the first word must be hbtl, devname, serial or wwn";
	if (n < 3 || n % 2 == 0)
		return "expected pairs of a regular expression and a priority after it";
	for (i = 1; i < n; i += 2) {
		const char *bad = mpx_regex_check(w[i]);

		if (!bad && regcomp(&re, w[i], REG_EXTENDED | REG_NOSUB))
			bad = "not a valid regular expression";
		else if (!bad)
			regfree(&re);
		if (bad) {
			snprintf(why, sizeof(why), "\"%.64s\": %s", w[i], bad);
			return why;
		}
		if (!parse_weight(w[i + 1], &prio)) {
			snprintf(why, sizeof(why), "priority \"%.32s\" is not a number 0..%d",
				 w[i + 1], MPX_WEIGHT_MAX);
			return why;
		}
	}
	return NULL;
}

/* io_num and base_num as given; false if either is missing or out of range. */
static bool parse_latency(char **w, int n, struct mpx_latency_args *ret)
{
	bool io = false, base = false;
	char *end;
	int i;

	for (i = 0; i < n; i++) {
		if (!strncmp(w[i], "io_num=", 7) && w[i][7]) {
			unsigned long v = strtoul(w[i] + 7, &end, 10);

			if (*end || w[i][7] < '0' || w[i][7] > '9' || v < MPX_LATENCY_IO_MIN ||
			    v > MPX_LATENCY_IO_MAX)
				return false;
			ret->io_num = (unsigned int)v;
			io = true;
		} else if (!strncmp(w[i], "base_num=", 9) && w[i][9]) {
			double v = strtod(w[i] + 9, &end);

			if (*end || !(v >= MPX_LATENCY_BASE_MIN && v <= MPX_LATENCY_BASE_MAX))
				return false;
			ret->base_num = v;
			base = true;
		} else {
			return false;
		}
	}
	return io && base;
}

const char *mpx_prio_args_check(int kind, const char *args)
{
	char buf[MAX_ARGS], *w[MAX_WORDS];
	struct mpx_latency_args lat;
	int n = split(args, buf, w), i;

	if (n < 0)
		return "too long";
	switch (kind) {
	case MPX_PRIO_ALUA:
	case MPX_PRIO_SYSFS:
		for (i = 0; i < n; i++)
			if (strcmp(w[i], "exclusive_pref_bit"))
				return "the only argument is exclusive_pref_bit";
		return NULL;
	case MPX_PRIO_WEIGHTEDPATH:
		return check_weighted(w, n);
	case MPX_PRIO_PATH_LATENCY:
		return parse_latency(w, n, &lat) ?
			       NULL :
			       "expected \"io_num=<20..200> base_num=<1.1..10>\"";
	default:
		return n ? "this prio takes no arguments" : NULL;
	}
}

bool mpx_prio_args_exclusive_pref(const char *args)
{
	char buf[MAX_ARGS], *w[MAX_WORDS];
	int n = split(args, buf, w), i;

	for (i = 0; i < n; i++)
		if (!strcmp(w[i], "exclusive_pref_bit"))
			return true;
	return false;
}

void mpx_prio_args_latency(const char *args, struct mpx_latency_args *ret)
{
	char buf[MAX_ARGS], *w[MAX_WORDS];
	struct mpx_latency_args a;
	int n = split(args, buf, w);

	if (n > 0 && parse_latency(w, n, &a)) {
		*ret = a;
		return;
	}
	ret->io_num = MPX_LATENCY_IO_DEFAULT;
	ret->base_num = MPX_LATENCY_BASE_DEFAULT;
}

int mpx_prio_args_weighted(const char *args, const struct mpx_weighted_ids *ids, int *ret)
{
	char buf[MAX_ARGS], *w[MAX_WORDS];
	const char *subject;
	int n = split(args, buf, w), i, prio;
	regex_t re;
	bool hit;

	*ret = 0;
	if (n < 0 || check_weighted(w, n))
		return -EINVAL;
	switch (weighted_by(w[0])) {
	case 0:
		subject = ids->hbtl;
		break;
	case 1:
		subject = ids->devname;
		break;
	case 2:
		subject = ids->serial;
		break;
	default:
		subject = ids->wwn;
		break;
	}
	for (i = 1; i + 1 < n; i += 2) {
		if (regcomp(&re, w[i], REG_EXTENDED | REG_NOSUB))
			return -EINVAL;
		hit = !regexec(&re, subject ? subject : "", 0, NULL, 0);
		regfree(&re);
		if (hit && parse_weight(w[i + 1], &prio)) {
			*ret = prio;
			return 0;
		}
	}
	return 0;
}
