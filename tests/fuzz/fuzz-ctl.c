// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer harness: the control-socket protocol of mpxd, framing and
 * commands (daemon/ctl/server.c, daemon/ctl/dispatch.c and its handlers).
 *
 * The input is what a client sends before it closes its end. It goes
 * through the server's own client code (ctl/server.c is included here, so
 * the harness can seat a client in slot 0 without a listening socket) over
 * a socketpair (in two writes, so that requests arrive in parts), and its
 * first line, of any length, straight to mpxd_ctl_dispatch(). The daemon
 * behind them is a fixed fake: three disks, one live map of two of them, a
 * small config, a selector module and a policy plugin loaded. The daemon
 * functions that commands call (mpxd_path_*, mpxd_map_*, mpx_pr_out, ...)
 * are fakes defined below, which check the arguments the commands hand
 * them and change nothing. Checked:
 *   - a reply is "ok\n..." or exactly one line "error <ENAME>: <text>\n";
 *   - a request of a whole line gets a reply; the server closes the
 *     connection once the client has closed its end (no fd is leaked);
 *   - "add path" never hands the daemon a sysfs path outside
 *     /sys/class/block; group numbers passed on are within the map's.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../../daemon/ctl/server.c"
#include "parse.h"
#include "policy/policy.h"
#include "maps/persist.h"
#include "pr/pr-key.h"
#include "pr/pr-run.h"
#include "pr/pr-scsi.h"
#include "fuzz.h"

static const char conf_text[] =
	"defaults {\n\tpolling_interval 5\n\tno_path_retry 12\n}\n"
	"blacklist {\n\tdevnode \"^(ram|loop)[0-9]*\"\n}\n"
	"devices {\n\tdevice {\n\t\tvendor \"LIO-ORG\"\n\t\tproduct \".*\"\n"
	"\t\thardware_handler \"1 alua\"\n\t}\n}\n"
	"multipaths {\n\tmultipath {\n\t\twwid 36001405abcdef0123456789abcdef012\n"
	"\t\talias data\n\t}\n}\n";

static struct mpxd d;
static struct mpxd_path path[3], *paths[3], *map_paths[2];
static struct mpxd_map map, *maps[1];
static struct mpxd_policy policy, *policies[1];

/* ---- fakes of the daemon functions the commands call ---- */

uint64_t mpxd_now(void)
{
	return 1000;
}

static bool known_path(const struct mpxd_path *p)
{
	size_t i;

	for (i = 0; i < d.nr_paths; i++)
		if (d.paths[i] == p)
			return true;
	return false;
}

struct mpxd_path *mpxd_path_find(struct mpxd *dd, const char *name)
{
	size_t i;

	check(dd == &d && name, "bad arguments");
	for (i = 0; i < d.nr_paths; i++)
		if (!strcmp(d.paths[i]->a.devnode, name) || !strcmp(d.paths[i]->a.devno, name))
			return d.paths[i];
	return NULL;
}

struct mpxd_map *mpxd_map_find(struct mpxd *dd, const char *name)
{
	size_t i;

	check(dd == &d && name, "bad arguments");
	for (i = 0; i < d.nr_maps; i++)
		if (!strcmp(d.maps[i]->name, name) || !strcmp(d.maps[i]->wwid, name))
			return d.maps[i];
	return NULL;
}

int mpxd_path_fail(struct mpxd *dd, struct mpxd_path *p, const char *why)
{
	check(known_path(p) && p->map && why, "fail of a path not in a map");
	return 0;
}

int mpxd_path_reinstate(struct mpxd *dd, struct mpxd_path *p, const char *why)
{
	check(known_path(p) && p->map && why, "reinstate of a path not in a map");
	return -EIO;
}

