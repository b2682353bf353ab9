// SPDX-License-Identifier: GPL-2.0-only
/*
 * mpxd-probe: the stopwatch of bench/mpxd. Under TCG every exec of a
 * program from the 9p root costs 0.1-1 s, so a shell loop around dmsetup
 * or mpxctl cannot time anything below a second. This one program polls
 * device-mapper with raw ioctls and the daemons' control sockets itself,
 * every few milliseconds, and changes the path state with the clock
 * already running.
 *
 *   mpxd-probe ready TARGET MAPS PATHS T0 TIMEOUT_S
 *	Wait until MAPS maps of target TARGET each have PATHS paths in their
 *	table. Prints the milliseconds since T0 (a CLOCK_REALTIME stamp in
 *	seconds, bash's $EPOCHREALTIME).
 *   mpxd-probe watch MAP DEV A|F [options]
 *	Wait until path DEV (maj:min) of MAP is active (A) or failed (F).
 *	Prints "dm=MS daemon=MS" (-1: not within the timeout).
 *	--set FILE VALUE  write VALUE to FILE first; the clock starts just
 *	                  before the write
 *	--mpxd SOCK       also wait for mpxd (its "show paths") to agree
 *	--multipathd      also wait for multipathd ("show paths") to agree
 *	--poll-ms N       poll every N ms (default 10)
 *	--timeout-ms N    give up after N ms (default 30000)
 *   mpxd-probe iofail MAP [--mpxd SOCK | --multipathd] [--poll-ms N]
 *	[--timeout-ms N]
 *	Read MAP with O_DIRECT in a thread, take the path serving the I/O
 *	offline (scsi_device state), and time the kernel's failing it and
 *	the daemon's showing it failed. Prints "dev=DEV klog=MS dm=MS
 *	daemon=MS ios=N errors=N": klog from the kernel log's timestamps
 *	(exact), dm and daemon from polling (-1: not seen).
 *
 * Exit status: 0 when every condition was met, 1 on a timeout, 2 on bad
 * arguments or a system error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/dm-ioctl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define MULTIPATHD_SOCKET "/org/kernel/linux/storage/multipathd"
#define MAX_PATHS 64

static int dm_fd = -1;

static void die(const char *fmt, const char *arg)
{
	fprintf(stderr, "mpxd-probe: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	exit(2);
}

static int64_t now_ms(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void nap_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

/*
 * One device-mapper ioctl. Returns a malloc'd buffer (struct dm_ioctl and
 * its data) grown until the answer fits, or NULL with errno set.
 */
static struct dm_ioctl *dm_call(unsigned long cmd, const char *name, uint32_t flags)
{
	size_t size = 16384;

	if (dm_fd < 0) {
		dm_fd = open("/dev/mapper/control", O_RDWR | O_CLOEXEC);
		if (dm_fd < 0)
			die("cannot open /dev/mapper/control: %s", strerror(errno));
	}
	for (;;) {
		struct dm_ioctl *io = calloc(1, size);

		if (!io)
			return NULL;
		io->version[0] = DM_VERSION_MAJOR;
		io->data_size = (uint32_t)size;
		io->data_start = sizeof(*io);
		io->flags = flags;
		if (name)
			snprintf(io->name, sizeof(io->name), "%s", name);
		if (ioctl(dm_fd, cmd, io) < 0) {
			int e = errno;

			free(io);
			errno = e;
			return NULL;
		}
		if (!(io->flags & DM_BUFFER_FULL_FLAG))
			return io;
		free(io);
		size *= 4;
	}
}

/*
 * The target type and parameters (table or status) of a one-target map,
 * copied into type/params. Returns 0, or -1 (no such map, or not one target).
 */
static int dm_params(const char *name, bool table, char *type, size_t tlen, char *params,
		     size_t plen)
{
	struct dm_ioctl *io = dm_call(DM_TABLE_STATUS, name,
				      table ? DM_STATUS_TABLE_FLAG : 0);
	struct dm_target_spec *t;
	int r = -1;

	if (!io)
		return -1;
	if (io->target_count == 1) {
		t = (struct dm_target_spec *)((char *)io + io->data_start);
		snprintf(type, tlen, "%s", t->target_type);
		snprintf(params, plen, "%s", (char *)(t + 1));
		r = 0;
	}
	free(io);
	return r;
}

