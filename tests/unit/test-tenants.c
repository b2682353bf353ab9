// SPDX-License-Identifier: GPL-2.0-only
/*
 * Following tenants end to end, over a fake cgroup tree in a temporary
 * directory and a fake target behind the dm seam (mpx_dm_message is
 * wrapped: it keeps each map's tenant rules as the target would, parsing
 * every message with the target's own parser, and answers "stats" from
 * them). Checked: cgroups found, first entry wins, rules sent once and
 * sent again after a table load, cgroups that appear and go, stale rules
 * deleted; the freeze / thaw / timeout state machine and on_no_path fail;
 * mpxd's own cgroup never frozen; thawing at stop and reconfigure; the
 * migrate hook once per episode with its environment; "show tenants".
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "ctl/ctl.h"
#include "mpxd.h"
#include "tenants/tenants.h"
#include "parse.h"
#include "tenant-parse.h"

/* ---- the fake target ---- */

struct rule {
	uint64_t id;
	char msg[256];
	bool fail;
};

static struct {
	struct rule rules[8];
	int nr;
	unsigned int budget;
	bool supported;
	bool has_tn;		/* the table got a tenant message: it reports tenants */
	bool busy;		/* suspended: every message gets EBUSY */
	const char *failover;	/* the map's failover state word, NULL: none */
} fk;

static uint64_t now_ms;

static struct {
	uint64_t id, ios, waiting, held;
	uint64_t held_start;	/* when its held I/O last moved (now_ms) */
} act[4];
static char sent[64][512];
static int nr_sent, nr_stats;

static uint64_t activity(uint64_t id, bool waiting)
{
	int i;

	for (i = 0; i < 4; i++)
		if (act[i].id == id)
			return waiting ? act[i].waiting : act[i].ios;
	return 0;
}

/* Bios of tenant id the map holds, and how long none has moved. */
static uint64_t held_of(uint64_t id, bool ms)
{
	int i;

	for (i = 0; i < 4; i++)
		if (act[i].id == id)
			return ms ? (act[i].held ? now_ms - act[i].held_start : 0) : act[i].held;
	return 0;
}

static char *stats(void)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	int i;

	fprintf(f, "group 1 state A selector service-time paths 2 usable 2\n"
		   "path 8:0 group 1 state A fail_count 0 ios 0 bytes 0 in_flight 0 path_errors 0 target_errors 0\n");
	if (fk.has_tn) {
		fprintf(f, "tenants %d budget %u in_flight 0 waiting 0 failover %s\n", fk.nr,
			fk.budget, fk.failover ? fk.failover : "none");
		fprintf(f, "tenant default weight 100 prio 0 iops 0 bps 0 affinity none nopath queue ios 0 bytes 0 deferred 0 deferred_us 0 in_flight 0 waiting 0 served 8:0=0,8:16=0\n");
		for (i = 0; i < fk.nr; i++)
			fprintf(f,
				"tenant %llu weight 1 prio 0 iops 0 bps 0 affinity none nopath %s ios %llu bytes 0 deferred 0 deferred_us 0 in_flight 0 waiting %llu held %llu held_ms %llu served 8:0=0,8:16=%llu\n",
				(unsigned long long)fk.rules[i].id,
				fk.rules[i].fail ? "fail" : "queue",
				(unsigned long long)activity(fk.rules[i].id, false),
				(unsigned long long)activity(fk.rules[i].id, true),
				(unsigned long long)held_of(fk.rules[i].id, false),
				(unsigned long long)held_of(fk.rules[i].id, true),
				(unsigned long long)activity(fk.rules[i].id, false));
	}
	fclose(f);
	return out;
}

static int find_rule(uint64_t id)
{
	int i;

	for (i = 0; i < fk.nr; i++)
		if (fk.rules[i].id == id)
			return i;
	return -1;
}

