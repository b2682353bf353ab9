/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the tenants tests share (tenants-fixture.c): a fake cgroup v2 tree
 * in a temporary directory (base/cgroup) with mpxtest.slice/vm-a.scope and
 * vm-b.scope; a fake target behind the dm seam that keeps map "m1"'s
 * tenant rules as the target would and answers "stats" from them; a
 * config with tenant entries vm-a (suspend, then fail) and vm-b (path
 * affinity, migrate hook); map m1 with paths sda and sdb. setup() makes
 * it afresh before each case, teardown() removes it.
 */
#ifndef MPX_TEST_TENANTS_FIXTURE_H
#define MPX_TEST_TENANTS_FIXTURE_H

#include <stdbool.h>
#include <stdint.h>

#include "mpxd.h"

/* the fake target: one map's tenant rules */
struct rule {
	uint64_t id;
	char msg[256];
	bool fail;
};

struct fake_target {
	struct rule rules[8];
	int nr;
	unsigned int budget;
	bool supported;
	bool has_tn;		/* the table got a tenant message: it reports tenants */
	bool busy;		/* suspended: every message gets EBUSY */
	const char *failover;	/* the map's failover state word, NULL: none */
};
extern struct fake_target fk;
extern char sent[64][512]; /* the messages sent, but "stats" */
extern int nr_sent, nr_stats;

/* The index of cgroup id's rule in the target, or -1. */
int find_rule(uint64_t id);

extern uint64_t now_ms; /* what mpxd_now() says */

extern char base[64], root[128]; /* the temporary directory, its cgroup root */
extern struct mpxd d;
extern struct mpxd_map map;
extern struct mpxd_path p[2];
extern uint64_t ida, idb; /* vm-a.scope's and vm-b.scope's cgroup ids */

/* A cgroup at rel below the root, its id, what its cgroup.freeze says. */
void mkcg(const char *rel);
uint64_t ino(const char *rel);
const char *freeze_of(const char *rel);

void load_text(const char *text);
/* The config with vm-a and the entries in extra. */
void load_config(const char *extra);
/* vm-b's entry (path affinity, migrate hook), the one setup() loads */
extern const char vm_b[];

int setup(void **state);
int teardown(void **state);

int count_sent(const char *prefix);
/* Fails the case unless this message was sent. */
void expect_sent(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Time passes; the tenants' timers run. */
void tick(uint64_t advance_ms);
/* What the target's stats say cgroup id did on the map. */
void set_activity(uint64_t id, uint64_t ios, uint64_t waiting);
/* The map holds tenant id's I/O, none of it moved for held_ms. */
void set_held(uint64_t id, uint64_t held, uint64_t held_ms);
void paths_usable(bool on);

#endif