int mpxd_path_add(struct mpxd *dd, const char *syspath, struct mpxd_path **ret)
{
	const char *dev = syspath + strlen("/sys/class/block/");

	check(!strncmp(syspath, "/sys/class/block/", 17), "syspath \"%s\"", syspath);
	check(!strchr(dev, '/'), "syspath \"%s\" leaves /sys/class/block", syspath);
	check(*dev && strcmp(dev, ".") && strcmp(dev, ".."),
	      "syspath \"%s\" is no disk of /sys/class/block", syspath);
	/* the disk exists: hand back the one not in a map */
	if (!strcmp(dev, "sdd")) {
		*ret = &path[2];
		return 0;
	}
	return -ENODEV;
}

void mpxd_path_remove(struct mpxd *dd, struct mpxd_path *p)
{
	check(known_path(p), "removing an unknown path");
}

void mpxd_map_assign(struct mpxd *dd, struct mpxd_path *p)
{
	check(known_path(p), "assigning an unknown path");
}

int mpxd_maps_sync(struct mpxd *dd)
{
	return 0;
}

int mpxd_map_switch(struct mpxd *dd, struct mpxd_map *m, unsigned int pg)
{
	check(m == &map && pg >= 1 && pg <= 2, "switch to group %u", pg);
	return 0;
}

int mpxd_map_resize(struct mpxd *dd, struct mpxd_map *m)
{
	check(m == &map, "resize of an unknown map");
	return 0;
}

int mpxd_kernel_selectors(struct mpxd *dd, char **ret_list)
{
	/* what the target's "selectors" message answers */
	*ret_list = strdup("round-robin queue-length service-time latency \"x\"\n");
	return *ret_list ? 0 : -ENOMEM;
}

/* the live map's table as the kernel prints it: a module selector's words its own */
int mpx_dm_table(const char *name, char **ret_params)
{
	check(!strcmp(name, map.name), "table of an unknown map \"%s\"", name);
	*ret_params = strdup("1 queue_if_no_path 1 alua 2 1 latency 1 100 1 0 8:16 "
			     "service-time 0 1 2 8:32 1 1 ");
	return *ret_params ? 0 : -ENOMEM;
}

bool mpxd_plugin_held_unchanged(const struct mpxd_policy_held *h)
{
	return true;
}

int mpxd_policy_load(struct mpxd *dd, const char *file, struct mpxd_policy **ret,
		     char *why, size_t why_len)
{
	check(file && *file && why && why_len, "bad arguments");
	snprintf(why, why_len, "cannot load \"%s\": no such file", file);
	return -ENOENT;
}

int mpxd_policy_unload(struct mpxd *dd, const char *name, char *why, size_t why_len)
{
	check(name && *name && why && why_len, "bad arguments");
	if (!strcmp(name, policy.name))
		return 0;
	snprintf(why, why_len, "no policy \"%s\"", name);
	return -ENOENT;
}

bool mpxd_policy_has(struct mpxd_policy *p, int hook)
{
	return false;
}

const char *mpxd_hook_name(int hook)
{
	static const char *const names[] = { "match", "group", "prio", "check_path",
					     "analyze_error", "activate" };

	check(hook >= 0 && hook < MPXW_NR_HOOKS, "hook %d", hook);
	return hook < 6 ? names[hook] : "hook";
}

/*
 * "persist" commands run pr/pr-run.c on the map's paths; the commands
 * through one path (pr/pr-scsi.c) are faked: here the LUN has key
 * 0xabc123, held as a write exclusive reservation, and key 0x1 meets a
 * reservation conflict. The map's key lives in memory, not in a file.
 */
static struct mpx_pr_mapkey map_key;

size_t mpxd_pr_paths(struct mpxd_map *m, struct mpx_pr_path *out, size_t max)
{
	size_t i;

	check(m == &map, "persist on an unknown map");
	for (i = 0; i < m->nr_paths && i < max; i++) {
		snprintf(out[i].name, sizeof(out[i].name), "%s", m->paths[i]->a.devnode);
		snprintf(out[i].devno, sizeof(out[i].devno), "%s", m->paths[i]->a.devno);
		out[i].usable = true;
	}
	return i;
}

int mpxd_persist_map_key(struct mpxd *dd, struct mpxd_map *m, struct mpx_pr_mapkey *ret)
{
	check(m == &map, "key of an unknown map");
	*ret = map_key;
	return 0;
}

