// SPDX-License-Identifier: GPL-2.0-only
/*
 * One mpathpersist request through a map's paths (pr/pr-run.c), with the
 * commands through one path faked (__wrap_mpx_pr_out, __wrap_mpx_pr_in):
 * which paths each service action goes through, a failed path skipped
 * and said so, a refusing path named with a non-zero code, the key
 * recorded before anything is sent and dropped after, and nothing sent
 * for a map without a usable path or a command without the map's key.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "pr/pr-args.h"
#include "pr/pr-run.h"
#include "pr/pr-scsi.h"

/* What happened, in order: "out /dev/sda sa=0 rk=0 sark=1a", "in /dev/sdb sa=1", "set 1a". */
static char events[16][96];
static int nr_events;
/* What each disk answers: a code per device (index by the letter), for OUT and IN. */
static enum mpx_pr_code answer[3];
/* The reservation READ RESERVATION returns after a release: held by this key (0: none). */
static uint64_t held_by;
static int set_result;

static void event(const char *fmt, ...)
{
	va_list ap;

	assert_true(nr_events < 16);
	va_start(ap, fmt);
	vsnprintf(events[nr_events++], sizeof(events[0]), fmt, ap);
	va_end(ap);
}

static int disk(const char *dev)
{
	assert_true(!strncmp(dev, "/dev/sd", 7) && dev[7] >= 'a' && dev[7] <= 'c' && !dev[8]);
	return dev[7] - 'a';
}

enum mpx_pr_code __wrap_mpx_pr_out(const char *dev, int sa, unsigned int type, uint64_t rk,
				   uint64_t sark, bool aptpl, struct mpx_pr_outcome *ret)
{
	struct mpx_pr_outcome o = { .code = answer[disk(dev)] };

	event("out %s sa=%d type=%u rk=%llx sark=%llx%s", dev, sa, type, (unsigned long long)rk,
	      (unsigned long long)sark, aptpl ? " aptpl" : "");
	if (o.code == MPX_PR_CONFLICT)
		o.status = 0x18;
	if (ret)
		*ret = o;
	return o.code;
}

enum mpx_pr_code __wrap_mpx_pr_in(const char *dev, int sa, uint8_t *buf, size_t len,
				  size_t *ret_got, struct mpx_pr_outcome *ret)
{
	struct mpx_pr_outcome o = { .code = answer[disk(dev)] };
	int i;

	event("in %s sa=%d", dev, sa);
	memset(buf, 0, len);
	buf[3] = 7;
	if (sa == MPX_PRIN_READ_RESERVATION && held_by) {
		buf[7] = 16;
		for (i = 0; i < 8; i++)
			buf[8 + i] = (uint8_t)(held_by >> (56 - 8 * i));
		buf[21] = 5;
	}
	*ret_got = len < 24 ? len : 24;
	if (ret)
		*ret = o;
	return o.code;
}

static int set_key(void *data, uint64_t key, bool aptpl, char *why, size_t len)
{
	event("set %llx%s", (unsigned long long)key, aptpl ? " aptpl" : "");
	if (set_result)
		snprintf(why, len, "the file is read-only");
	return set_result;
}

static const struct mpx_pr_path paths[3] = {
	{ "sda", "8:0", true },
	{ "sdb", "8:16", true },
	{ "sdc", "8:32", false },
};
static const struct mpx_pr_map map = { "n1", paths, 3 };

static char out_text[4096], err_text[4096];

/* Run LINE on the map whose key is k; the events, out_text and err_text say what it did. */
static int run(const char *line, struct mpx_pr_mapkey k)
{
	char copy[256], *argv[16], *save = NULL, *t;
	struct mpx_pr_req q;
	int argc = 0, code;
	FILE *out, *err;
	struct mpx_pr_ctx c = { .prog = "mpxpersist", .key = k, .set_key = set_key };

	snprintf(copy, sizeof(copy), "mpxpersist %s", line);
	for (t = strtok_r(copy, " ", &save); t && argc < 15; t = strtok_r(NULL, " ", &save))
		argv[argc++] = t;
	argv[argc] = NULL;
	assert_int_equal(mpx_pr_args_parse(argc, argv, "mpxpersist", &q, stderr), 0);
	nr_events = 0;
	memset(out_text, 0, sizeof(out_text));
	memset(err_text, 0, sizeof(err_text));
	out = fmemopen(out_text, sizeof(out_text) - 1, "w");
	err = fmemopen(err_text, sizeof(err_text) - 1, "w");
	c.out = out;
	c.err = err;
	code = mpx_pr_execute(&q, &map, &c);
	fclose(out);
	fclose(err);
	return code;
}

