// SPDX-License-Identifier: GPL-2.0-only
/* JSON strings for the --json replies of the control commands. */
#include <stdio.h>
#include "ctl/ctl.h"

void mpxd_json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", *s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}
