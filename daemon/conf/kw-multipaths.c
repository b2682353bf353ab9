// SPDX-License-Identifier: GPL-2.0-only
/* Keywords that identify and name a "multipath" entry. */
#include <string.h>
#include "kw.h"

static const char *check_alias(const char *s)
{
	if (!*s || strchr(s, '/') || strchr(s, ' ') || strlen(s) > 127)
		return "must be a name of 1 to 127 characters without '/' or spaces";
	return NULL;
}

static const char *check_wwid(const char *s)
{
	if (!*s || strchr(s, ' ') || strlen(s) > 255)
		return "must be a WWID of 1 to 255 characters without spaces";
	return NULL;
}

const struct mpx_kw mpx_kw_multipaths[] = {
	{ OPT_WWID, "wwid", KW_STRING, S_MULTIPATH, 0, 0, 0, NULL, NULL, check_wwid,
	  "the WWID of the LUN this entry is about" },
	{ OPT_ALIAS, "alias", KW_STRING, S_MULTIPATH, 0, 0, 0, NULL, NULL, check_alias,
	  "the map's name (/dev/mapper/<alias>)" },
	{ 0, NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, NULL },
};
