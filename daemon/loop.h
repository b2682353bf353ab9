/* SPDX-License-Identifier: GPL-2.0-only */
/* The event loop (loop.c): entry, like main.c; nothing else calls it. */
#ifndef MPXD_LOOP_H
#define MPXD_LOOP_H

struct mpxd;

int mpxd_run(struct mpxd *d);
/* Read pending signals: SIGHUP asks for a reconfigure, the others stop mpxd. */
void mpxd_take_signals(struct mpxd *d);

#endif
