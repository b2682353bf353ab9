// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <sched.h>
#include <sys/resource.h>
#include "base/sched.h"

#ifndef SCHED_RESET_ON_FORK
#define SCHED_RESET_ON_FORK 0x40000000
#endif

static int set_rr(int prio)
{
	struct sched_param sp = { .sched_priority = prio };

	return sched_setscheduler(0, SCHED_RR | SCHED_RESET_ON_FORK, &sp) < 0 ? -errno : 0;
}

int mpx_sched_realtime(int max_prio)
{
	struct rlimit rl;
	int r = set_rr(max_prio);

	if (!r)
		return max_prio;
	/* without CAP_SYS_NICE: as high as RLIMIT_RTPRIO lets it (an admin's LimitRTPRIO=) */
	if (r != -EPERM || getrlimit(RLIMIT_RTPRIO, &rl) < 0 || !rl.rlim_cur ||
	    rl.rlim_cur >= (rlim_t)max_prio)
		return r;
	r = set_rr((int)rl.rlim_cur);
	return r ? r : (int)rl.rlim_cur;
}