int mpxd_persist_set_key(struct mpxd *dd, struct mpxd_map *m, uint64_t key, bool aptpl, char *why,
			 size_t len)
{
	check(m == &map && why && len, "set key");
	map_key.key = key;
	map_key.aptpl = aptpl;
	return 0;
}

void mpxd_persist_registered(struct mpxd *dd, struct mpxd_map *m, const struct mpx_pr_path *paths,
			     size_t nr, uint64_t key)
{
	check(m == &map && paths && nr <= m->nr_paths, "registered paths");
}

/* a path of the map, by the /dev node pr-run.c names */
static void check_dev(const char *dev)
{
	size_t i;

	for (i = 0; i < map.nr_paths; i++)
		if (!strncmp(dev, "/dev/", 5) && !strcmp(dev + 5, map.paths[i]->a.devnode))
			return;
	check(false, "a PR command through %s, no path of the map", dev);
}

enum mpx_pr_code mpx_pr_out(const char *dev, int sa, unsigned int type, uint64_t rk, uint64_t sark,
			    bool aptpl, struct mpx_pr_outcome *ret)
{
	struct mpx_pr_outcome o = { .code = MPX_PR_OK };

	check_dev(dev);
	check(sa >= MPX_PROUT_REGISTER && sa <= MPX_PROUT_REGISTER_IGNORE, "service action %d", sa);
	check(type <= 8 && type != 2 && type != 4, "type %u", type);
	if (rk == 0x1 || sark == 0x1) {
		o.code = MPX_PR_CONFLICT;
		o.status = 0x18;
	}
	if (ret)
		*ret = o;
	return o.code;
}

enum mpx_pr_code mpx_pr_in(const char *dev, int sa, uint8_t *buf, size_t len, size_t *ret_got,
			   struct mpx_pr_outcome *ret)
{
	static const uint8_t keys[] = { 0, 0, 0, 7, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0xab, 0xc1, 0x23 };
	/* clang-format off */
	static const uint8_t resv[] = { 0, 0, 0, 7, 0, 0, 0, 16,
					0, 0, 0, 0, 0, 0xab, 0xc1, 0x23,
					0, 0, 0, 0, 0, 1, 0, 0 };
	/* clang-format on */
	static const uint8_t caps[] = { 0, 8, 0x1d, 0x81, 0xea, 0x01, 0, 0 };
	const uint8_t *r = sa == MPX_PRIN_READ_RESERVATION    ? resv :
			   sa == MPX_PRIN_REPORT_CAPABILITIES ? caps :
								keys;
	size_t n = r == resv ? sizeof(resv) : r == caps ? sizeof(caps) : sizeof(keys);

	check_dev(dev);
	check(sa >= MPX_PRIN_READ_KEYS && sa <= MPX_PRIN_READ_FULL_STATUS, "service action %d", sa);
	memset(buf, 0, len);
	memcpy(buf, r, n < len ? n : len);
	*ret_got = n < len ? n : len;
	if (ret)
		*ret = (struct mpx_pr_outcome){ .code = MPX_PR_OK };
	return MPX_PR_OK;
}

size_t mpx_prin_len(int sa)
{
	return sa == MPX_PRIN_READ_RESERVATION ? 24 : sa == MPX_PRIN_REPORT_CAPABILITIES ? 8 : 8192;
}

void mpx_pr_outcome_str(const struct mpx_pr_outcome *o, char *buf, size_t len)
{
	snprintf(buf, len, "code %d", o->code);
}

int mpxd_reconfigure(struct mpxd *dd)
{
	return -EINVAL;
}


/* ---- the fake daemon ---- */