int __wrap_mpx_dm_message(const char *name, const char *message, char **ret_response)
{
	char copy[512], *argv[32], *save = NULL, *w;
	struct mpx_tenant_spec spec;
	const char *reason;
	unsigned int argc = 0;
	int i;

	assert_string_equal(name, "m1");
	if (fk.busy) {
		nr_stats += !strcmp(message, "stats");
		return -EBUSY;
	}
	if (!strcmp(message, "stats")) {
		nr_stats++;
		*ret_response = stats();
		return 0;
	}
	assert_null(ret_response);
	assert_true(nr_sent < 64);
	snprintf(sent[nr_sent++], sizeof(sent[0]), "%s", message);
	if (!fk.supported)
		return -EINVAL;
	snprintf(copy, sizeof(copy), "%s", message);
	for (w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	if (mpx_tenant_parse(argc, argv, &spec, &reason)) {
		print_error("the target refuses \"%s\": %s\n", message, reason);
		return -EINVAL;
	}
	fk.has_tn = true;
	i = find_rule(spec.id);
	switch (spec.verb) {
	case MPX_TENANT_BUDGET:
		fk.budget = spec.budget;
		break;
	case MPX_TENANT_DEL:
		if (i < 0)
			return -ENOENT;
		fk.rules[i] = fk.rules[--fk.nr];
		break;
	case MPX_TENANT_SET:
		if (i < 0)
			i = fk.nr++;
		fk.rules[i].id = spec.id;
		fk.rules[i].fail = spec.fail_if_no_path;
		snprintf(fk.rules[i].msg, sizeof(fk.rules[i].msg), "%s", message);
		break;
	}
	return 0;
}

/* ---- what tenants.c needs of the rest of mpxd ---- */

uint64_t mpxd_now(void)
{
	return now_ms;
}

void mpxd_json_str(FILE *f, const char *s)
{
	fprintf(f, "\"%s\"", s);
}

/* ---- the fixture ---- */

static char base[64], root[128];
static struct mpxd d;
static struct mpxd_map map, *maps[1] = { &map };
static struct mpxd_path p[2], *mps[2];
static uint64_t ida, idb;

static void mkcg(const char *rel)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/%s/cgroup.freeze", root, rel);
	f = fopen(path, "w");
	fputs("0\n", f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/%s/cgroup.subtree_control", root, rel);
	f = fopen(path, "w");
	fclose(f);
}

static uint64_t ino(const char *rel)
{
	char path[512];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	assert_int_equal(stat(path, &st), 0);
	return st.st_ino;
}

static const char *freeze_of(const char *rel)
{
	static char buf[16];
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/cgroup.freeze", root, rel);
	f = fopen(path, "r");
	assert_non_null(f);
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

static void load_text(const char *text)
{
	struct conf_error err;

	mpx_config_free(&d.config);
	if (mpx_config_add_text(&d.config, "t.conf", text, strlen(text), &err)) {
		print_error("%s:%u: %s\n", err.file, err.line, err.msg);
		fail();
	}
}

static void load_config(const char *extra)
{
	char text[2048];

	snprintf(text, sizeof(text),
		 "defaults {\n\tmigrate_hook %s/hook.sh\n}\n"
		 "tenants {\n"
		 "\ttenant {\n\t\tname vm-a\n\t\tcgroup \"mpxtest.slice/vm-a.scope\"\n"
		 "\t\tweight 300\n\t\ton_failover suspend\n\t\tsuspend_timeout 5\n"
		 "\t\tfailover_freeze_delay 0\n"
		 "\t\ton_no_path fail\n\t}\n"
		 "%s"
		 "}\n",
		 base, extra);
	load_text(text);
}

static const char vm_b[] =
	"\ttenant {\n\t\tname vm-b\n\t\tcgroup \"mpxtest.slice/vm-*.scope\"\n"
	"\t\tpath_affinity \"paths sdb\"\n\t\ton_no_path migrate\n\t}\n";

static void write_hook(void)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/hook.sh", base);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "#!/bin/sh\n"
		   "{ env | grep '^MPX_' | sort; echo \"PATH=$PATH\"; echo \"LEAKED=${LEAKED:-}\";"
		   " echo ---; } >> %s/hook.out\n", base);
	fclose(f);
	assert_int_equal(chmod(path, 0755), 0);
}

