// SPDX-License-Identifier: GPL-2.0-only
/*
 * mpx-udev: what mpx's udev rule (56-mpx.rules) asks, answered as mpxd
 * would, from what mpxd keeps on disk, so that it holds at boot before
 * mpxd runs (as "multipath -u" does for multipath-tools):
 *
 *   mpx-udev path sdX     is sdX a path mpxd takes (or will take)? Prints
 *                         DM_MULTIPATH_DEVICE_PATH=1 (or 0) and MPX_WWID.
 *                         The rule then hides it from LVM, systemd, blkid
 *                         and mdadm.
 *   mpx-udev map MAJ MIN  is the dm device an mpx map, and may it be
 *                         opened (a path usable)? Prints MPX_MAP=1 and
 *                         MPX_MAP_READY=1 (or 0); exit status 1 if the
 *                         device is not an mpx map.
 *
 * A path is taken when mpxd's config does not exclude it (blacklists,
 * product_blacklist: conf/claim.c, the code mpxd itself asks) and its LUN
 * is in a map already, or find_multipaths lets it have one: the WWID is in
 * wwids_file (it had a map before), or another eligible path of the LUN is
 * there. A config that does not load takes nothing: mpxd would not start.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "base/cleanup.h"
#include "conf/config.h"
#include "conf/parse.h"
#include "maps/paths.h"
#include "maps/wwids.h"
#include "seams/alua.h"
#include "seams/dm-seam.h"
#include "seams/dm-status.h"
#include "seams/path-attrs.h"
#include "seams/udev-seam.h"

#define SYSFS_BLOCK "/sys/class/block"

static int usage(FILE *f, int status)
{
	fputs("Usage: mpx-udev [-c FILE] [--config-dir DIR] path DEVNAME\n"
	      "       mpx-udev map MAJOR MINOR\n",
	      f);
	return status;
}

/* A small text attribute under /sys/class/block/<dev>/, trimmed; "" if none. */
static void block_attr(const char *dev, const char *attr, char *buf, size_t len)
{
	_cleanup_close_ int fd = -1;
	char file[512];
	ssize_t n;

	buf[0] = '\0';
	snprintf(file, sizeof(file), SYSFS_BLOCK "/%s/%s", dev, attr);
	fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = read(fd, buf, len - 1);
	buf[n > 0 ? n : 0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
}

/* Held by a multipath map already (mpxd's, or multipathd's). */
static bool in_a_map(const char *dev)
{
	_cleanup_closedir_ DIR *dir = NULL;
	char holders[512], uuid[160];
	struct dirent *e;

	snprintf(holders, sizeof(holders), SYSFS_BLOCK "/%s/holders", dev);
	dir = opendir(holders);
	while (dir && (e = readdir(dir))) {
		if (strncmp(e->d_name, "dm-", 3))
			continue;
		block_attr(e->d_name, "dm/uuid", uuid, sizeof(uuid));
		if (!strncmp(uuid, "mpath-", 6) || !strncmp(uuid, "mpx-", 4))
			return true;
	}
	return false;
}

static bool eligible(const struct mpx_config *c, const struct mpx_path_attrs *a)
{
	struct mpx_path_id id = {
		.devnode = a->devnode,
		.wwid = a->wwid,
		.vendor = a->vendor,
		.product = a->product,
		.protocol = a->protocol,
		.properties = (const char *const *)a->props,
	};
	char why[160];

	return mpx_conf_path_eligible(c, &id, why, sizeof(why));
}

/*
 * Eligible SCSI disks that name the LUN wwid, self included, up to two
 * (all find_multipaths asks): at first boot every new path asks this, so
 * each disk is first only asked its WWID (at 1024 paths, reading them all
 * in full kept udev busy for over half an hour under TCG).
 */
static size_t paths_of(struct udev *u, const struct mpx_config *c, const char *wwid,
		       unsigned int timeout)
{
	char **list = NULL, other[MPX_WWID_MAX];
	struct mpx_path_attrs a;
	size_t n = 0, i, found = 0;
	int r;

	if (mpx_udev_list_disks(u, &list, &n))
		return 1;
	for (i = 0; i < n && found < 2; i++) {
		r = mpx_path_read_wwid(list[i], other, sizeof(other));
		if (r == -ENODEV || (!r && strcmp(other, wwid)))
			continue;
		if (mpx_path_read(u, list[i], timeout, &a))
			continue;
		found += !strcmp(a.wwid, wwid) && eligible(c, &a);
		mpx_path_attrs_free(&a);
	}
	mpx_udev_list_free(list, n);
	return found ? found : 1;
}

static bool takes(struct udev *u, const struct mpx_config *c, const struct mpx_path_attrs *a,
		  unsigned int timeout)
{
	const char *file = mpx_conf_get(c, OPT_WWIDS_FILE, NULL, NULL).s;
	long long find = mpx_conf_get(c, OPT_FIND_MULTIPATHS, NULL, NULL).i;
	char why[160];
	bool known;

	if (!eligible(c, a))
		return false;
	if (in_a_map(a->devnode))
		return true;
	known = mpx_wwids_has(file, a->wwid) > 0;
	if (mpx_conf_wants_map(c, a->wwid, known, 1, why, sizeof(why)))
		return true;
	/* find_multipaths yes: a second path of the LUN makes a map */
	return find != MPX_FIND_STRICT &&
	       mpx_conf_wants_map(c, a->wwid, known, paths_of(u, c, a->wwid, timeout), why,
				  sizeof(why));
}

static int path_cmd(const struct mpx_config *c, const char *dev)
{
	unsigned int timeout = (unsigned int)mpx_conf_get(c, OPT_CHECKER_TIMEOUT, NULL, NULL).i;
	struct mpx_path_attrs a;
	struct udev *u = NULL;
	char syspath[512];
	bool take = false;
	int r;

	if (!strncmp(dev, "/dev/", 5))
		dev += 5;
	if (strchr(dev, '/'))
		return usage(stderr, 2);
	snprintf(syspath, sizeof(syspath), SYSFS_BLOCK "/%s", dev);
	r = mpx_udev_open(&u);
	if (!r)
		r = mpx_path_read(u, syspath, timeout, &a);
	if (!r) {
		take = a.wwid[0] && takes(u, c, &a, timeout);
		printf("DM_MULTIPATH_DEVICE_PATH=%d\n", take);
		if (a.wwid[0])
			printf("MPX_WWID=%s\n", a.wwid);
		mpx_path_attrs_free(&a);
	} else {
		printf("DM_MULTIPATH_DEVICE_PATH=0\n");
	}
	mpx_udev_close(u);
	return 0;
}

/* A path the target counts as active, but whose port refuses I/O (ALUA standby...). */
static bool port_refuses(const char *devno)
{
	char file[128], state[64] = "";
	_cleanup_close_ int fd = -1;
	ssize_t n;

	snprintf(file, sizeof(file), "/sys/dev/block/%s/device/access_state", devno);
	fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, state, sizeof(state) - 1);
	state[n > 0 ? n : 0] = '\0';
	switch (mpx_alua_parse(state)) {
	case MPX_ALUA_STANDBY:
	case MPX_ALUA_UNAVAILABLE:
	case MPX_ALUA_OFFLINE:
		return true;
	default:
		return false;
	}
}