static void init_path(struct mpxd_path *p, unsigned int i, struct mpxd_map *m)
{
	memset(p, 0, sizeof(*p));
	snprintf(p->a.devnode, sizeof(p->a.devnode), "sd%c", 'b' + i);
	snprintf(p->a.devno, sizeof(p->a.devno), "8:%u", 16 * (i + 1));
	snprintf(p->a.hctl, sizeof(p->a.hctl), "%u:0:0:0", i + 2);
	snprintf(p->a.vendor, sizeof(p->a.vendor), "LIO-ORG");
	snprintf(p->a.product, sizeof(p->a.product), "disk \"%u\"", i);
	snprintf(p->a.wwid, sizeof(p->a.wwid), "36001405abcdef0123456789abcdef012");
	p->a.have_tpg = i != 2;
	p->a.tpg = (uint16_t)i;
	p->a.alua = (enum mpx_alua)(i + 1);
	p->map = m;
	p->state = (enum mpx_path_state)(i % 4);
	p->kernel_active = i == 0;
	p->prio = 50 - 10 * (int)i;
	p->pg = m ? i + 1 : 0;
	p->checker = (int)i;
	snprintf(p->check_msg, sizeof(p->check_msg), "status 0x02 sense 2/04/0b\t\x01");
	if (!m)
		snprintf(p->why_not, sizeof(p->why_not), "blacklisted by devnode \"^sd\\d\"");
}

/* A fresh daemon for each request; the config, which no command changes, is loaded once. */
static void init_daemon(void)
{
	static struct mpx_config config;
	struct conf_error err;
	unsigned int i;

	if (!config.nr_files)
		check(!mpx_config_add_text(&config, "/etc/mpx.conf", conf_text,
					   sizeof(conf_text) - 1, &err), "%s", err.msg);
	static struct mpxd_ctl_client *clients;

	if (!clients)
		clients = calloc(MAX_CLIENTS, sizeof(*clients));
	check(clients, "out of memory");
	memset(&d, 0, sizeof(d));
	d.config = config;
	d.log = (struct mpx_log){ .ident = "mpxd", .max_prio = LOG_ERR };
	d.epoll_fd = d.signal_fd = d.dm_fd = d.udev_fd = d.ctl_fd = d.worker_fd = -1;

	memset(&map, 0, sizeof(map));
	snprintf(map.name, sizeof(map.name), "data");
	snprintf(map.wwid, sizeof(map.wwid), "36001405abcdef0123456789abcdef012");
	map.live = true;
	map.sectors = 2097152;
	map.kernel_pg = 1;
	map.opts = (struct mpx_map_opts){ .v[OPT_PATH_SELECTOR].s = "service-time 0",
					  .v[OPT_FEATURES].s = "1 queue_if_no_path",
					  .v[OPT_HARDWARE_HANDLER].s = "1 alua",
					  .v[OPT_PATH_GROUPING_POLICY].i = MPX_PGP_GROUP_BY_PRIO,
					  .v[OPT_NO_PATH_RETRY].i = 12,
					  .v[OPT_RR_MIN_IO_RQ].i = 1,
					  .v[OPT_RETAIN_HW_HANDLER].i = true };
	snprintf(map.table, sizeof(map.table), "1 queue_if_no_path 1 alua 2 1 service-time 0 "
		 "1 2 8:16 1 1 service-time 0 1 2 8:32 1 1");
	for (i = 0; i < 3; i++) {
		init_path(&path[i], i, i < 2 ? &map : NULL);
		paths[i] = &path[i];
	}
	map_paths[0] = &path[0];
	map_paths[1] = &path[1];
	map.paths = map_paths;
	map.nr_paths = 2;
	maps[0] = &map;
	d.paths = paths;
	d.nr_paths = 3;
	d.maps = maps;
	d.nr_maps = 1;
	snprintf(d.loaded[0], sizeof(d.loaded[0]), "latency");
	d.nr_loaded = 1;

	if (!policy.name[0]) {
		snprintf(policy.name, sizeof(policy.name), "vendor\"x");
		snprintf(policy.version, sizeof(policy.version), "1.0");
		snprintf(policy.file, sizeof(policy.file), "/usr/lib/mpx/policies/vendor.so");
		policy.hooks = 0x5;
		policy.disabled = 0x4;
		policy.fd = -1;
		policy.stats[0].calls = 7;
		pthread_mutex_init(&policy.lock, NULL);
	}
	policies[0] = &policy;
	d.plugins.list = policies;
	d.plugins.nr = 1;
	/* one module held unloaded, its file present */
	static struct mpxd_policy_held held = { .name = "old\"x", .version = "0.9", .file = "/" };

	d.plugins.held = &held;
	d.plugins.nr_held = 1;
	map.policy = &policy;
	memset(clients, 0, MAX_CLIENTS * sizeof(*clients));
	for (i = 0; i < MAX_CLIENTS; i++)
		clients[i].fd = -1;
	d.clients = clients;
}