static int setup(void **state)
{
	char path[256];
	FILE *f;
	int i;

	snprintf(base, sizeof(base), "/tmp/mpx-tenants-XXXXXX");
	assert_non_null(mkdtemp(base));
	snprintf(root, sizeof(root), "%s/cgroup", base);
	assert_int_equal(mkdir(root, 0755), 0);
	/* what makes it a cgroup v2 root */
	snprintf(path, sizeof(path), "%s/cgroup.controllers", root);
	f = fopen(path, "w");
	fputs("cpu io memory\n", f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/cgroup.subtree_control", root);
	f = fopen(path, "w");
	fclose(f);
	mkcg("mpxtest.slice");
	mkcg("mpxtest.slice/vm-a.scope");
	mkcg("mpxtest.slice/vm-b.scope");
	ida = ino("mpxtest.slice/vm-a.scope");
	idb = ino("mpxtest.slice/vm-b.scope");
	write_hook();
	setenv("LEAKED", "yes", 1);

	memset(&d, 0, sizeof(d));
	memset(&map, 0, sizeof(map));
	memset(&fk, 0, sizeof(fk));
	memset(act, 0, sizeof(act));
	fk.supported = true;
	nr_sent = nr_stats = 0;
	mpx_log_init(&d.log, "test", LOG_ERR);
	d.epoll_fd = -1;
	d.tenants.inotify_fd = -1;
	d.cgroup_root = root;
	load_config(vm_b);
	for (i = 0; i < 2; i++) {
		memset(&p[i], 0, sizeof(p[i]));
		snprintf(p[i].a.devnode, sizeof(p[i].a.devnode), "sd%c", 'a' + i);
		snprintf(p[i].a.devno, sizeof(p[i].a.devno), "8:%d", 16 * i);
		p[i].kernel_active = true;
		p[i].pg = 1;
		p[i].map = &map;
		mps[i] = &p[i];
	}
	snprintf(map.name, sizeof(map.name), "m1");
	snprintf(map.wwid, sizeof(map.wwid), "3600140512345678");
	map.live = true;
	map.paths = mps;
	map.nr_paths = 2;
	d.maps = maps;
	d.nr_maps = 1;
	now_ms = 100000;
	assert_int_equal(mpxd_tenants_init(&d), 0);
	d.tenants.self[0] = '\0';	/* the test's own cgroup is none of these */
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	mpxd_tenants_stop(&d);
	mpxd_tenants_map_gone(&map);
	mpx_config_free(&d.config);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", base);
	assert_int_equal(system(cmd), 0);
	return 0;
}

static bool was_sent(const char *msg)
{
	int i;

	for (i = 0; i < nr_sent; i++)
		if (!strcmp(sent[i], msg))
			return true;
	return false;
}

static int count_sent(const char *prefix)
{
	int i, n = 0;

	for (i = 0; i < nr_sent; i++)
		n += !strncmp(sent[i], prefix, strlen(prefix));
	return n;
}

static void expect_sent(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!was_sent(msg)) {
		int i;

		print_error("not sent: \"%s\"; sent:\n", msg);
		for (i = 0; i < nr_sent; i++)
			print_error("  %s\n", sent[i]);
		fail();
	}
}

static void tick(uint64_t advance_ms)
{
	now_ms += advance_ms;
	mpxd_tenants_tick(&d, now_ms);
}

static void set_activity(uint64_t id, uint64_t ios, uint64_t waiting)
{
	int i;

	for (i = 0; i < 4 && act[i].id && act[i].id != id; i++)
		;
	act[i].id = id;
	act[i].ios = ios;
	act[i].waiting = waiting;
}

/* The map holds tenant id's I/O, none of it moved for held_ms. */
static void set_held(uint64_t id, uint64_t held, uint64_t held_ms)
{
	int i;

	for (i = 0; i < 4 && act[i].id && act[i].id != id; i++)
		;
	act[i].id = id;
	act[i].held = held;
	act[i].held_start = now_ms - held_ms;
}

static void paths_usable(bool on)
{
	p[0].kernel_active = p[1].kernel_active = on;
}

/* ---- the tests ---- */