static int setup(void **state)
{
	memset(answer, 0, sizeof(answer));
	held_by = 0;
	set_result = 0;
	return 0;
}

static void contains(const char *text, const char *want)
{
	if (!strstr(text, want))
		fail_msg("expected \"%s\" in \"%s\"", want, text);
}

static const struct mpx_pr_mapkey no_key = { 0 }, key_1a = { 0x1a, false, false, false },
				  file_key = { 0, false, false, true };

static void register_every_path(void **state)
{
	assert_int_equal(run("-o --register --param-sark=1a -d n1", no_key), 0);
	/* recorded first, then every usable path; the failed one said so */
	assert_int_equal(nr_events, 3);
	assert_string_equal(events[0], "set 1a");
	assert_string_equal(events[1], "out /dev/sda sa=0 type=0 rk=0 sark=1a");
	assert_string_equal(events[2], "out /dev/sdb sa=0 type=0 rk=0 sark=1a");
	contains(err_text, "mpxpersist: map \"n1\": path sdc (8:32) is failed, skipped");
	assert_string_equal(out_text, "");
	/* -v 2: every path's result */
	assert_int_equal(run("-v 2 -o --register-ignore --param-sark=1a -Z -d n1", key_1a), 0);
	assert_string_equal(events[0], "set 1a aptpl");
	contains(err_text, "register (ignoring the key there) through path sda (8:0): done");
	contains(err_text, "map \"n1\": 2 of 2 paths done");
	/* -v 0: errors only */
	assert_int_equal(run("-v 0 -o --register --param-sark=1a -d n1", no_key), 0);
	assert_string_equal(err_text, "");
}

static void register_refused(void **state)
{
	answer[0] = MPX_PR_CONFLICT;
	answer[1] = MPX_PR_OTHER;
	assert_int_equal(run("-o --register --param-sark=1a -d n1", key_1a), MPX_PR_CONFLICT);
	assert_int_equal(nr_events, 2);
	contains(err_text, "register through path sda (8:0): reservation conflict");
	contains(err_text, "register through path sdb (8:16): SCSI status 0x00");
	assert_string_equal(out_text, "persistent reserve out: scsi status: Reservation Conflict\n"
				      "PR out: command failed\n");
}

static void unregister_failed_path(void **state)
{
	/* a failed path keeps its registration: not done, and said so */
	assert_int_equal(run("-o --register --param-rk=1a --param-sark=0 -d n1", key_1a),
			 MPX_PR_OTHER);
	assert_int_equal(nr_events, 3);
	assert_string_equal(events[2], "set 0");
	contains(err_text, "path sdc (8:32) is failed: its nexus keeps its registration");
	contains(out_text, "PR out: command failed\n");
}

static void one_path_actions(void **state)
{
	/* the first usable path that answers */
	answer[0] = MPX_PR_OTHER;
	assert_int_equal(run("-o --reserve --param-rk=1a --prout-type=5 -d n1", key_1a), 0);
	assert_int_equal(nr_events, 2);
	assert_string_equal(events[0], "out /dev/sda sa=1 type=5 rk=1a sark=0");
	assert_string_equal(events[1], "out /dev/sdb sa=1 type=5 rk=1a sark=0");
	contains(err_text,
		 "reserve through path sda (8:0): SCSI status 0x00, trying the next path");
	/* a conflict is the LUN's answer: no other path is tried */
	answer[0] = MPX_PR_CONFLICT;
	assert_int_equal(
		run("-o --preempt-abort --param-rk=1a --param-sark=2b --prout-type=5 -d n1",
		    key_1a),
		MPX_PR_CONFLICT);
	assert_int_equal(nr_events, 1);
	assert_string_equal(events[0], "out /dev/sda sa=5 type=5 rk=1a sark=2b");
	answer[0] = MPX_PR_OK;
	assert_int_equal(run("-o --clear --param-rk=1a -d n1", key_1a), 0);
	assert_int_equal(nr_events, 2);
	assert_string_equal(events[0], "out /dev/sda sa=3 type=0 rk=1a sark=0");
	assert_string_equal(events[1], "set 0"); /* the key is gone after a clear */
}

