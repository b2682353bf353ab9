// SPDX-License-Identifier: GPL-2.0-only
/* Which prioritizer a kind is, and the two that need no file of their own. */
#include <errno.h>
#include <stdio.h>
#include <sys/random.h>
#include "conf/config.h"
#include "prio/prio.h"
#include "seams/path-attrs.h"

void mpx_prio_path_from(const struct mpx_path_attrs *a, struct mpx_prio_path *ret)
{
	snprintf(ret->devnode, sizeof(ret->devnode), "%s", a->devnode);
	snprintf(ret->syspath, sizeof(ret->syspath), "%s", a->syspath);
	snprintf(ret->hctl, sizeof(ret->hctl), "%s", a->hctl);
	snprintf(ret->serial, sizeof(ret->serial), "%s", a->serial);
	snprintf(ret->fc_wwn, sizeof(ret->fc_wwn), "%s", a->fc_wwn);
	ret->have_tpg = a->have_tpg;
	ret->tpg = a->tpg;
}

bool mpx_prio_does_io(int kind)
{
	return kind == MPX_PRIO_ALUA || kind == MPX_PRIO_PATH_LATENCY;
}

/* multipath-tools' random prioritizer: 1 to 10. */
static int random_prio(int *ret_prio, char *why, size_t why_len)
{
	uint32_t r;

	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) != sizeof(r)) {
		snprintf(why, why_len, "no random bytes");
		return -EAGAIN;
	}
	*ret_prio = 1 + (int)(r % 10);
	return 0;
}

int mpx_prio_get(int kind, const char *args, const struct mpx_prio_path *p, unsigned int timeout_ms,
		 int *ret_prio, char *why, size_t why_len)
{
	switch (kind) {
	case MPX_PRIO_ALUA:
		return mpx_prio_alua(args, p, timeout_ms, ret_prio, why, why_len);
	case MPX_PRIO_SYSFS:
		return mpx_prio_sysfs(args, p, ret_prio, why, why_len);
	case MPX_PRIO_WEIGHTEDPATH:
		return mpx_prio_weightedpath(args, p, ret_prio, why, why_len);
	case MPX_PRIO_PATH_LATENCY:
		return mpx_prio_path_latency(args, p, timeout_ms, ret_prio, why, why_len);
	case MPX_PRIO_RANDOM:
		return random_prio(ret_prio, why, why_len);
	default:
		*ret_prio = 1;
		return 0;
	}
}