static void programs_maps(void **state)
{
	tick(0);
	assert_int_equal(d.tenants.nr_cg, 2);
	assert_string_equal(d.tenants.cg[0].entry, "vm-a");	/* first entry wins */
	assert_string_equal(d.tenants.cg[1].entry, "vm-b");
	assert_true(d.tenants.cg[0].io_ok);
	expect_sent("tenant budget 0");
	expect_sent("tenant set %llu weight=300 prio=0 nopath=queue", (unsigned long long)ida);
	expect_sent("tenant set %llu weight=100 prio=0 paths=8:16 nopath=queue",
		    (unsigned long long)idb);
	assert_int_equal(nr_sent, 3);
	assert_int_equal(fk.nr, 2);
	/* the io controller reaches them: "+io" written where it was missing */
	{
		char path[256], buf[16] = "";
		FILE *f;

		snprintf(path, sizeof(path), "%s/mpxtest.slice/cgroup.subtree_control", root);
		f = fopen(path, "r");
		assert_non_null(fgets(buf, sizeof(buf), f));
		fclose(f);
		assert_string_equal(buf, "+io");
	}

	/* nothing changes: nothing is sent, and stats are read once a second */
	tick(100);
	tick(100);
	assert_int_equal(nr_sent, 3);
	assert_int_equal(nr_stats, 1);
	tick(1000);
	assert_int_equal(nr_stats, 2);
	assert_int_equal(nr_sent, 3);

	/* a table loaded by someone else drops the rules: put back at the next look */
	fk.nr = 0;
	tick(1000);
	assert_int_equal(nr_sent, 5);
	assert_int_equal(fk.nr, 2);
	/* mpxd's own table load: at once */
	fk.nr = 0;
	fk.budget = 0;
	mpxd_tenants_map_loaded(&d, &map);
	assert_int_equal(fk.nr, 2);
	assert_int_equal(count_sent("tenant set"), 6);
	assert_int_equal(count_sent("tenant budget"), 2);
}

static void budget_and_stale_rules(void **state)
{
	load_config("\ttenant {\n\t\tname x\n\t\tcgroup nothing.slice\n\t}\n");
	{
		struct conf_error err;
		static const char more[] = "defaults {\n\ttenant_budget 48\n}\n";

		assert_int_equal(mpx_config_add_text(&d.config, "u.conf", more, strlen(more), &err), 0);
	}
	/* left by an earlier run */
	fk.rules[0].id = 999;
	fk.nr = 1;
	fk.has_tn = true;
	tick(0);
	expect_sent("tenant budget 48");
	expect_sent("tenant del 999");
	assert_int_equal(fk.budget, 48);
	assert_int_equal(fk.nr, 1);	/* vm-a's */
	assert_int_equal(find_rule(ida), 0);
}

static void cgroups_come_and_go(void **state)
{
	struct pollfd pfd = { .fd = d.tenants.inotify_fd, .events = POLLIN };
	char path[256];
	uint64_t idc;

	tick(0);
	assert_int_equal(nr_sent, 3);
	mkcg("mpxtest.slice/vm-c.scope");
	idc = ino("mpxtest.slice/vm-c.scope");
	assert_int_equal(poll(&pfd, 1, 1000), 1);	/* inotify saw it */
	mpxd_tenants_event(&d);
	tick(10);
	expect_sent("tenant set %llu weight=100 prio=0 paths=8:16 nopath=queue",
		    (unsigned long long)idc);
	assert_int_equal(d.tenants.nr_cg, 3);

	snprintf(path, sizeof(path), "rm -r %s/mpxtest.slice/vm-c.scope", root);
	assert_int_equal(system(path), 0);
	assert_int_equal(poll(&pfd, 1, 1000), 1);
	mpxd_tenants_event(&d);
	tick(10);
	assert_int_equal(d.tenants.nr_cg, 2);
	/* deleted from the map once its stats confirm the rule is there */
	tick(1000);
	expect_sent("tenant del %llu", (unsigned long long)idc);
	assert_int_equal(find_rule(idc), -1);
	assert_int_equal(fk.nr, 2);

	/* no inotify (say, out of watches): the periodic rescan finds them */
	mkcg("mpxtest.slice/vm-d.scope");
	tick(1000);
	assert_int_equal(d.tenants.nr_cg, 2);
	tick(30000);
	assert_int_equal(d.tenants.nr_cg, 3);
}

