/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mpxd's event loop runs under SCHED_RR, as multipathd's does (SCHED_RR
 * 99): path checks, reinstatement and the start at boot must not wait
 * behind udev's workers and whatever else keeps the host busy. At 1024
 * paths under emulation a normal-priority mpxd got a fifth to a quarter of
 * a CPU while udev's workers set up the maps it had just made: one start
 * was no sooner than multipathd's, with a quarter of its CPU, and the
 * first checks of the 1024 paths took 108 s (bench/mpxd/README.md).
 *
 * The priority is low (MPXD_RT_PRIORITY): every real-time task goes before
 * every normal one whatever its number, and a low one stays behind the
 * kernel's threaded interrupt handlers (50), which complete the I/O mpxd
 * waits for. SCHED_RESET_ON_FORK: whatever mpxd starts (policy helper
 * processes, migrate hooks, modprobe) and its checker threads, which
 * wait on SCSI commands, run at normal priority; the kernel's real-time
 * throttling (sched_rt_runtime_us) leaves others 5% even if the loop spun.
 */
#ifndef MPX_BASE_SCHED_H
#define MPX_BASE_SCHED_H

#define MPXD_RT_PRIORITY 10

/*
 * Make the calling thread SCHED_RR with SCHED_RESET_ON_FORK, at max_prio,
 * or without CAP_SYS_NICE at the RLIMIT_RTPRIO below it: the priority set,
 * or -EPERM (RLIMIT_RTPRIO 0; seccomp, e.g. systemd's RestrictRealtime=yes;
 * a cgroup without a real-time budget) or another -errno.
 */
int mpx_sched_realtime(int max_prio);

#endif
