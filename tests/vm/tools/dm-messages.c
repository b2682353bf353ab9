// SPDX-License-Identifier: GPL-2.0-only
/*
 * dm-messages: send many target messages to a map, one per line of standard
 * input, through /dev/mapper/control (DM_TARGET_MSG), as "dmsetup message
 * MAP 0 LINE" would but in one process: scenarios set up a thousand tenant
 * rules in well under a second instead of a thousand dmsetup runs.
 *
 *   dm-messages MAP < lines
 *
 * Exit status: 0 all sent, 1 the target refused one (its line number and
 * errno printed), 2 bad usage or no device-mapper.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/dm-ioctl.h>

#define BUF 16384

int main(int argc, char **argv)
{
	static char buf[BUF] __attribute__((aligned(8)));
	struct dm_ioctl *io = (struct dm_ioctl *)buf;
	struct dm_target_msg *msg;
	char line[4096];
	unsigned long n = 0;
	int fd;

	if (argc != 2 || strlen(argv[1]) >= DM_NAME_LEN) {
		fprintf(stderr, "usage: dm-messages MAP < lines\n");
		return 2;
	}
	fd = open("/dev/mapper/control", O_RDWR);
	if (fd < 0) {
		perror("/dev/mapper/control");
		return 2;
	}
	while (fgets(line, sizeof(line), stdin)) {
		size_t len = strcspn(line, "\n");

		line[len] = '\0';
		n++;
		if (!len)
			continue;
		memset(buf, 0, sizeof(*io) + sizeof(*msg) + len + 1);
		io->version[0] = DM_VERSION_MAJOR;
		io->version[1] = 0;
		io->version[2] = 0;
		io->data_size = BUF;
		io->data_start = sizeof(*io);
		strcpy(io->name, argv[1]);
		msg = (struct dm_target_msg *)(buf + io->data_start);
		msg->sector = 0;
		memcpy(msg->message, line, len + 1);
		if (ioctl(fd, DM_TARGET_MSG, io) < 0) {
			fprintf(stderr, "dm-messages: line %lu \"%s\": %s\n", n, line,
				strerror(errno));
			return 1;
		}
	}
	close(fd);
	return 0;
}