/* A target from before tenants refuses the budget, the first message. */
static void target_without_tenants(void **state)
{
	fk.supported = false;
	tick(0);
	tick(1000);
	tick(1000);
	assert_int_equal(nr_sent, 1);
	assert_string_equal(sent[0], "tenant budget 0");
	assert_int_equal(nr_stats, 1);	/* and it is not asked again until a table load */
	mpxd_tenants_map_loaded(&d, &map);
	assert_int_equal(nr_stats, 2);
	assert_int_equal(nr_sent, 2);
}

/* A map that cannot answer (suspended) is asked again when due, not at every turn. */
static void busy_map(void **state)
{
	tick(0);
	assert_int_equal(nr_stats, 1);
	fk.busy = true;
	paths_usable(false);
	tick(1000);
	tick(10);
	tick(10);
	assert_int_equal(nr_stats, 2);
	tick(1000);
	assert_int_equal(nr_stats, 3);
	/* it answers again: vm-a used it, so the episode starts then */
	set_activity(ida, 1, 0);
	fk.busy = false;
	tick(1000);
	assert_string_equal(freeze_of("mpxtest.slice/vm-a.scope"), "1");
	paths_usable(true);
	tick(10);
	assert_string_equal(freeze_of("mpxtest.slice/vm-a.scope"), "0");
}

/* Nothing to program: a table without tenant state is left without. */
static void nothing_to_program(void **state)
{
	load_text("tenants {\n\ttenant {\n\t\tname x\n\t\tcgroup none.slice\n\t}\n}\n");
	tick(0);
	tick(1000);
	assert_int_equal(nr_sent, 0);
	assert_false(fk.has_tn);
	mpx_config_free(&d.config);
	memset(&d.config, 0, sizeof(d.config));
	mpxd_tenants_reconfigured(&d);
	tick(1000);
	tick(1000);
	assert_int_equal(nr_sent, 0);
	assert_int_equal(nr_stats, 3);	/* once after the reload, then no more */
}

static void freeze_thaw_timeout(void **state)
{
	tick(0);
	/* vm-a did I/O on the map, vm-b did not: only vm-a is frozen */
	set_activity(ida, 10, 0);
	paths_usable(false);
	tick(10);
	assert_string_equal(freeze_of("mpxtest.slice/vm-a.scope"), "1");
	assert_string_equal(freeze_of("mpxtest.slice/vm-b.scope"), "0");
	assert_int_equal(d.tenants.cg[0].state, MPXD_TENANT_FROZEN);
	assert_int_equal(d.tenants.cg[1].state, MPXD_TENANT_RUNNING);
	tick(1000);
	tick(1000);
	assert_string_equal(freeze_of("mpxtest.slice/vm-a.scope"), "1");
	/* a path is back: thawed */
	paths_usable(true);
	tick(10);
	assert_string_equal(freeze_of("mpxtest.slice/vm-a.scope"), "0");
	assert_int_equal(d.tenants.cg[0].state, MPXD_TENANT_RUNNING);

	/* again, for longer than suspend_timeout: thawed, and on_no_path fail applies */
	paths_usable(false);
	tick(10);
	assert_string_equal(freeze_of("mpxtest.slice/vm-a.scope"), "1");
	tick(4000);
	assert_string_equal(freeze_of("mpxtest.slice/vm-a.scope"), "1");
	tick(1000);
	assert_string_equal(freeze_of("mpxtest.slice/vm-a.scope"), "0");
	assert_int_equal(d.tenants.cg[0].state, MPXD_TENANT_THAWED_TIMEOUT);
	expect_sent("tenant set %llu weight=300 prio=0 nopath=fail", (unsigned long long)ida);
	assert_true(fk.rules[find_rule(ida)].fail);
	tick(1000);
	assert_string_equal(freeze_of("mpxtest.slice/vm-a.scope"), "0");	/* not again */
	/* paths back: running, and queueing again */
	paths_usable(true);
	tick(10);
	assert_int_equal(d.tenants.cg[0].state, MPXD_TENANT_RUNNING);
	assert_false(fk.rules[find_rule(ida)].fail);
	assert_int_equal(count_sent("tenant set"), 4);
}