/* Paths in a multipath-style table line: the words that look like maj:min. */
static unsigned int table_paths(const char *params)
{
	unsigned int n = 0, a, b;
	char word[64];
	int used;

	while (sscanf(params, "%63s%n", word, &used) == 1) {
		char tail;

		if (sscanf(word, "%u:%u%c", &a, &b, &tail) == 2)
			n++;
		params += used;
	}
	return n;
}

/* How many maps of this target type have exactly `paths` paths. */
static unsigned int count_ready(const char *target, unsigned int want_maps, unsigned int paths)
{
	struct dm_ioctl *io = dm_call(DM_LIST_DEVICES, NULL, 0);
	struct dm_name_list *n;
	unsigned int total = 0, ready = 0;
	char type[DM_MAX_TYPE_NAME], params[8192];

	if (!io)
		return 0;
	n = (struct dm_name_list *)((char *)io + io->data_start);
	/* count the maps first: reading every table is only worth it at the end */
	if (n->dev) {
		for (struct dm_name_list *c = n;; c = (void *)((char *)c + c->next)) {
			total++;
			if (!c->next)
				break;
		}
	}
	if (total >= want_maps && n->dev) {
		for (;; n = (void *)((char *)n + n->next)) {
			if (!dm_params(n->name, true, type, sizeof(type), params, sizeof(params)) &&
			    !strcmp(type, target) && table_paths(params) == paths)
				ready++;
			if (!n->next)
				break;
		}
	}
	free(io);
	return ready;
}

static int cmd_ready(int argc, char **argv)
{
	unsigned int maps, paths;
	double t0, timeout;
	int64_t start, end;

	if (argc != 6)
		die("usage: ready TARGET MAPS PATHS T0 TIMEOUT_S%s", "");
	maps = (unsigned int)strtoul(argv[2], NULL, 10);
	paths = (unsigned int)strtoul(argv[3], NULL, 10);
	t0 = strtod(argv[4], NULL);
	timeout = strtod(argv[5], NULL);
	start = (int64_t)(t0 * 1000);
	end = now_ms(CLOCK_REALTIME) + (int64_t)(timeout * 1000);
	while (count_ready(argv[1], maps, paths) < maps) {
		if (now_ms(CLOCK_REALTIME) > end) {
			printf("-1\n");
			return 1;
		}
		nap_ms(100);
	}
	printf("%lld\n", (long long)(now_ms(CLOCK_REALTIME) - start));
	return 0;
}

/* A path's state in the map's status: 'A', 'F', or 0 (not found). */
static char dm_path_state(const char *map, const char *dev)
{
	char type[DM_MAX_TYPE_NAME], st[8192], *p, *save = NULL;

	if (dm_params(map, false, type, sizeof(type), st, sizeof(st)))
		return 0;
	for (p = strtok_r(st, " ", &save); p; p = strtok_r(NULL, " ", &save)) {
		if (!strcmp(p, dev)) {
			p = strtok_r(NULL, " ", &save);
			return p && (*p == 'A' || *p == 'F') ? *p : 0;
		}
	}
	return 0;
}

/*
 * The path serving I/O: the first active path of the group the status
 * marks A. Returns 0 and fills dev, or -1 while no group is marked yet.
 */
static int dm_active_path(const char *map, char *dev, size_t len)
{
	char type[DM_MAX_TYPE_NAME], st[8192], *w[4096];
	unsigned int n = 0, i, k, g, ngroups, npaths, nwords, pwords;
	char *save = NULL, *p;

	if (dm_params(map, false, type, sizeof(type), st, sizeof(st)))
		return -1;
	for (p = strtok_r(st, " ", &save); p && n < 4096; p = strtok_r(NULL, " ", &save))
		w[n++] = p;
	/* <#features> <features> <#hw> <hw words> <#groups> <next group> */
	i = 0;
	if (i >= n)
		return -1;
	i += 1 + (unsigned int)atoi(w[i]);
	if (i >= n)
		return -1;
	i += 1 + (unsigned int)atoi(w[i]);
	if (i + 1 >= n)
		return -1;
	ngroups = (unsigned int)atoi(w[i]);
	i += 2;
	for (g = 0; g < ngroups && i + 1 < n; g++) {
		/* <A|E|D> <#words> <words> <#paths> <#path words> {<dev> <A|F> <count> <words>} */
		char state = w[i][0];

		nwords = (unsigned int)atoi(w[i + 1]);
		i += 2 + nwords;
		if (i + 1 >= n)
			return -1;
		npaths = (unsigned int)atoi(w[i]);
		pwords = (unsigned int)atoi(w[i + 1]);
		i += 2;
		for (k = 0; k < npaths && i + 1 < n; k++, i += 3 + pwords) {
			if (state == 'A' && w[i + 1][0] == 'A') {
				snprintf(dev, len, "%s", w[i]);
				return 0;
			}
		}
	}
	return -1;
}

