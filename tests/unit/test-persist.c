// SPDX-License-Identifier: GPL-2.0-only
/*
 * mpxd's side of reservations (maps/persist.c): a path that joins its map
 * (found at start, added later, reinstated: all through
 * mpxd_persist_path_back) gets the map's key registered through it only
 * when the LUN still carries the key; a map without a key costs no SCSI
 * command; the key is recorded in the prkeys file, and refused against a
 * configured one. The commands through one path are faked
 * (__wrap_mpx_pr_in, __wrap_mpx_pr_out).
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "conf/prkeys.h"
#include "maps/map-policy.h"
#include "maps/persist.h"
#include "mpxd.h"
#include "parse.h"
#include "pr/pr-key.h"
#include "pr/pr-run.h"
#include "pr/pr-scsi.h"

/* The keys the LUN carries (READ KEYS answers them), and what was sent. */
static uint64_t lun_keys[4];
static size_t nr_lun_keys;
static int reads, registers;
static char last_register[64];

enum mpx_pr_code __wrap_mpx_pr_in(const char *dev, int sa, uint8_t *buf, size_t len,
				  size_t *ret_got, struct mpx_pr_outcome *ret)
{
	size_t i, j, n = 8 + 8 * nr_lun_keys;

	assert_int_equal(sa, MPX_PRIN_READ_KEYS);
	assert_true(len >= n);
	reads++;
	memset(buf, 0, n);
	buf[7] = (uint8_t)(8 * nr_lun_keys);
	for (i = 0; i < nr_lun_keys; i++)
		for (j = 0; j < 8; j++)
			buf[8 + 8 * i + j] = (uint8_t)(lun_keys[i] >> (56 - 8 * j));
	*ret_got = n;
	if (ret)
		*ret = (struct mpx_pr_outcome){ .code = MPX_PR_OK };
	return MPX_PR_OK;
}

enum mpx_pr_code __wrap_mpx_pr_out(const char *dev, int sa, unsigned int type, uint64_t rk,
				   uint64_t sark, bool aptpl, struct mpx_pr_outcome *ret)
{
	assert_int_equal(sa, MPX_PROUT_REGISTER_IGNORE);
	registers++;
	snprintf(last_register, sizeof(last_register), "%s %llx%s", dev, (unsigned long long)sark,
		 aptpl ? " aptpl" : "");
	if (ret)
		*ret = (struct mpx_pr_outcome){ .code = MPX_PR_OK };
	return MPX_PR_OK;
}

/* What persist.c calls above it, outside this test's subject: no policy module. */
bool mpxd_policy_has(struct mpxd_policy *p, int hook)
{
	return false;
}
void mpxd_wire_device(const struct mpxd_map *m, struct mpxw_device *w)
{
	fail();
}
void mpxd_wire_path(const struct mpxd_path *p, struct mpxw_path *w)
{
	fail();
}
int mpxd_policy_call(struct mpxd_plugins *pl, struct mpxd_policy *p, int hook, const void *req,
		     uint32_t req_len, void *rep, uint32_t rep_len, unsigned int timeout_ms)
{
	fail();
	return -ENOSYS;
}

static struct mpxd d;
static struct mpxd_map map;
static struct mpxd_path p[3], *mps[3] = { &p[0], &p[1], &p[2] };
static char dir[] = "/tmp/mpx-persist.XXXXXX", file[64];

static int setup(void **state)
{
	char text[256];
	struct conf_error err;
	int i;

	assert_non_null(mkdtemp(dir));
	snprintf(file, sizeof(file), "%s/prkeys", dir);
	memset(&d, 0, sizeof(d));
	memset(&map, 0, sizeof(map));
	mpx_log_init(&d.log, "test", LOG_CRIT);
	snprintf(text, sizeof(text), "defaults {\n prkeys_file \"%s\"\n}\n", file);
	assert_int_equal(mpx_config_add_text(&d.config, "t.conf", text, strlen(text), &err), 0);
	for (i = 0; i < 3; i++) {
		memset(&p[i], 0, sizeof(p[i]));
		snprintf(p[i].a.devnode, sizeof(p[i].a.devnode), "sd%c", 'a' + i);
		snprintf(p[i].a.devno, sizeof(p[i].a.devno), "8:%d", 16 * i);
		p[i].state = MPX_PATH_UP;
		p[i].kernel_active = true;
		p[i].map = &map;
	}
	snprintf(map.name, sizeof(map.name), "n1");
	snprintf(map.wwid, sizeof(map.wwid), "3600a0");
	map.opts.v[OPT_RESERVATION_KEY].s = "file";
	map.paths = mps;
	map.nr_paths = 3;
	nr_lun_keys = 0;
	reads = registers = 0;
	last_register[0] = '\0';
	return 0;
}

static int teardown(void **state)
{
	mpx_config_free(&d.config);
	unlink(file);
	rmdir(dir);
	strcpy(dir, "/tmp/mpx-persist.XXXXXX");
	return 0;
}

/* No key: no SCSI command at all, whichever way a path joins. */
static void no_key_nothing_sent(void **state)
{
	mpxd_persist_map_joined(&d, &map);
	mpxd_persist_path_back(&d, &p[0]);
	assert_int_equal(reads + registers, 0);
}