/* Waiting I/O counts as use too, and the freeze ends with mpxd. */
static void thaw_at_stop_and_reconfigure(void **state)
{
	tick(0);
	set_activity(ida, 0, 3);
	paths_usable(false);
	tick(10);
	assert_string_equal(freeze_of("mpxtest.slice/vm-a.scope"), "1");
	mpxd_tenants_stop(&d);
	assert_string_equal(freeze_of("mpxtest.slice/vm-a.scope"), "0");

	assert_int_equal(mpxd_tenants_init(&d), 0);
	d.tenants.self[0] = '\0';
	tick(1000);
	assert_string_equal(freeze_of("mpxtest.slice/vm-a.scope"), "1");
	/* the entry goes in a reload: thawed, and its rule deleted */
	load_text("tenants {\n\ttenant {\n\t\tname vm-b\n\t\tcgroup mpxtest.slice/vm-b.scope\n\t}\n}\n");
	mpxd_tenants_reconfigured(&d);
	tick(10);
	assert_string_equal(freeze_of("mpxtest.slice/vm-a.scope"), "0");
	assert_int_equal(d.tenants.nr_cg, 1);
	assert_string_equal(d.tenants.cg[0].entry, "vm-b");
	tick(1000);
	expect_sent("tenant del %llu", (unsigned long long)ida);
}

static void never_freezes_mpxd(void **state)
{
	tick(0);
	snprintf(d.tenants.self, sizeof(d.tenants.self), "mpxtest.slice/vm-a.scope/daemon");
	set_activity(ida, 5, 0);
	paths_usable(false);
	tick(10);
	assert_string_equal(freeze_of("mpxtest.slice/vm-a.scope"), "0");
	assert_int_equal(d.tenants.cg[0].state, MPXD_TENANT_THAWED_TIMEOUT);
	expect_sent("tenant set %llu weight=300 prio=0 nopath=fail", (unsigned long long)ida);
}

static int hook_runs(void)
{
	char path[128], line[256];
	FILE *f;
	int n = 0, i;

	for (i = 0; i < 500 && d.tenants.nr_hooks; i++) {
		usleep(10000);
		mpxd_tenant_hooks_reap(&d);
	}
	assert_int_equal(d.tenants.nr_hooks, 0);
	snprintf(path, sizeof(path), "%s/hook.out", base);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		n += !strcmp(line, "---\n");
	fclose(f);
	return n;
}

static void hook_once_per_episode(void **state)
{
	char path[128], want[1024], got[1024] = "";
	size_t len;
	FILE *f;
	int i;

	tick(0);
	set_activity(idb, 1, 0);
	paths_usable(false);
	for (i = 0; i < 5; i++)
		tick(1000);
	assert_int_equal(hook_runs(), 1);
	snprintf(want, sizeof(want),
		 "MPX_CGROUP=%s/mpxtest.slice/vm-b.scope\nMPX_CGROUP_ID=%llu\nMPX_MAP=m1\n"
		 "MPX_REASON=no_path\nMPX_TENANT=vm-b\nMPX_WWID=3600140512345678\n"
		 "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nLEAKED=\n---\n",
		 root, (unsigned long long)idb);
	snprintf(path, sizeof(path), "%s/hook.out", base);
	f = fopen(path, "r");
	len = fread(got, 1, sizeof(got) - 1, f);
	got[len] = '\0';
	fclose(f);
	assert_string_equal(got, want);
	/* vm-b is not suspended (on_failover none) and stays running */
	assert_int_equal(d.tenants.cg[1].state, MPXD_TENANT_RUNNING);
	assert_string_equal(freeze_of("mpxtest.slice/vm-b.scope"), "0");

	/* a path back ends the episode; losing it again starts another */
	paths_usable(true);
	tick(10);
	tick(1000);
	assert_int_equal(hook_runs(), 1);
	paths_usable(false);
	tick(10);
	tick(1000);
	assert_int_equal(hook_runs(), 2);
}