/* Send a request and read the whole reply; returns a malloc'd string or NULL. */
static char *ask_mpxd(const char *sock)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	static const char req[] = "show paths\n";
	size_t len = 0, cap = 65536;
	char *buf = malloc(cap + 1);
	ssize_t r;
	int fd;

	if (!buf)
		return NULL;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", sock);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    write(fd, req, sizeof(req) - 1) != (ssize_t)(sizeof(req) - 1))
		goto fail;
	while ((r = read(fd, buf + len, cap - len)) > 0) {
		len += (size_t)r;
		if (len == cap) {
			char *tmp = realloc(buf, cap * 2 + 1);

			if (!tmp)
				goto fail;
			buf = tmp;
			cap *= 2;
		}
	}
	close(fd);
	buf[len] = '\0';
	return buf;
fail:
	if (fd >= 0)
		close(fd);
	free(buf);
	return NULL;
}

static int full_io(int fd, void *buf, size_t len, bool out)
{
	size_t done = 0;
	ssize_t r;

	while (done < len) {
		r = out ? write(fd, (char *)buf + done, len - done) :
			  read(fd, (char *)buf + done, len - done);
		if (r <= 0)
			return -1;
		done += (size_t)r;
	}
	return 0;
}

/* multipathd's socket (libmpathcmd): a size_t length, then the text with its NUL. */
static char *ask_multipathd(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	static const char req[] = "show paths";
	size_t len = sizeof(req), rlen;
	socklen_t alen;
	char *buf = NULL;
	int fd;

	sa.sun_path[0] = '\0';
	memcpy(sa.sun_path + 1, MULTIPATHD_SOCKET, strlen(MULTIPATHD_SOCKET));
	alen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(MULTIPATHD_SOCKET));
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, alen) < 0 ||
	    full_io(fd, &len, sizeof(len), true) || full_io(fd, (void *)req, len, true) ||
	    full_io(fd, &rlen, sizeof(rlen), false) || rlen > (64u << 20))
		goto out;
	buf = malloc(rlen + 1);
	if (buf && full_io(fd, buf, rlen, false)) {
		free(buf);
		buf = NULL;
	}
	if (buf)
		buf[rlen] = '\0';
out:
	if (fd >= 0)
		close(fd);
	return buf;
}

/*
 * A path's state as the daemon shows it: 'A' (active), 'F' (failed) or 0.
 * mpxctl and multipathd print the same leading columns: hctl, dev, dev_t,
 * prio, dm_st.
 */
