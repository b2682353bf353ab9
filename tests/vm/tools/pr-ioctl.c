// SPDX-License-Identifier: GPL-2.0-only
/*
 * pr-ioctl: issue one of the block layer's persistent reservation ioctls
 * (<linux/pr.h>) on a block device, as a cluster manager would on a
 * multipath device. The VM scenarios use it to drive reservations through
 * an mpx map and then read the outcome on each path with sg_persist.
 *
 *   pr-ioctl register DEV OLDKEY NEWKEY [ignore]
 *   pr-ioctl reserve  DEV KEY TYPE
 *   pr-ioctl release  DEV KEY TYPE
 *   pr-ioctl preempt  DEV KEY VICTIM_KEY TYPE [abort]
 *   pr-ioctl clear    DEV KEY
 *
 * Keys are decimal or hex (0x...). Exit status: 0 done, 1 the device
 * refused the request (errno or SCSI status printed), 2 bad usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/pr.h>

struct pr_type_name {
	const char *name;
	enum pr_type type;
};

static const struct pr_type_name pr_types[] = {
	{ "write-exclusive", PR_WRITE_EXCLUSIVE },
	{ "exclusive-access", PR_EXCLUSIVE_ACCESS },
	{ "write-exclusive-reg-only", PR_WRITE_EXCLUSIVE_REG_ONLY },
	{ "exclusive-access-reg-only", PR_EXCLUSIVE_ACCESS_REG_ONLY },
	{ "write-exclusive-all-regs", PR_WRITE_EXCLUSIVE_ALL_REGS },
	{ "exclusive-access-all-regs", PR_EXCLUSIVE_ACCESS_ALL_REGS },
};

/* One parsed command line: which ioctl, and its argument block. */
struct pr_request {
	const char *verb;
	const char *dev;
	unsigned long cmd;
	union {
		struct pr_registration reg;
		struct pr_reservation rsv;
		struct pr_preempt pre;
		struct pr_clear clr;
	} arg;
};

static void usage(FILE *f)
{
	size_t i;

	fputs("Usage: pr-ioctl COMMAND DEVICE ARGS...\n"
	      "\n"
	      "Commands (one ioctl each, see <linux/pr.h>):\n"
	      "  register DEV OLDKEY NEWKEY [ignore]       IOC_PR_REGISTER; NEWKEY 0 unregisters,\n"
	      "                                            ignore sets PR_FL_IGNORE_KEY\n"
	      "  reserve  DEV KEY TYPE                     IOC_PR_RESERVE\n"
	      "  release  DEV KEY TYPE                     IOC_PR_RELEASE\n"
	      "  preempt  DEV KEY VICTIM_KEY TYPE [abort]  IOC_PR_PREEMPT (_ABORT): remove\n"
	      "                                            VICTIM_KEY's registrations, take the\n"
	      "                                            reservation as KEY with TYPE\n"
	      "  clear    DEV KEY                          IOC_PR_CLEAR\n"
	      "\n"
	      "KEY: decimal or hex (0x...), 64 bits.\n"
	      "TYPE:", f);
	for (i = 0; i < sizeof(pr_types) / sizeof(pr_types[0]); i++)
		fprintf(f, " %s", pr_types[i].name);
	fputs(" (or 1-6)\n"
	      "\n"
	      "Exit status: 0 done, 1 refused by the device, 2 bad usage.\n", f);
}

/* Parse a 64-bit key: decimal, or hex with a 0x prefix. Returns 0/-errno. */
static int parse_key(const char *s, uint64_t *ret)
{
	unsigned long long v;
	int base = 10;
	char *end;

	if (!strncmp(s, "0x", 2) || !strncmp(s, "0X", 2)) {
		base = 16;
		s += 2;
	}
	/* strtoull accepts a sign and blanks; a key has neither */
	if (*s < '0' || (*s > '9' && base == 10) ||
	    (base == 16 && !strchr("0123456789abcdefABCDEF", *s)))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, base);
	if (errno)
		return -errno;
	if (*end)
		return -EINVAL;
	*ret = v;
	return 0;
}

/* A reservation type by name or number (1-6). Returns 0/-EINVAL. */
static int parse_type(const char *s, uint32_t *ret)
{
	size_t i;

	for (i = 0; i < sizeof(pr_types) / sizeof(pr_types[0]); i++) {
		if (!strcmp(s, pr_types[i].name) ||
		    (s[0] == '0' + (int)pr_types[i].type && !s[1])) {
			*ret = pr_types[i].type;
			return 0;
		}
	}
	return -EINVAL;
}

static int key_arg(const char *what, const char *s, uint64_t *ret)
{
	int r = parse_key(s, ret);

	if (r)
		fprintf(stderr, "pr-ioctl: invalid %s \"%s\": %s\n", what, s,
			r == -ERANGE ? "more than 64 bits" :
			"not a decimal or 0x-prefixed hex number");
	return r;
}

static int type_arg(const char *s, uint32_t *ret)
{
	int r = parse_type(s, ret);

	if (r)
		fprintf(stderr, "pr-ioctl: invalid reservation type \"%s\" (try --help)\n", s);
	return r;
}

/* An optional trailing flag word: absent, or exactly @word. */
static int flag_arg(int argc, char **argv, int at, const char *word, bool *ret)
{
	*ret = argc > at;
	if (*ret && strcmp(argv[at], word)) {
		fprintf(stderr, "pr-ioctl: %s: unexpected argument \"%s\" (only \"%s\" may be there)\n",
			argv[0], argv[at], word);
		return -EINVAL;
	}
	return 0;
}

