// SPDX-License-Identifier: GPL-2.0-only
/*
 * A disk's WWID from sysfs alone (maps/discover.c mpx_path_read_wwid),
 * what mpx-udev asks of every disk when a new path looks for its LUN's
 * other paths: on a sysfs tree made here, the answers that send it to the
 * full read and the ones that let it skip the disk.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "maps/paths.h"
#include "seams/path-attrs.h"

/* discover.c's full read is not what is tested: it must not be reached */
int mpx_udev_read_path(struct udev *u, const char *syspath, struct mpx_path_attrs *ret)
{
	fail_msg("full read of %s", syspath);
	return -ENODEV;
}

int mpx_sg_inquiry_vpd(int fd, uint8_t page, uint8_t *buf, size_t len, unsigned int timeout_ms,
		       size_t *ret_len)
{
	fail_msg("INQUIRY sent");
	return -EIO;
}

int mpx_sg_inquiry(int fd, bool evpd, uint8_t page, uint8_t *buf, size_t len,
		   unsigned int timeout_ms, size_t *ret_len)
{
	fail_msg("INQUIRY sent");
	return -EIO;
}

/* page 0x83 with an NAA 6 designator of the LUN, as scsi_debug and LIO give */
static const uint8_t naa83[] = {
	0x00, 0x83, 0x00, 0x14, 0x01, 0x03, 0x00, 0x10, 0x60, 0x01, 0x40, 0x5a,
	0xbc, 0xde, 0xf0, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 0x12,
};
/* page 0x83 naming only the port (association 1): no LUN designator */
static const uint8_t port83[] = {
	0x00, 0x83, 0x00, 0x0c, 0x01, 0x93, 0x00, 0x08,
	0x50, 0x01, 0x40, 0x50, 0x00, 0x00, 0x00, 0xa1,
};

static char root[] = "/tmp/mpx-path-wwid-XXXXXX";

static void put(const char *disk, const char *attr, const void *data, size_t len)
{
	char file[256];
	int fd;

	snprintf(file, sizeof(file), "%s/%s/device", root, disk);
	mkdir(file, 0755);	/* the disk's own folder comes first */
	snprintf(file, sizeof(file), "%s/%s/device/%s", root, disk, attr);
	fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
}

static void disk(const char *name)
{
	char dir[256];

	snprintf(dir, sizeof(dir), "%s/%s", root, name);
	assert_int_equal(mkdir(dir, 0755), 0);
}

static int setup(void **state)
{
	static const char inq[36] = { 0x00, 0x00, 0x06, 0x12 };

	assert_non_null(mkdtemp(root));
	disk("sda");
	put("sda", "inquiry", inq, sizeof(inq));
	put("sda", "vpd_pg83", naa83, sizeof(naa83));
	disk("sdb");	/* a SCSI disk whose kernel kept no page 0x83 */
	put("sdb", "inquiry", inq, sizeof(inq));
	disk("sdc");	/* one whose page names no LUN: the WWID comes from page 0x80 */
	put("sdc", "inquiry", inq, sizeof(inq));
	put("sdc", "vpd_pg83", port83, sizeof(port83));
	disk("nvme0n1");	/* not SCSI: a device folder without INQUIRY data */
	put("nvme0n1", "model", "x\n", 2);
	disk("dm-0");	/* no device at all */
	return 0;
}

static int teardown(void **state)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) ? -1 : 0;
}

static int wwid_of(const char *name, char *wwid, size_t len)
{
	char syspath[256];

	snprintf(syspath, sizeof(syspath), "%s/%s", root, name);
	wwid[0] = '\0';
	return mpx_path_read_wwid(syspath, wwid, len);
}

static void lun_designator_names_it(void **state)
{
	char w[MPX_WWID_MAX];

	assert_int_equal(wwid_of("sda", w, sizeof(w)), 0);
	assert_string_equal(w, "36001405abcdef0123456789abcdef012");
}

static void scsi_without_it_wants_the_full_read(void **state)
{
	char w[MPX_WWID_MAX];

	assert_int_equal(wwid_of("sdb", w, sizeof(w)), -ENODATA);
	assert_int_equal(wwid_of("sdc", w, sizeof(w)), -ENODATA);
}

static void not_scsi_is_skipped(void **state)
{
	char w[MPX_WWID_MAX];

	assert_int_equal(wwid_of("nvme0n1", w, sizeof(w)), -ENODEV);
	assert_int_equal(wwid_of("dm-0", w, sizeof(w)), -ENODEV);
	assert_int_equal(wwid_of("gone", w, sizeof(w)), -ENODEV);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lun_designator_names_it),
		cmocka_unit_test(scsi_without_it_wants_the_full_read),
		cmocka_unit_test(not_scsi_is_skipped),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