/* suspend and migrate: frozen first, the hook after the timeout. */
static void hook_after_timeout(void **state)
{
	char path[128], line[256];
	bool reason = false;
	FILE *f;

	load_config("\ttenant {\n\t\tname vm-b\n\t\tcgroup \"mpxtest.slice/vm-b.scope\"\n"
		    "\t\ton_failover suspend\n\t\tsuspend_timeout 2\n\t\ton_no_path migrate\n"
		    "\t\tfailover_freeze_delay 0\n\t}\n");
	mpxd_tenants_reconfigured(&d);
	tick(0);
	set_activity(idb, 1, 0);
	paths_usable(false);
	tick(10);
	assert_string_equal(freeze_of("mpxtest.slice/vm-b.scope"), "1");
	assert_int_equal(hook_runs(), 0);
	tick(2000);
	assert_string_equal(freeze_of("mpxtest.slice/vm-b.scope"), "0");
	assert_int_equal(hook_runs(), 1);
	snprintf(path, sizeof(path), "%s/hook.out", base);
	f = fopen(path, "r");
	while (fgets(line, sizeof(line), f))
		reason |= !strcmp(line, "MPX_REASON=failover_timeout\n");
	fclose(f);
	assert_true(reason);
}

/*
 * failover_freeze_delay: a tenant whose only I/O waits in the no-path
 * queue (it completed none on this table) is frozen once it has waited
 * that long, and thawed as soon as that I/O flows.
 */
static void freeze_after_delay(void **state)
{
	load_config("\ttenant {\n\t\tname vm-b\n\t\tcgroup \"mpxtest.slice/vm-b.scope\"\n"
		    "\t\ton_failover suspend\n\t\tfailover_freeze_delay 1.5\n\t}\n");
	mpxd_tenants_reconfigured(&d);
	tick(0);
	fk.failover = "nopath";
	set_held(idb, 4, 300);
	paths_usable(false);
	tick(10);
	assert_int_equal(d.tenants.cg[1].state, MPXD_TENANT_RUNNING);
	assert_int_equal(mpxd_tenant_held_for(&d, &d.tenants.cg[1], now_ms), 310);
	/* a held tenant's map is looked at again soon, not in a second */
	assert_int_equal(d.tenants.next_look, now_ms + 200);
	tick(1000);
	assert_string_equal(freeze_of("mpxtest.slice/vm-b.scope"), "0");
	tick(200);
	assert_string_equal(freeze_of("mpxtest.slice/vm-b.scope"), "1");
	assert_int_equal(d.tenants.cg[1].state, MPXD_TENANT_FROZEN);
	/* vm-a completed nothing and holds nothing: not a user of the map */
	assert_string_equal(freeze_of("mpxtest.slice/vm-a.scope"), "0");
	tick(200);
	assert_string_equal(freeze_of("mpxtest.slice/vm-b.scope"), "1");
	/* a path is back and the held I/O went out: thawed at the next look */
	fk.failover = NULL;
	set_held(idb, 0, 0);
	paths_usable(true);
	tick(10);
	assert_string_equal(freeze_of("mpxtest.slice/vm-b.scope"), "0");
	assert_int_equal(d.tenants.cg[1].state, MPXD_TENANT_RUNNING);
	assert_int_equal(mpxd_tenant_held_for(&d, &d.tenants.cg[1], now_ms), -1);
	assert_int_equal(d.tenants.next_look, 0);
}

/*
 * Held with paths usable (a group activation): frozen after the delay
 * although the map has a path, thawed when the I/O moves; I/O held for
 * a shorter time freezes nothing.
 */