static char daemon_path_state(const char *mpxd_sock, bool multipathd, const char *dev)
{
	char *reply = multipathd ? ask_multipathd() : ask_mpxd(mpxd_sock);
	char *line, *save = NULL, f[5][64], st = 0;

	if (!reply)
		return 0;
	for (line = strtok_r(reply, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (sscanf(line, "%63s %63s %63s %63s %63s", f[0], f[1], f[2], f[3], f[4]) != 5 ||
		    strcmp(f[2], dev))
			continue;
		st = !strcmp(f[4], "active") ? 'A' : !strcmp(f[4], "failed") ? 'F' : 0;
		break;
	}
	free(reply);
	return st;
}

struct opts {
	const char *set_file, *set_value, *mpxd;
	bool multipathd;
	unsigned int poll_ms, timeout_ms;
};

static int parse_opts(int argc, char **argv, int first, struct opts *o)
{
	int i;

	o->poll_ms = 10;
	o->timeout_ms = 30000;
	for (i = first; i < argc; i++) {
		if (!strcmp(argv[i], "--set") && i + 2 < argc) {
			o->set_file = argv[++i];
			o->set_value = argv[++i];
		} else if (!strcmp(argv[i], "--mpxd") && i + 1 < argc) {
			o->mpxd = argv[++i];
		} else if (!strcmp(argv[i], "--multipathd")) {
			o->multipathd = true;
		} else if (!strcmp(argv[i], "--poll-ms") && i + 1 < argc) {
			o->poll_ms = (unsigned int)strtoul(argv[++i], NULL, 10);
		} else if (!strcmp(argv[i], "--timeout-ms") && i + 1 < argc) {
			o->timeout_ms = (unsigned int)strtoul(argv[++i], NULL, 10);
		} else {
			die("unknown or incomplete option '%s'", argv[i]);
		}
	}
	return 0;
}

/* One write of VALUE and a newline (sysfs' scsi_device state wants it). */
static void write_file(const char *file, const char *value)
{
	char buf[128];
	int fd = open(file, O_WRONLY | O_CLOEXEC), n;

	n = snprintf(buf, sizeof(buf), "%s\n", value);
	if (fd < 0 || n >= (int)sizeof(buf) || write(fd, buf, (size_t)n) != n)
		die("cannot write %s", file);
	close(fd);
}

/*
 * Poll until the kernel (and the daemon, if asked) show `dev` in state
 * `want`. The times are in ms since t0 (CLOCK_MONOTONIC), -1 if not seen.
 */
static int poll_state(const char *map, const char *dev, char want, const struct opts *o,
		      int64_t t0, long long *ret_dm, long long *ret_daemon)
{
	bool daemon = o->mpxd || o->multipathd;
	int64_t t;

	*ret_dm = -1;
	*ret_daemon = -1;
	for (;;) {
		if (*ret_dm < 0 && dm_path_state(map, dev) == want)
			*ret_dm = now_ms(CLOCK_MONOTONIC) - t0;
		if (daemon && *ret_daemon < 0 &&
		    daemon_path_state(o->mpxd, o->multipathd, dev) == want)
			*ret_daemon = now_ms(CLOCK_MONOTONIC) - t0;
		t = now_ms(CLOCK_MONOTONIC) - t0;
		if (*ret_dm >= 0 && (!daemon || *ret_daemon >= 0))
			return 0;
		if (t > o->timeout_ms)
			return 1;
		nap_ms(o->poll_ms);
	}
}

static int cmd_watch(int argc, char **argv)
{
	struct opts o = { 0 };
	long long dm, daemon;
	int64_t t0;
	int r;

	if (argc < 4 || (strcmp(argv[3], "A") && strcmp(argv[3], "F")))
		die("usage: watch MAP DEV A|F [options]%s", "");
	parse_opts(argc, argv, 4, &o);
	t0 = now_ms(CLOCK_MONOTONIC);
	if (o.set_file)
		write_file(o.set_file, o.set_value);
	r = poll_state(argv[1], argv[2], argv[3][0], &o, t0, &dm, &daemon);
	printf("dm=%lld daemon=%lld\n", dm, daemon);
	return r;
}

/*
 * The kernel's own clock for "when did the target fail the path": a marker
 * written to /dev/kmsg just before the path goes offline, and the target's
 * "Failing path DEV." line (dm-mpx and dm-multipath print the same) after
 * it. Both carry the kernel's timestamp, so their distance does not depend
 * on how often we poll.
 */
static int kmsg_open(void)
{
	int fd = open("/dev/kmsg", O_RDWR | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0)
		lseek(fd, 0, SEEK_END);
	return fd;
}

static void kmsg_mark(int fd, const char *dev)
{
	char buf[96];
	int n = snprintf(buf, sizeof(buf), "<6>mpxd-probe: offline %s\n", dev);

	if (fd >= 0 && write(fd, buf, (size_t)n) != n)
		fprintf(stderr, "mpxd-probe: cannot write the kmsg marker\n");
}

/* ms from the marker to the target failing dev, -1 if not in the log (yet). */
static double kmsg_fail_ms(int fd, const char *dev)
{
	char rec[2048], mark[96], failing[96];
	unsigned long long ts, mark_ts = 0;
	bool marked = false;
	ssize_t n;

	if (fd < 0)
		return -1;
	snprintf(mark, sizeof(mark), "mpxd-probe: offline %s", dev);
	snprintf(failing, sizeof(failing), ": Failing path %s.", dev);
	for (;;) {
		n = read(fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;	/* records lost to the ring: read on */
		if (n <= 0)
			return -1;
		rec[n] = '\0';
		/* "prio,seq,usecs,flags[,...];text" */
		if (sscanf(rec, "%*u,%*u,%llu", &ts) != 1 || !strchr(rec, ';'))
			continue;
		if (!marked && strstr(rec, mark)) {
			marked = true;
			mark_ts = ts;
		} else if (marked && strstr(rec, failing)) {
			return (double)(ts - mark_ts) / 1000.0;
		}
	}
}

struct reader {
	const char *path;
	atomic_bool stop;
	atomic_ulong ios, errors;
};

/* 4 KiB O_DIRECT reads over the first MiB, about one per millisecond. */
static void *reader_main(void *arg)
{
	struct reader *rd = arg;
	void *buf = NULL;
	unsigned int i = 0;
	int fd = open(rd->path, O_RDONLY | O_DIRECT | O_CLOEXEC);

	if (fd < 0 || posix_memalign(&buf, 4096, 4096))
		die("reader: cannot open %s", rd->path);
	while (!atomic_load(&rd->stop)) {
		if (pread(fd, buf, 4096, (off_t)(i++ % 256) * 4096) == 4096)
			atomic_fetch_add(&rd->ios, 1);
		else
			atomic_fetch_add(&rd->errors, 1);
		nap_ms(1);
	}
	close(fd);
	free(buf);
	return NULL;
}

static int cmd_iofail(int argc, char **argv)
{
	struct reader rd = { 0 };
	struct opts o = { 0 };
	char node[300], dev[32], state[128];
	long long dm, daemon;
	unsigned int maj, min;
	pthread_t th;
	int64_t t0, end;
	int r, kmsg;

	if (argc < 2)
		die("usage: iofail MAP [options]%s", "");
	parse_opts(argc, argv, 2, &o);
	snprintf(node, sizeof(node), "/dev/mapper/%s", argv[1]);
	rd.path = node;
	if (pthread_create(&th, NULL, reader_main, &rd))
		die("cannot start the reader%s", "");
	/* the status marks the serving group once I/O went through it */
	end = now_ms(CLOCK_MONOTONIC) + 10000;
	while (dm_active_path(argv[1], dev, sizeof(dev)) || atomic_load(&rd.ios) < 50) {
		if (now_ms(CLOCK_MONOTONIC) > end)
			die("no active path in %s after 10 s of reads", argv[1]);
		nap_ms(10);
	}
	if (sscanf(dev, "%u:%u", &maj, &min) != 2)
		die("odd device '%s' in the status", dev);
	snprintf(state, sizeof(state), "/sys/dev/block/%u:%u/device/state", maj, min);
	kmsg = kmsg_open();
	kmsg_mark(kmsg, dev);
	t0 = now_ms(CLOCK_MONOTONIC);
	write_file(state, "offline");
	r = poll_state(argv[1], dev, 'F', &o, t0, &dm, &daemon);
	atomic_store(&rd.stop, true);
	pthread_join(th, NULL);
	printf("dev=%s klog=%.1f dm=%lld daemon=%lld ios=%lu errors=%lu\n", dev,
	       kmsg_fail_ms(kmsg, dev), dm, daemon, atomic_load(&rd.ios),
	       atomic_load(&rd.errors));
	if (kmsg >= 0)
		close(kmsg);
	return r;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2)
		die("usage: mpxd-probe ready|watch|iofail ...%s", "");
	if (!strcmp(argv[1], "ready"))
		return cmd_ready(argc - 1, argv + 1);
	if (!strcmp(argv[1], "watch"))
		return cmd_watch(argc - 1, argv + 1);
	if (!strcmp(argv[1], "iofail"))
		return cmd_iofail(argc - 1, argv + 1);
	die("unknown command '%s'", argv[1]);
	return 2;
}
