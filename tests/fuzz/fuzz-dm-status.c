// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer harness: mpxd's parser of the target's "dmsetup status" line
 * (daemon/seams/dm-status.c). The input is the status text (up to a NUL, as
 * libdevmapper hands it over). Parse, check that the result is consistent
 * (paths counted per group add up, each names its group, states are the
 * documented letters), free.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seams/dm-status.h"
#include "fuzz.h"

static void check_status(const struct mpx_status *s)
{
	unsigned int g, i, sum = 0;

	check(s->queue_io <= 1, "queue_io %u", s->queue_io);
	check(!s->nr_pgs == !s->pgs, "%u groups, array %p", s->nr_pgs, (void *)s->pgs);
	for (g = 0; g < s->nr_pgs; g++) {
		check(s->pgs[g].state == 'A' || s->pgs[g].state == 'E' ||
		      s->pgs[g].state == 'D', "group state %d", s->pgs[g].state);
		check(s->pgs[g].nr_paths >= 1, "empty group %u", g + 1);
		sum += s->pgs[g].nr_paths;
	}
	check(sum == s->nr_paths, "groups hold %u paths, %u parsed", sum, s->nr_paths);
	for (i = 0; i < s->nr_paths; i++) {
		const struct mpx_status_path *p = &s->paths[i];

		check(p->pg >= 1 && p->pg <= s->nr_pgs, "path %u in group %u", i, p->pg);
		check(memchr(p->dev, '\0', sizeof(p->dev)) && p->dev[0], "path %u device", i);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n = strnlen((const char *)data, size);
	char *line = malloc(n + 1);
	struct mpx_status s;
	int r;

	if (!line)
		abort();
	memcpy(line, data, n);
	line[n] = '\0';
	memset(&s, 0, sizeof(s));
	r = mpx_status_parse(line, &s);
	if (!r) {
		check_status(&s);
		mpx_status_free(&s);
	} else {
		check(r == -EINVAL || r == -ENOMEM, "error %d", r);
	}
	free(line);
	return 0;
}