/* The LUN carries the key (another node's registration of it would do too): registered. */
static void joining_paths_registered(void **state)
{
	char why[128];

	assert_int_equal(mpxd_persist_set_key(&d, &map, 0x1a, true, why, sizeof(why)), 0);
	lun_keys[nr_lun_keys++] = 0x2b;
	lun_keys[nr_lun_keys++] = 0x1a;
	/* mpxd start over a map already there: every usable path not yet registered */
	p[1].state = MPX_PATH_DOWN;
	p[2].kernel_active = false;
	mpxd_persist_map_joined(&d, &map);
	assert_int_equal(registers, 1);
	assert_string_equal(last_register, "/dev/sda 1a aptpl");
	assert_true(p[0].pr_registered);
	/* once registered, the next sync sends nothing */
	reads = registers = 0;
	mpxd_persist_map_joined(&d, &map);
	assert_int_equal(reads + registers, 0);
	/* reinstated, and added (after a table load): the same call */
	p[1].state = MPX_PATH_UP;
	mpxd_persist_path_back(&d, &p[1]);
	p[2].kernel_active = true;
	mpxd_persist_path_back(&d, &p[2]);
	assert_int_equal(registers, 2);
	assert_string_equal(last_register, "/dev/sdc 1a aptpl");
}

/* After a fence the LUN has no key of ours: a joining path gets nothing. */
static void fenced_nothing_registered(void **state)
{
	char why[128];

	assert_int_equal(mpxd_persist_set_key(&d, &map, 0x1a, false, why, sizeof(why)), 0);
	lun_keys[nr_lun_keys++] = 0x2b;
	mpxd_persist_map_joined(&d, &map);
	assert_int_equal(reads, 3);
	assert_int_equal(registers, 0);
	assert_false(p[0].pr_registered);
}

/* The prkeys file records the key; a new key makes every path unregistered again. */
static void key_recorded(void **state)
{
	struct mpx_pr_mapkey k;
	char why[128];

	assert_int_equal(mpxd_persist_set_key(&d, &map, 0x1a, false, why, sizeof(why)), 0);
	assert_int_equal(mpxd_persist_map_key(&d, &map, &k), 0);
	assert_true(k.key == 0x1a && k.file && !k.aptpl);
	p[0].pr_registered = true;
	assert_int_equal(mpxd_persist_set_key(&d, &map, 0x3c, false, why, sizeof(why)), 0);
	assert_false(p[0].pr_registered);
	assert_int_equal(mpxd_persist_map_key(&d, &map, &k), 0);
	assert_true(k.key == 0x3c);
	assert_int_equal(mpxd_persist_set_key(&d, &map, 0, false, why, sizeof(why)), 0);
	assert_int_equal(mpxd_persist_map_key(&d, &map, &k), 0);
	assert_true(k.key == 0);
	/* a configured key is the map's: another is refused, and the file untouched */
	map.opts.v[OPT_RESERVATION_KEY].s = "0x5e";
	assert_int_equal(mpxd_persist_set_key(&d, &map, 0x1a, false, why, sizeof(why)),
			 -EKEYREJECTED);
	assert_non_null(strstr(why, "reservation_key 0x5e"));
	assert_int_equal(mpxd_persist_map_key(&d, &map, &k), 0);
	assert_true(k.key == 0x5e && k.fixed);
}

/*
 * "mpxctl persist register" through the usable paths: those are mpxd's
 * registrations, and a sync sends nothing more (a path that loses its
 * registration later is the reservation hook's); the skipped one still
 * gets the key when it joins. An unregister undoes it.
 */
static void registered_by_command(void **state)
{
	struct mpx_pr_path out[3];
	char why[128];

	assert_int_equal(mpxd_persist_set_key(&d, &map, 0x1a, false, why, sizeof(why)), 0);
	lun_keys[nr_lun_keys++] = 0x1a;
	p[2].kernel_active = false;
	mpxd_persist_registered(&d, &map, out, mpxd_pr_paths(&map, out, 3), 0x1a);
	assert_true(p[0].pr_registered && p[1].pr_registered);
	assert_false(p[2].pr_registered);
	mpxd_persist_map_joined(&d, &map);
	assert_int_equal(reads + registers, 0);
	p[2].kernel_active = true;
	mpxd_persist_map_joined(&d, &map);
	assert_int_equal(registers, 1);
	assert_string_equal(last_register, "/dev/sdc 1a");
	/* another key than the map's, or none: not the map's registration */
	mpxd_persist_registered(&d, &map, out, mpxd_pr_paths(&map, out, 3), 0x2b);
	assert_false(p[0].pr_registered);
	p[0].pr_registered = true;
	mpxd_persist_registered(&d, &map, out, mpxd_pr_paths(&map, out, 3), 0);
	assert_false(p[0].pr_registered || p[1].pr_registered || p[2].pr_registered);
}

/* The paths as pr/ takes them: usable when active in the target and not found down. */
static void pr_paths(void **state)
{
	struct mpx_pr_path out[3];

	p[1].state = MPX_PATH_DOWN;
	p[2].kernel_active = false;
	assert_int_equal(mpxd_pr_paths(&map, out, 3), 3);
	assert_string_equal(out[0].name, "sda");
	assert_string_equal(out[2].devno, "8:32");
	assert_true(out[0].usable);
	assert_false(out[1].usable);
	assert_false(out[2].usable);
	assert_int_equal(mpxd_pr_paths(&map, out, 2), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(no_key_nothing_sent, setup, teardown),
		cmocka_unit_test_setup_teardown(joining_paths_registered, setup, teardown),
		cmocka_unit_test_setup_teardown(fenced_nothing_registered, setup, teardown),
		cmocka_unit_test_setup_teardown(registered_by_command, setup, teardown),
		cmocka_unit_test_setup_teardown(key_recorded, setup, teardown),
		cmocka_unit_test_setup_teardown(pr_paths, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