static int parse_register(int argc, char **argv, struct pr_request *req)
{
	bool ignore;
	uint64_t k;
	int r;

	req->cmd = IOC_PR_REGISTER;
	r = key_arg("old key", argv[2], &k);
	if (r)
		return r;
	req->arg.reg.old_key = k;
	r = key_arg("new key", argv[3], &k);
	if (r)
		return r;
	req->arg.reg.new_key = k;
	r = flag_arg(argc, argv, 4, "ignore", &ignore);
	if (r)
		return r;
	req->arg.reg.flags = ignore ? PR_FL_IGNORE_KEY : 0;
	return 0;
}

static int parse_reservation(int argc, char **argv, struct pr_request *req)
{
	uint64_t k;
	int r;

	req->cmd = strcmp(argv[0], "reserve") ? IOC_PR_RELEASE : IOC_PR_RESERVE;
	r = key_arg("key", argv[2], &k);
	if (r)
		return r;
	req->arg.rsv.key = k;
	return type_arg(argv[3], &req->arg.rsv.type);
}

static int parse_preempt(int argc, char **argv, struct pr_request *req)
{
	bool abort_io;
	uint64_t k;
	int r;

	r = key_arg("key", argv[2], &k);
	if (r)
		return r;
	req->arg.pre.old_key = k;
	r = key_arg("victim key", argv[3], &k);
	if (r)
		return r;
	req->arg.pre.new_key = k;
	r = type_arg(argv[4], &req->arg.pre.type);
	if (r)
		return r;
	r = flag_arg(argc, argv, 5, "abort", &abort_io);
	if (r)
		return r;
	req->cmd = abort_io ? IOC_PR_PREEMPT_ABORT : IOC_PR_PREEMPT;
	return 0;
}

static int parse_clear(int argc, char **argv, struct pr_request *req)
{
	uint64_t k;
	int r;

	req->cmd = IOC_PR_CLEAR;
	r = key_arg("key", argv[2], &k);
	if (r)
		return r;
	req->arg.clr.key = k;
	return 0;
}

/* The commands; argc counts the command word, the device and the rest. */
static const struct pr_command {
	const char *verb;
	const char *synopsis;
	int min_argc, max_argc;
	int (*parse)(int argc, char **argv, struct pr_request *req);
} commands[] = {
	{ "register", "DEV OLDKEY NEWKEY [ignore]", 4, 5, parse_register },
	{ "reserve", "DEV KEY TYPE", 4, 4, parse_reservation },
	{ "release", "DEV KEY TYPE", 4, 4, parse_reservation },
	{ "preempt", "DEV KEY VICTIM_KEY TYPE [abort]", 5, 6, parse_preempt },
	{ "clear", "DEV KEY", 3, 3, parse_clear },
};

/* argv[0] is the command word, argv[1] the device. Returns 0/-errno. */
static int parse(int argc, char **argv, struct pr_request *req)
{
	size_t i;

	memset(req, 0, sizeof(*req));
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		const struct pr_command *c = &commands[i];

		if (strcmp(argv[0], c->verb))
			continue;
		if (argc < c->min_argc || argc > c->max_argc) {
			fprintf(stderr, "pr-ioctl: %s: wrong number of arguments: expected %s %s\n",
				c->verb, c->verb, c->synopsis);
			return -EINVAL;
		}
		req->verb = c->verb;
		req->dev = argv[1];
		return c->parse(argc, argv, req);
	}
	fprintf(stderr, "pr-ioctl: unknown command \"%s\" (try --help)\n", argv[0]);
	return -EINVAL;
}

static const char *scsi_status_name(unsigned int status)
{
	switch (status) {
	case 0x02:
		return "check condition";
	case 0x08:
		return "busy";
	case 0x18:
		return "reservation conflict";
	case 0x28:
		return "task set full";
	default:
		return "unexpected status";
	}
}

/*
 * Run the ioctl. Returns 0, a negative errno, or >0: the SCSI result the
 * disk driver handed back (sd returns the command's result as is, e.g.
 * 0x18 for a reservation conflict).
 */
static int run(const struct pr_request *req)
{
	int fd, r;

	fd = open(req->dev, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		r = -errno;
		fprintf(stderr, "pr-ioctl: cannot open device \"%s\": %s\n",
			req->dev, strerror(-r));
		return r;
	}
	r = ioctl(fd, req->cmd, &req->arg);
	if (r < 0)
		r = -errno;
	close(fd);
	if (r < 0)
		fprintf(stderr, "pr-ioctl: %s on %s failed: %s\n", req->verb,
			req->dev, strerror(-r));
	else if (r > 0)
		fprintf(stderr, "pr-ioctl: %s on %s failed: SCSI result 0x%x (status 0x%02x, %s)\n",
			req->verb, req->dev, (unsigned int)r, r & 0xff,
			scsi_status_name(r & 0xff));
	else
		printf("pr-ioctl: %s on %s done\n", req->verb, req->dev);
	return r;
}

int main(int argc, char **argv)
{
	struct pr_request req;
	int r;

	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		usage(stdout);
		return 0;
	}
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	r = parse(argc - 1, argv + 1, &req);
	if (r)
		return 2;
	return run(&req) ? 1 : 0;
}
