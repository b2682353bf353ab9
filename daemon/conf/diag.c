// SPDX-License-Identifier: GPL-2.0-only
/*
 * How the files of daemon/conf/ report what they read past (a warning
 * naming file:line, kept in the config) and what they refuse (the one
 * error naming file:line:col). Below every reader, so that none of them
 * has to call back up into config.c to speak.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "conf-internal.h"

void conf_warn(struct mpx_config *c, const char *file, unsigned int line, const char *fmt, ...)
{
	char msg[512], **tmp;
	va_list ap;
	int n;

	n = line ? snprintf(msg, sizeof(msg), "%s:%u: ", file, line) :
		   snprintf(msg, sizeof(msg), "%s: ", file);
	if (n < 0)
		n = 0;
	/* a long file name leaves no room: the name alone, cut */
	if ((size_t)n < sizeof(msg)) {
		va_start(ap, fmt);
		vsnprintf(msg + n, sizeof(msg) - (size_t)n, fmt, ap);
		va_end(ap);
	}
	tmp = realloc(c->warnings, (c->nr_warnings + 1) * sizeof(*tmp));
	if (!tmp)
		return;
	c->warnings = tmp;
	c->warnings[c->nr_warnings] = strdup(msg);
	if (c->warnings[c->nr_warnings])
		c->nr_warnings++;
}

int conf_fail(struct conf_error *err, const struct conf_node *n, const char *fmt, ...)
{
	va_list ap;

	snprintf(err->file, sizeof(err->file), "%s", n->file);
	err->line = n->line;
	err->col = n->col;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -EINVAL;
}