static void freeze_while_activating(void **state)
{
	tick(0);
	load_config("\ttenant {\n\t\tname vm-b\n\t\tcgroup \"mpxtest.slice/vm-b.scope\"\n"
		    "\t\ton_failover suspend\n\t\tfailover_freeze_delay 1\n\t}\n");
	mpxd_tenants_reconfigured(&d);
	tick(1000);
	set_activity(idb, 100, 0);
	fk.failover = "activation";
	set_held(idb, 2, 100);
	/* a path failed (a dm event): mpxd looks at once, not at the next poll */
	p[0].kernel_active = false;
	tick(10);
	assert_int_equal(mpxd_tenant_held_for(&d, &d.tenants.cg[1], now_ms), 110);
	assert_string_equal(freeze_of("mpxtest.slice/vm-b.scope"), "0");
	/* it moved: held again, but from now */
	set_held(idb, 2, 0);
	tick(200);
	tick(200);
	assert_string_equal(freeze_of("mpxtest.slice/vm-b.scope"), "0");
	set_held(idb, 2, 900);
	tick(200);
	assert_string_equal(freeze_of("mpxtest.slice/vm-b.scope"), "1");
	assert_int_equal(d.tenants.cg[1].state, MPXD_TENANT_FROZEN);
	fk.failover = NULL;
	set_held(idb, 0, 0);
	tick(200);
	assert_string_equal(freeze_of("mpxtest.slice/vm-b.scope"), "0");
	assert_int_equal(d.tenants.cg[1].state, MPXD_TENANT_RUNNING);
	/* on_failover none: held, never frozen */
	load_config(vm_b);
	mpxd_tenants_reconfigured(&d);
	set_held(idb, 2, 5000);
	tick(1000);
	tick(200);
	assert_string_equal(freeze_of("mpxtest.slice/vm-b.scope"), "0");
}

static void show(void **state)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f;

	set_activity(idb, 42, 0);
	tick(0);
	tick(1000);
	f = open_memstream(&out, &len);
	assert_int_equal(mpxd_tenants_show(&d, false, f), 0);
	fclose(f);
	assert_non_null(strstr(out, "vm-a "));
	assert_non_null(strstr(out, "mpxtest.slice/vm-b.scope"));
	assert_non_null(strstr(out, "running"));
	assert_non_null(strstr(out, "map m1: weight 1 prio 0"));
	assert_non_null(strstr(out, "ios 42 "));
	assert_non_null(strstr(out, "waiting 0 held 0 held_ms 0 served 8:0=0,8:16=42"));
	free(out);
	out = NULL;
	f = open_memstream(&out, &len);
	assert_int_equal(mpxd_tenants_show(&d, true, f), 0);
	fclose(f);
	assert_non_null(strstr(out, "{\"tenants\":[{\"name\":\"vm-a\",\"cgroup\":\"mpxtest.slice/vm-a.scope\",\"cgroups\":[{\"path\":\"mpxtest.slice/vm-a.scope\""));
	assert_non_null(strstr(out, "\"state\":\"running\""));
	assert_non_null(strstr(out, "\"ios\":42,"));
	assert_non_null(strstr(out, "\"held\":0,\"held_ms\":0,\"served\":{\"8:0\":0,\"8:16\":42}"));
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(programs_maps, setup, teardown),
		cmocka_unit_test_setup_teardown(budget_and_stale_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(cgroups_come_and_go, setup, teardown),
		cmocka_unit_test_setup_teardown(target_without_tenants, setup, teardown),
		cmocka_unit_test_setup_teardown(nothing_to_program, setup, teardown),
		cmocka_unit_test_setup_teardown(busy_map, setup, teardown),
		cmocka_unit_test_setup_teardown(freeze_thaw_timeout, setup, teardown),
		cmocka_unit_test_setup_teardown(thaw_at_stop_and_reconfigure, setup, teardown),
		cmocka_unit_test_setup_teardown(never_freezes_mpxd, setup, teardown),
		cmocka_unit_test_setup_teardown(hook_once_per_episode, setup, teardown),
		cmocka_unit_test_setup_teardown(hook_after_timeout, setup, teardown),
		cmocka_unit_test_setup_teardown(freeze_after_delay, setup, teardown),
		cmocka_unit_test_setup_teardown(freeze_while_activating, setup, teardown),
		cmocka_unit_test_setup_teardown(show, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