/* "ok\n..." or one line "error ENAME: text\n" */
static void check_reply(const char *reply, size_t len)
{
	const char *colon;

	check(reply, "no reply");
	check(strlen(reply) == len, "NUL inside a reply");
	if (!strncmp(reply, "ok\n", 3))
		return;
	check(!strncmp(reply, "error E", 7), "reply \"%.40s\"", reply);
	colon = strchr(reply, ':');
	check(colon && colon[1] == ' ', "no \": \" in \"%.80s\"", reply);
	check(len && reply[len - 1] == '\n' && strchr(reply, '\n') == reply + len - 1,
	      "error reply is not one line: \"%.200s\"", reply);
}

/* Send data through the server's client code as one connection. */
static void over_socket(const uint8_t *data, size_t size)
{
	static char reply[1 << 16];
	size_t got = 0, sent = 0;
	bool whole_line;
	ssize_t n;
	int sv[2], i;

	check(!socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, sv),
	      "socketpair: %s", strerror(errno));
	d.clients[0].fd = sv[0];
	d.clients[0].deadline = mpxd_now() + CLIENT_DEADLINE_MS;
	/* in two writes, the server reading in between: requests come in parts */
	while (sent < size) {
		n = send(sv[1], data + sent, (sent < size / 2 ? size / 2 : size) - sent,
			 MSG_NOSIGNAL);
		check(n > 0, "write: %s", strerror(errno));
		sent += (size_t)n;
		if (sent == size / 2)
			mpxd_ctl_client_event(&d, 0, EPOLLIN);
	}
	shutdown(sv[1], SHUT_WR);
	for (i = 0; i < 8 && d.clients[0].fd >= 0; i++) {
		mpxd_ctl_client_event(&d, 0, EPOLLIN);
		while ((n = read(sv[1], reply + got, sizeof(reply) - 1 - got)) > 0)
			got += (size_t)n;
	}
	check(d.clients[0].fd < 0, "the server keeps a closed connection");
	reply[got] = '\0';
	/* a line within the limit gets its answer; so do refused requests */
	whole_line = memchr(data, '\n', size < MPX_CTL_MAX_REQUEST + 1 ?
				     size : MPX_CTL_MAX_REQUEST + 1);
	if (whole_line || memchr(data, '\0', size < MPX_CTL_MAX_REQUEST + 1 ?
					       size : MPX_CTL_MAX_REQUEST + 1) ||
	    size > MPX_CTL_MAX_REQUEST)
		check(got, "no reply");
	if (got)
		check_reply(reply, got);
	if (getenv("MPX_FUZZ_SHOW"))	/* to see what the seeds reach */
		fprintf(stderr, "socket: %s", reply);
	close(sv[1]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n = strnlen((const char *)data, size);
	const char *nl = memchr(data, '\n', n);
	char *request, *reply;

	/* the request line, as the server cuts it (but with no length limit) */
	if (nl)
		n = (size_t)(nl - (const char *)data);
	request = malloc(n + 1);

	check(request, "out of memory");
	init_daemon();
	over_socket(data, size);

	init_daemon();
	memcpy(request, data, n);
	request[n] = '\0';
	reply = mpxd_ctl_dispatch(&d, request);
	check_reply(reply, reply ? strlen(reply) : 0);
	if (getenv("MPX_FUZZ_SHOW"))	/* to see what the seeds reach */
		fprintf(stderr, "dispatch \"%s\": %s", request, reply);
	free(reply);
	free(request);
	return 0;
}
