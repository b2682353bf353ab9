// SPDX-License-Identifier: GPL-2.0-only
/*
 * The tenants tests' fixture (tenants-fixture.h says what it offers).
 * mpx_dm_message is wrapped: the fake target parses every message with
 * the target's own parser (dm-target/core/tenant-parse.c) and keeps the
 * rules it sets; the __wrap_ function here becomes a -Wl,--wrap= option of
 * every test built with this file.
 */
#include <errno.h>
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

#include "tenants-fixture.h"
#include "ctl/ctl.h"
#include "mpxd.h"
#include "tenants/tenants.h"
#include "parse.h"
#include "tenant-parse.h"

/* ---- the fake target ---- */

struct fake_target fk;

static struct {
	uint64_t id, ios, waiting, held;
	uint64_t held_start; /* when its held I/O last moved (now_ms) */
} act[4];
char sent[64][512];
int nr_sent, nr_stats;

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

	fprintf(f,
		"group 1 state A selector service-time paths 2 usable 2\n"
		"path 8:0 group 1 state A fail_count 0 ios 0 bytes 0 in_flight 0 path_errors 0 target_errors 0\n");
	if (fk.has_tn) {
		fprintf(f, "tenants %d budget %u in_flight 0 waiting 0 failover %s\n", fk.nr,
			fk.budget, fk.failover ? fk.failover : "none");
		fprintf(f,
			"tenant default weight 100 prio 0 iops 0 bps 0 affinity none nopath queue ios 0 bytes 0 deferred 0 deferred_us 0 in_flight 0 waiting 0 served 8:0=0,8:16=0\n");
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

int find_rule(uint64_t id)
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

uint64_t now_ms;

uint64_t mpxd_now(void)
{
	return now_ms;
}

void mpxd_json_str(FILE *f, const char *s)
{
	fprintf(f, "\"%s\"", s);
}

/* ---- the fixture ---- */

char base[64], root[128];
struct mpxd d;
struct mpxd_map map;
struct mpxd_path p[2];
uint64_t ida, idb;
static struct mpxd_map *maps[1] = { &map };
static struct mpxd_path *mps[2];

void mkcg(const char *rel)
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

uint64_t ino(const char *rel)
{
	char path[512];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	assert_int_equal(stat(path, &st), 0);
	return st.st_ino;
}

const char *freeze_of(const char *rel)
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

void load_text(const char *text)
{
	struct conf_error err;

	mpx_config_free(&d.config);
	if (mpx_config_add_text(&d.config, "t.conf", text, strlen(text), &err)) {
		print_error("%s:%u: %s\n", err.file, err.line, err.msg);
		fail();
	}
}

void load_config(const char *extra)
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

const char vm_b[] = "\ttenant {\n\t\tname vm-b\n\t\tcgroup \"mpxtest.slice/vm-*.scope\"\n"
		    "\t\tpath_affinity \"paths sdb\"\n\t\ton_no_path migrate\n\t}\n";

static void write_hook(void)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/hook.sh", base);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f,
		"#!/bin/sh\n"
		"{ env | grep '^MPX_' | sort; echo \"PATH=$PATH\"; echo \"LEAKED=${LEAKED:-}\";"
		" echo ---; } >> %s/hook.out\n",
		base);
	fclose(f);
	assert_int_equal(chmod(path, 0755), 0);
}

int setup(void **state)
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
	d.tenants.self[0] = '\0'; /* the test's own cgroup is none of these */
	return 0;
}

int teardown(void **state)
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

int count_sent(const char *prefix)
{
	int i, n = 0;

	for (i = 0; i < nr_sent; i++)
		n += !strncmp(sent[i], prefix, strlen(prefix));
	return n;
}

void expect_sent(const char *fmt, ...)
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

void tick(uint64_t advance_ms)
{
	now_ms += advance_ms;
	mpxd_tenants_tick(&d, now_ms);
}

void set_activity(uint64_t id, uint64_t ios, uint64_t waiting)
{
	int i;

	for (i = 0; i < 4 && act[i].id && act[i].id != id; i++)
		;
	act[i].id = id;
	act[i].ios = ios;
	act[i].waiting = waiting;
}

void set_held(uint64_t id, uint64_t held, uint64_t held_ms)
{
	int i;

	for (i = 0; i < 4 && act[i].id && act[i].id != id; i++)
		;
	act[i].id = id;
	act[i].held = held;
	act[i].held_start = now_ms - held_ms;
}

void paths_usable(bool on)
{
	p[0].kernel_active = p[1].kernel_active = on;
}
