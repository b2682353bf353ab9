// SPDX-License-Identifier: GPL-2.0-only
/*
 * The policy host: "mpxd --policy-host <file>", one process per plugin.
 * It loads the plugin, checks its descriptor, says hello (or why not),
 * and then runs one hook call at a time for mpxd. A plugin that crashes
 * or hangs takes this process with it, not mpxd.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <mpx/policy.h>
#include "seams/sg-seam.h"
#include "policy/policy.h"

#define FD 3

struct host {
	struct mpx_host api;	/* first: hooks get &h->api */
	const struct mpx_policy *pol;
	void *priv;
};

static void host_log(const struct mpx_host *api, const char *fmt, ...)
{
	const struct host *h = (const struct host *)api;
	va_list ap;

	fprintf(stderr, "<7>policy %s: ", h->pol->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static int host_scsi_cmd(const struct mpx_host *api, const char *devnode,
			 const uint8_t *cdb, size_t cdb_len, int dir, void *buf,
			 size_t len, uint32_t timeout_ms, struct mpx_pol_sense *ret)
{
	struct mpx_sg_result r;
	char dev[64];
	int fd, res;

	if (!devnode || strchr(devnode, '/') || !cdb || cdb_len > 16 || !ret)
		return -EINVAL;
	snprintf(dev, sizeof(dev), "/dev/%s", devnode);
	fd = open(dev, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	res = mpx_sg_cmd(fd, cdb, cdb_len, dir == MPX_POL_DIR_FROM_DEV ? MPX_SG_FROM_DEV :
			 dir == MPX_POL_DIR_TO_DEV ? MPX_SG_TO_DEV : MPX_SG_NONE,
			 buf, len, timeout_ms, &r);
	close(fd);
	if (res)
		return res;
	memset(ret, 0, sizeof(*ret));
	ret->struct_size = sizeof(*ret);
	ret->status = r.status;
	ret->transport_error = r.host_status || r.driver_status;
	ret->timed_out = r.timed_out;
	ret->sense_key = r.sense_key;
	ret->asc = r.asc;
	ret->ascq = r.ascq;
	memcpy(ret->sense, r.sense, sizeof(ret->sense));
	ret->sense_len = (uint32_t)r.sense_len;
	return 0;
}

static int refuse(const char *fmt, ...)
{
	char why[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	mpxw_send(FD, MPXW_REFUSE, 0, 0, why, (uint32_t)strlen(why) + 1);
	return 1;
}

static bool valid_name(const char *s)
{
	size_t n = 0;

	for (; s && *s; s++, n++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '-' || *s == '_'))
			return false;
	return n >= 1 && n <= 31;
}

/* NUL-terminate every string of a wire path the other end sent. */
#define TERMINATE(a) ((a)[sizeof(a) - 1] = '\0')
static void clean_path(struct mpxw_path *w)
{
	TERMINATE(w->devnode);
	TERMINATE(w->devno);
	TERMINATE(w->hctl);
	TERMINATE(w->port_name);
	TERMINATE(w->node_name);
	TERMINATE(w->serial);
	TERMINATE(w->protocol);
	TERMINATE(w->wwid);
}

static void to_path(struct mpxw_path *w, struct mpx_pol_path *p)
{
	clean_path(w);
	*p = (struct mpx_pol_path){
		.struct_size = sizeof(*p), .devnode = w->devnode, .devno = w->devno,
		.hctl = w->hctl, .host = w->host, .state = w->state,
		.alua_state = w->alua_state, .alua_preferred = w->alua_preferred,
		.have_tpg = w->have_tpg, .tpg = w->tpg, .have_rel_port = w->have_rel_port,
		.rel_port = w->rel_port, .port_name = w->port_name,
		.node_name = w->node_name, .serial = w->serial, .protocol = w->protocol,
		.wwid = w->wwid,
	};
}

static void to_device(struct mpxw_device *w, struct mpx_pol_device *d,
		      struct mpx_pol_path *paths)
{
	uint32_t i;

	TERMINATE(w->vendor);
	TERMINATE(w->product);
	TERMINATE(w->revision);
	TERMINATE(w->wwid);
	TERMINATE(w->array_type);
	if (w->nr_paths > MPXW_MAX_PATHS)
		w->nr_paths = MPXW_MAX_PATHS;
	for (i = 0; i < w->nr_paths; i++)
		to_path(&w->paths[i], &paths[i]);
	*d = (struct mpx_pol_device){
		.struct_size = sizeof(*d), .vendor = w->vendor, .product = w->product,
		.revision = w->revision, .wwid = w->wwid, .array_type = w->array_type,
		.nr_paths = w->nr_paths, .paths = paths,
	};
}

/* Run one call; the reply goes into rep, its size into *rep_len. */
static int run(struct host *h, uint32_t hook, void *req, uint32_t req_len, void *rep,
	       uint32_t *rep_len)
{
	const struct mpx_policy *p = h->pol;
	struct mpx_pol_path paths[MPXW_MAX_PATHS], one;
	struct mpx_pol_device dev;

	*rep_len = 0;
	switch (hook) {
	case MPXW_MATCH: {
		struct mpxw_match_call *c = req;
		struct mpxw_match_reply *r = rep;

		if (req_len != sizeof(*c) || !p->match)
			return -EINVAL;
		to_device(&c->dev, &dev, paths);
		*rep_len = sizeof(*r);
		return p->match(h->priv, &dev, &r->score);
	}
	case MPXW_GROUP_PATHS: {
		struct mpxw_group_call *c = req;
		struct mpxw_group_reply *r = rep;
		struct mpx_pol_grouping g = { sizeof(g), 0, r->group, r->prio, "" };
		int rc;

		if (req_len != sizeof(*c))
			return -EINVAL;
		to_device(&c->dev, &dev, paths);
		g.nr_paths = dev.nr_paths;
		rc = p->group_paths(h->priv, &dev, &g);
		g.selector[sizeof(g.selector) - 1] = '\0';
		memcpy(r->selector, g.selector, sizeof(r->selector));
		*rep_len = sizeof(*r);
		return rc;
	}
	case MPXW_CHECK_PATH: {
		struct mpxw_check_call *c = req;
		struct mpxw_check_reply *r = rep;

		if (req_len != sizeof(*c) || !p->check_path)
			return -EINVAL;
		to_path(&c->path, &one);
		*rep_len = sizeof(*r);
		return p->check_path(h->priv, &one, c->timeout_ms, &r->state);
	}
	case MPXW_ANALYZE_ERROR: {
		struct mpxw_analyze_call *c = req;
		struct mpxw_analyze_reply *r = rep;
		struct mpx_pol_sense s;

		if (req_len != sizeof(*c) || !p->analyze_error)
			return -EINVAL;
		to_path(&c->path, &one);
		s = (struct mpx_pol_sense){
			.struct_size = sizeof(s),
			.status = c->sense.status,
			.transport_error = c->sense.transport_error,
			.timed_out = c->sense.timed_out,
			.sense_key = c->sense.sense_key,
			.asc = c->sense.asc,
			.ascq = c->sense.ascq,
			.sense_len = c->sense.sense_len > 32 ? 32 : c->sense.sense_len,
			.cause = c->sense.cause,
			.kernel_failed = c->sense.kernel_failed,
			.errors = c->sense.errors,
			.alua_state = c->sense.alua_state,
		};
		memcpy(s.sense, c->sense.sense, sizeof(s.sense));
		*rep_len = sizeof(*r);
		return p->analyze_error(h->priv, &one, &s, &r->verdict);
	}
	case MPXW_AFFECTED_PATHS: {
		struct mpxw_affected_call *c = req;
		struct mpxw_affected_reply *r = rep;
		static struct mpx_pol_path all[MPXW_MAX_ALL];
		uint32_t i;

		if (req_len != sizeof(*c) || !p->affected_paths || c->nr_all > MPXW_MAX_ALL)
			return -EINVAL;
		to_path(&c->failed, &one);
		for (i = 0; i < c->nr_all; i++)
			to_path(&c->all[i], &all[i]);
		memset(r, 0, sizeof(*r));
		*rep_len = sizeof(*r);
		return p->affected_paths(h->priv, &one, all, c->nr_all, r->affected);
	}
	case MPXW_ACTIVATE_GROUP: {
		struct mpxw_activate_call *c = req;

		if (req_len != sizeof(*c) || !p->activate_group)
			return -EINVAL;
		to_device(&c->dev, &dev, paths);
		return p->activate_group(h->priv, &dev, c->group);
	}
	case MPXW_RESERVATION: {
		struct mpxw_reservation_call *c = req;
		struct mpxw_reservation_reply *r = rep;

		if (req_len != sizeof(*c) || !p->reservation)
			return -EINVAL;
		to_device(&c->dev, &dev, paths);
		to_path(&c->path, &one);
		*rep_len = sizeof(*r);
		return p->reservation(h->priv, &dev, &one, c->key, &r->action);
	}
	}
	return -ENOSYS;
}

static uint32_t hook_mask(const struct mpx_policy *p)
{
	return (p->match ? 1u << MPXW_MATCH : 0) | 1u << MPXW_GROUP_PATHS |
	       (p->check_path ? 1u << MPXW_CHECK_PATH : 0) |
	       (p->analyze_error ? 1u << MPXW_ANALYZE_ERROR : 0) |
	       (p->affected_paths ? 1u << MPXW_AFFECTED_PATHS : 0) |
	       (p->activate_group ? 1u << MPXW_ACTIVATE_GROUP : 0) |
	       (p->reservation ? 1u << MPXW_RESERVATION : 0);
}

int mpxd_policy_host_main(const char *file)
{
	static union {
		struct mpxw_affected_call affected;
		struct mpxw_reservation_call resv;
		struct mpxw_group_call group;
	} req;
	static union {
		struct mpxw_group_reply group;
		struct mpxw_affected_reply affected;
	} rep;
	struct host h = { .api = { sizeof(struct mpx_host), host_log, host_scsi_cmd } };
	struct mpxw_hello hello = { 0 };
	struct mpxw_hdr hdr;
	uint32_t rep_len;
	void *so;
	int rc;

	so = dlopen(file, RTLD_NOW | RTLD_LOCAL);
	if (!so)
		return refuse("cannot load: %s", dlerror());
	h.pol = dlsym(so, "mpx_policy");
	if (!h.pol)
		return refuse("exports no \"mpx_policy\" symbol");
	if (h.pol->abi_major != MPX_POLICY_ABI_MAJOR || h.pol->abi_minor > MPX_POLICY_ABI_MINOR)
		return refuse("built for policy ABI %u.%u, mpxd has %u.%u", h.pol->abi_major,
			      h.pol->abi_minor, MPX_POLICY_ABI_MAJOR, MPX_POLICY_ABI_MINOR);
	if (h.pol->struct_size < MPX_POLICY_MIN_SIZE_1_0)
		return refuse("struct_size %u is smaller than ABI 1.0's %zu", h.pol->struct_size,
			      (size_t)MPX_POLICY_MIN_SIZE_1_0);
	if (!valid_name(h.pol->name))
		return refuse("name must be 1 to 31 of [a-z0-9_-]");
	if (!h.pol->group_paths)
		return refuse("policy \"%s\" has no group_paths hook (required)", h.pol->name);
	if (h.pol->init) {
		rc = h.pol->init(&h.api, &h.priv);
		if (rc < 0)
			return refuse("init failed: %s", strerror(-rc));
	}
	snprintf(hello.name, sizeof(hello.name), "%s", h.pol->name);
	snprintf(hello.version, sizeof(hello.version), "%s", h.pol->version ? h.pol->version : "");
	hello.abi_major = h.pol->abi_major;
	hello.abi_minor = h.pol->abi_minor;
	hello.hooks = hook_mask(h.pol);
	if (mpxw_send(FD, MPXW_HELLO, 0, 0, &hello, sizeof(hello)))
		return 1;
	for (;;) {
		rc = mpxw_recv(FD, &hdr, &req, sizeof(req));
		if (rc == -EPIPE)
			break;		/* mpxd closed us: done */
		if (rc == 0 && hdr.type != MPXW_CALL)
			rc = -EPROTO;
		if (rc == 0)
			rc = run(&h, hdr.hook, &req, hdr.len, &rep, &rep_len);
		else
			rep_len = 0;
		if (mpxw_send(FD, MPXW_REPLY, hdr.hook, rc, &rep, rep_len))
			break;
	}
	if (h.pol->fini)
		h.pol->fini(h.priv);
	return 0;
}
