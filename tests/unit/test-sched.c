// SPDX-License-Identifier: GPL-2.0-only
/*
 * The event loop's scheduling (base/sched.c): SCHED_RR with
 * SCHED_RESET_ON_FORK at the priority asked for; without CAP_SYS_NICE at
 * the lower RLIMIT_RTPRIO an admin set; refused, the error.
 */
#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <sys/resource.h>
#include <cmocka.h>

#include "base/sched.h"

#define RESET_ON_FORK 0x40000000

static int calls, last_policy, last_prio;
static int refuse_above;	/* like the kernel: above RLIMIT_RTPRIO without CAP_SYS_NICE */
static int refuse_errno;
static rlim_t rtprio_limit;

int __wrap_sched_setscheduler(pid_t pid, int policy, const struct sched_param *sp)
{
	assert_int_equal(pid, 0);
	calls++;
	last_policy = policy;
	last_prio = sp->sched_priority;
	if (refuse_errno || sp->sched_priority > refuse_above) {
		errno = refuse_errno ? refuse_errno : EPERM;
		return -1;
	}
	return 0;
}

int __wrap_getrlimit(int resource, struct rlimit *rl)
{
	assert_int_equal(resource, RLIMIT_RTPRIO);
	rl->rlim_cur = rl->rlim_max = rtprio_limit;
	return 0;
}

static int setup(void **state)
{
	calls = last_policy = last_prio = 0;
	refuse_above = 99;
	refuse_errno = 0;
	rtprio_limit = 0;
	return 0;
}

static void privileged(void **state)
{
	assert_int_equal(mpx_sched_realtime(10), 10);
	assert_int_equal(calls, 1);
	assert_int_equal(last_policy, SCHED_RR | RESET_ON_FORK);
	assert_int_equal(last_prio, 10);
}

/* LimitRTPRIO=10, no CAP_SYS_NICE: the unit as shipped */
static void rlimit_allows(void **state)
{
	refuse_above = 10;
	rtprio_limit = 10;
	assert_int_equal(mpx_sched_realtime(10), 10);
	assert_int_equal(calls, 1);
}

/* an admin's lower LimitRTPRIO= is taken, not refused */
static void lower_rlimit_taken(void **state)
{
	refuse_above = 4;
	rtprio_limit = 4;
	assert_int_equal(mpx_sched_realtime(10), 4);
	assert_int_equal(calls, 2);
	assert_int_equal(last_policy, SCHED_RR | RESET_ON_FORK);
	assert_int_equal(last_prio, 4);
}

/* LimitRTPRIO=0: normal priority, and the caller hears why */
static void no_rlimit_refused(void **state)
{
	refuse_above = 0;
	assert_int_equal(mpx_sched_realtime(10), -EPERM);
	assert_int_equal(calls, 1);
}

/* seccomp (RestrictRealtime=yes) refuses any priority: one retry at the limit, then the error */
static void seccomp_refuses(void **state)
{
	refuse_errno = EPERM;
	rtprio_limit = 5;
	assert_int_equal(mpx_sched_realtime(10), -EPERM);
	assert_int_equal(calls, 2);
	/* another error is not retried */
	calls = 0;
	refuse_errno = EINVAL;
	assert_int_equal(mpx_sched_realtime(10), -EINVAL);
	assert_int_equal(calls, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(privileged, setup),
		cmocka_unit_test_setup(rlimit_allows, setup),
		cmocka_unit_test_setup(lower_rlimit_taken, setup),
		cmocka_unit_test_setup(no_rlimit_refused, setup),
		cmocka_unit_test_setup(seccomp_refuses, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
