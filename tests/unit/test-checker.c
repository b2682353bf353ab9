// SPDX-License-Identifier: GPL-2.0-only
/*
 * The SG checkers' verdicts, with open() and the SG_IO seam faked: each
 * test queues the outcomes the "device" gives, in order.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "checkers/checker.h"
#include "config.h"
#include "seams/sg-seam.h"

int __wrap_open(const char *path, int flags, ...)
{
	check_expected(path);
	errno = (int)mock_type(int);
	return errno ? -1 : 42;
}

int __wrap_close(int fd)
{
	assert_int_equal(fd, 42);
	return 0;
}

int __wrap_mpx_sg_cmd(int fd, const uint8_t *cdb, size_t cdb_len, enum mpx_sg_dir dir,
		      void *buf, size_t len, unsigned int timeout_ms,
		      struct mpx_sg_result *ret)
{
	const struct mpx_sg_result *r = mock_ptr_type(const struct mpx_sg_result *);

	check_expected(cdb[0]);
	assert_int_equal(timeout_ms, 3000);
	if (!r)
		return -ENXIO;	/* the ioctl did not reach the device */
	*ret = *r;
	return 0;
}

static const struct mpx_sg_result good = { 0 };
static const struct mpx_sg_result ua = { .status = 2, .sense_key = 6, .asc = 0x29 };
static const struct mpx_sg_result standby = { .status = 2, .sense_key = 2, .asc = 4, .ascq = 0x0b };
static const struct mpx_sg_result unavailable = { .status = 2, .sense_key = 2, .asc = 4, .ascq = 0x0c };
static const struct mpx_sg_result timeout = { .timed_out = true };
static const struct mpx_sg_result transport = { .host_status = 1 };
static const struct mpx_sg_result medium = { .status = 2, .sense_key = 3, .asc = 0x11 };

static void expect_cmd(uint8_t opcode, const struct mpx_sg_result *r)
{
	expect_value(__wrap_mpx_sg_cmd, cdb[0], opcode);
	will_return(__wrap_mpx_sg_cmd, r);
}

static struct mpx_check_report rep;

static enum mpx_path_state tur(char *msg)
{
	enum mpx_path_state st;

	expect_string(__wrap_open, path, "/dev/sdq");
	will_return(__wrap_open, 0);
	st = mpx_check(MPX_CHECKER_TUR, "sdq", 3000, &rep);
	strcpy(msg, rep.msg);
	return st;
}

static void tur_verdicts(void **state)
{
	char msg[96];

	expect_cmd(0x00, &good);
	assert_int_equal(tur(msg), MPX_PATH_UP);
	assert_string_equal(msg, "ok");
	assert_false(rep.have_sense);
	/* a unit attention is asked again once; the report keeps it for a policy */
	expect_cmd(0x00, &ua);
	expect_cmd(0x00, &good);
	assert_int_equal(tur(msg), MPX_PATH_UP);
	assert_true(rep.have_sense);
	assert_int_equal(rep.sense.sense_key, 6);
	assert_int_equal(rep.sense.asc, 0x29);
	expect_cmd(0x00, &ua);
	expect_cmd(0x00, &ua);
	assert_int_equal(tur(msg), MPX_PATH_DOWN);
	/* ALUA standby is a ghost; unavailable is down */
	expect_cmd(0x00, &standby);
	assert_int_equal(tur(msg), MPX_PATH_GHOST);
	assert_string_equal(msg, "target port in standby");
	expect_cmd(0x00, &unavailable);
	assert_int_equal(tur(msg), MPX_PATH_DOWN);
	expect_cmd(0x00, &timeout);
	assert_int_equal(tur(msg), MPX_PATH_DOWN);
	assert_string_equal(msg, "timed out");
	expect_cmd(0x00, &transport);
	assert_int_equal(tur(msg), MPX_PATH_DOWN);
	expect_cmd(0x00, &medium);
	assert_int_equal(tur(msg), MPX_PATH_DOWN);
	assert_string_equal(msg, "status 0x02 sense 3/11/00");
	expect_cmd(0x00, NULL);
	assert_int_equal(tur(msg), MPX_PATH_DOWN);
	assert_non_null(strstr(msg, "not delivered"));
}

static void unopenable(void **state)
{
	char msg[96];

	expect_string(__wrap_open, path, "/dev/sdq");
	will_return(__wrap_open, ENXIO);
	assert_int_equal(mpx_check(MPX_CHECKER_TUR, "sdq", 3000, &rep), MPX_PATH_DOWN);
	assert_non_null(strstr(rep.msg, "cannot open /dev/sdq"));
	(void)msg;
}

static void readsector0(void **state)
{
	char msg[96];

	expect_string(__wrap_open, path, "/dev/sdq");
	will_return(__wrap_open, 0);
	expect_cmd(0x28, &good);
	assert_int_equal(mpx_check(MPX_CHECKER_READSECTOR0, "sdq", 3000, &rep), MPX_PATH_UP);
	expect_string(__wrap_open, path, "/dev/sdq");
	will_return(__wrap_open, 0);
	expect_cmd(0x28, &medium);
	assert_int_equal(mpx_check(MPX_CHECKER_READSECTOR0, "sdq", 3000, &rep), MPX_PATH_DOWN);
	(void)msg;
}

static void none(void **state)
{
	char msg[96];

	assert_int_equal(mpx_check(MPX_CHECKER_NONE, "sdq", 3000, &rep), MPX_PATH_UP);
	(void)msg;
	assert_string_equal(mpx_checker_name(MPX_CHECKER_DIRECTIO), "directio");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tur_verdicts),
		cmocka_unit_test(unopenable),
		cmocka_unit_test(readsector0),
		cmocka_unit_test(none),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