static int map_cmd(const char *major, const char *minor)
{
	char *status = NULL, *uuid, name[32], buf[160];
	struct mpx_status s;
	unsigned int i;
	bool ready = false;
	int r;

	r = mpx_dm_status_by_devno((uint32_t)strtoul(major, NULL, 10),
				   (uint32_t)strtoul(minor, NULL, 10), &status);
	if (r)
		return 1;	/* not an mpx map: multipath-tools' rules judge it */
	r = mpx_status_parse(status, &s);
	free(status);
	if (r)
		return 1;
	for (i = 0; i < s.nr_paths; i++)
		ready |= s.paths[i].active && !port_refuses(s.paths[i].dev);
	mpx_status_free(&s);
	printf("MPX_MAP=1\nMPX_MAP_READY=%d\n", ready);
	/* the LUN's names, for /dev/disk/by-id links that beat the paths' */
	snprintf(name, sizeof(name), "dm-%s", minor);
	block_attr(name, "dm/uuid", buf, sizeof(buf));
	uuid = strchr(buf, '-');
	if (uuid && uuid[1]) {
		printf("MPX_WWID=%s\n", uuid + 1);
		if (uuid[1] == '3')
			printf("MPX_WWN=0x%s\n", uuid + 2);
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "config-dir", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *file = MPX_CONF_FILE, *dir = MPX_CONF_DIR;
	struct mpx_config c = { 0 };
	struct conf_error err = { 0 };
	int o, r;

	while ((o = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
		switch (o) {
		case 'c':
			file = optarg;
			break;
		case 'D':
			dir = optarg;
			break;
		case 'h':
			return usage(stdout, 0);
		default:
			return usage(stderr, 2);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 3 && !strcmp(argv[0], "map"))
		return map_cmd(argv[1], argv[2]);
	if (argc != 2 || strcmp(argv[0], "path"))
		return usage(stderr, 2);
	r = mpx_config_load_mpxd(&c, file, dir, &err);
	if (r) {
		/* mpxd will not start with it: take nothing, say why in udev's log */
		fprintf(stderr, "mpx-udev: %s:%u: %s\n", err.file, err.line, err.msg);
		printf("DM_MULTIPATH_DEVICE_PATH=0\n");
		mpx_config_free(&c);
		return 0;
	}
	r = path_cmd(&c, argv[1]);
	mpx_config_free(&c);
	return r;
}