static void release(void **state)
{
	/* released through the first path: read back, gone, done */
	assert_int_equal(run("-o --release --param-rk=1a --prout-type=5 -d n1", key_1a), 0);
	assert_int_equal(nr_events, 2);
	assert_string_equal(events[1], "in /dev/sda sa=1");
	/* still held: the holder is another nexus; then no path releases it */
	held_by = 0x1a;
	assert_int_equal(run("-o --release --param-rk=1a --prout-type=5 -d n1", key_1a),
			 MPX_PR_OTHER);
	assert_int_equal(nr_events, 4);
	assert_string_equal(events[2], "out /dev/sdb sa=2 type=5 rk=1a sark=0");
	contains(err_text, "the reservation of key 0x1a is still held");
	contains(out_text, "PR out: command failed");
	/* held by another key: our release did what it could */
	held_by = 0x2b;
	assert_int_equal(run("-o --release --param-rk=1a --prout-type=5 -d n1", key_1a), 0);
}

static void nothing_sent(void **state)
{
	struct mpx_pr_path dead[2] = { { "sda", "8:0", false }, { "sdb", "8:16", false } };
	struct mpx_pr_map dead_map = { "dead", dead, 2 };
	struct mpx_pr_ctx c = { .prog = "mpxpersist", .set_key = set_key };
	struct mpx_pr_req q = { .in = false,
				.sa = MPX_PROUT_REGISTER,
				.sark = 0x1a,
				.verbosity = 1 };
	FILE *err = fmemopen(err_text, sizeof(err_text) - 1, "w");

	nr_events = 0;
	c.out = stdout;
	c.err = err;
	assert_int_equal(mpx_pr_execute(&q, &dead_map, &c), MPX_PR_DMMP);
	fclose(err);
	assert_int_equal(nr_events, 0);
	contains(err_text, "map \"dead\": no usable path (2, every one failed): nothing sent");

	/* not the map's key: nothing recorded, nothing sent */
	assert_int_equal(run("-o --reserve --param-rk=2b --prout-type=5 -d n1", key_1a),
			 MPX_PR_SYNTAX);
	assert_int_equal(nr_events, 0);
	contains(err_text, "is the map's key 0x1a (registered through mpx): nothing sent");

	/* reservation_key "file" and a key that cannot be recorded: refused */
	set_result = -EROFS;
	assert_int_equal(run("-o --register --param-sark=1a -d n1", file_key), MPX_PR_DMMP);
	assert_int_equal(nr_events, 1);
	contains(err_text, "cannot record the key 0x1a: the file is read-only: nothing sent");
	/* without "file", a warning, and the registration goes on */
	assert_int_equal(run("-o --register --param-sark=1a -d n1", no_key), 0);
	assert_int_equal(nr_events, 3);
	contains(err_text, "paths that join later will not get it");
}

static void read_in(void **state)
{
	answer[0] = MPX_PR_OTHER;
	assert_int_equal(run("-i -k -d n1", no_key), 0);
	assert_int_equal(nr_events, 2);
	assert_string_equal(events[1], "in /dev/sdb sa=0");
	assert_string_equal(out_text, "  PR generation=0x7, \t0 registered reservation key.\n");
	/* no key checked or recorded for a read */
	answer[0] = MPX_PR_ILLEGAL;
	assert_int_equal(run("-i -s -d n1", key_1a), MPX_PR_ILLEGAL);
	assert_int_equal(nr_events, 1);
	contains(err_text, "Persistent Reserve IN command failed\n");
	assert_string_equal(out_text, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(register_every_path, setup),
		cmocka_unit_test_setup(register_refused, setup),
		cmocka_unit_test_setup(unregister_failed_path, setup),
		cmocka_unit_test_setup(one_path_actions, setup),
		cmocka_unit_test_setup(release, setup),
		cmocka_unit_test_setup(nothing_sent, setup),
		cmocka_unit_test_setup(read_in, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
