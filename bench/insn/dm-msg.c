// SPDX-License-Identifier: GPL-2.0-only
/*
 * dm-msg: send many target messages in one run. Each line of standard
 * input is "MAP MESSAGE...", sent to sector 0 of MAP with the
 * DM_TARGET_MSG ioctl, as "dmsetup message MAP 0 MESSAGE..." would. The
 * bench sets a thousand tenant rules per map: one dmsetup exec each costs
 * 0.1 s or more under TCG, this costs a system call.
 *
 * Stops at the first message the target refuses, naming its line. Exit
 * status: 0, 1 on a refused message, 2 on bad input.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/dm-ioctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define BUF_SIZE (16 * 1024)

int main(int argc, char **argv)
{
	static char buf[BUF_SIZE];
	struct dm_ioctl *io = (struct dm_ioctl *)buf;
	struct dm_target_msg *msg;
	char line[4096], *map, *text, *nl;
	unsigned long lineno = 0;
	int fd;

	if (argc != 1) {
		fprintf(stderr, "usage: dm-msg < lines of \"MAP MESSAGE...\"\n");
		return 2;
	}
	fd = open("/dev/mapper/control", O_RDWR);
	if (fd < 0) {
		fprintf(stderr, "dm-msg: /dev/mapper/control: %s\n", strerror(errno));
		return 2;
	}
	while (fgets(line, sizeof(line), stdin)) {
		lineno++;
		nl = strchr(line, '\n');
		if (!nl) {
			fprintf(stderr, "dm-msg: line %lu: too long\n", lineno);
			return 2;
		}
		*nl = '\0';
		map = line;
		text = strchr(line, ' ');
		if (!text || text == line || strlen(map) >= DM_NAME_LEN) {
			fprintf(stderr, "dm-msg: line %lu: want \"MAP MESSAGE...\"\n", lineno);
			return 2;
		}
		*text++ = '\0';
		memset(buf, 0, sizeof(*io) + sizeof(*msg));
		io->version[0] = DM_VERSION_MAJOR;
		io->data_size = BUF_SIZE;
		io->data_start = sizeof(*io);
		strcpy(io->name, map);
		msg = (struct dm_target_msg *)(buf + io->data_start);
		msg->sector = 0;
		if (strlen(text) + 1 > BUF_SIZE - io->data_start - sizeof(*msg)) {
			fprintf(stderr, "dm-msg: line %lu: message too long\n", lineno);
			return 2;
		}
		strcpy(msg->message, text);
		if (ioctl(fd, DM_TARGET_MSG, io) < 0) {
			fprintf(stderr, "dm-msg: line %lu: %s: \"%s\": %s\n", lineno, map, text,
				strerror(errno));
			return 1;
		}
	}
	return 0;
}
