// SPDX-License-Identifier: GPL-2.0-only
/* One mpathpersist request on one map, through its paths (pr-run.h). */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "base/cleanup.h"
#include "pr/pr-args.h"
#include "pr/pr-print.h"
#include "pr/pr-run.h"
#include "pr/pr-scsi.h"

/* How much is said: errors always, warnings at 1 (the default), each path at 2. */
enum {
	SAY_ERROR,
	SAY_WARNING,
	SAY_PATH
};

struct run {
	const struct mpx_pr_req *q;
	const struct mpx_pr_map *m;
	const struct mpx_pr_ctx *c;
	/* every command sent was done (a failed path may still have been skipped) */
	bool sent_done;
};

__attribute__((format(printf, 3, 4))) static void say(const struct run *x, int level,
						      const char *fmt, ...)
{
	va_list ap;

	if (level > SAY_ERROR && level > x->q->verbosity)
		return;
	if (x->c->prog)
		fprintf(x->c->err, "%s: ", x->c->prog);
	fprintf(x->c->err, "map \"%s\": ", x->m->name);
	va_start(ap, fmt);
	vfprintf(x->c->err, fmt, ap);
	va_end(ap);
	fputc('\n', x->c->err);
}

static const char *action_name(const struct mpx_pr_req *q)
{
	static const char *const out[] = {
		"register",
		"reserve",
		"release",
		"clear",
		"preempt",
		"preempt and abort",
		"register (ignoring the key there)",
	};
	static const char *const in[] = { "read keys", "read reservation", "report capabilities",
					  "read full status" };

	if (q->in)
		return q->sa >= 0 && q->sa < 4 ? in[q->sa] : "PR IN";
	if (q->sa == MPX_PROUT_REGISTER || q->sa == MPX_PROUT_REGISTER_IGNORE)
		return q->sark ? out[q->sa] : "unregister";
	return q->sa >= 0 && q->sa < 7 ? out[q->sa] : "PR OUT";
}

static enum mpx_pr_code out_through(const struct run *x, const struct mpx_pr_path *p,
				    struct mpx_pr_outcome *o)
{
	char dev[48];

	snprintf(dev, sizeof(dev), "/dev/%s", p->name);
	return mpx_pr_out(dev, x->q->sa, x->q->type, x->q->rk, x->q->sark, x->q->aptpl, o);
}

static void refused(const struct run *x, int level, const struct mpx_pr_path *p,
		    const struct mpx_pr_outcome *o, const char *then)
{
	char why[160];

	mpx_pr_outcome_str(o, why, sizeof(why));
	say(x, level, "%s through path %s (%s): %s%s", action_name(x->q), p->name, p->devno, why,
	    then);
}

/* A failed path now: what becomes of the key through it. */
static int skipped(const struct run *x, const struct mpx_pr_path *p)
{
	if (!x->q->sark) {
		say(x, SAY_ERROR,
		    "path %s (%s) is failed: its nexus keeps its registration until it is "
		    "unregistered through it",
		    p->name, p->devno);
		return MPX_PR_OTHER;
	}
	say(x, SAY_WARNING, "path %s (%s) is failed, skipped: %s", p->name, p->devno,
	    x->c->mpxd_running ? "mpxd registers the key through it when it is back" :
				 "mpxd is not running to register the key through it when it is "
				 "back");
	return MPX_PR_OK;
}

/* REGISTER, REGISTER AND IGNORE: one registration per I_T nexus. */
static int every_path(struct run *x)
{
	struct mpx_pr_outcome o;
	size_t i, ok = 0, sent = 0;
	int code = MPX_PR_OK, rc;

	for (i = 0; i < x->m->nr; i++) {
		const struct mpx_pr_path *p = &x->m->paths[i];

		if (!p->usable) {
			rc = skipped(x, p);
			code = code ? code : rc;
			continue;
		}
		sent++;
		rc = out_through(x, p, &o);
		if (!rc) {
			ok++;
			say(x, SAY_PATH, "%s through path %s (%s): done", action_name(x->q),
			    p->name, p->devno);
			continue;
		}
		refused(x, SAY_ERROR, p, &o, "");
		/* as mpathpersist: a conflict is what the request ends with */
		if (!code || rc == MPX_PR_CONFLICT)
			code = rc;
	}
	say(x, SAY_PATH, "%zu of %zu paths done", ok, sent);
	x->sent_done = sent && ok == sent;
	return code;
}

/* The LUN's answer: another path would get the same. */
static bool final(int rc)
{
	return rc == MPX_PR_CONFLICT || rc == MPX_PR_ILLEGAL || rc == MPX_PR_INVALID_OP;
}

/* RESERVE, CLEAR, PREEMPT (AND ABORT): once, through the first path that answers. */
static int through_one(const struct run *x)
{
	struct mpx_pr_outcome o;
	int code = MPX_PR_DMMP, rc;
	size_t i;

	for (i = 0; i < x->m->nr; i++) {
		const struct mpx_pr_path *p = &x->m->paths[i];

		if (!p->usable)
			continue;
		rc = out_through(x, p, &o);
		if (!rc) {
			say(x, SAY_PATH, "done through %s (%s)", p->name, p->devno);
			return MPX_PR_OK;
		}
		code = rc;
		if (final(rc)) {
			refused(x, SAY_ERROR, p, &o, "");
			break;
		}
		refused(x, SAY_WARNING, p, &o, ", trying the next path");
	}
	return code;
}

/* Whether the reservation of key rk is still held, read through p. */
static bool still_held(const struct mpx_pr_path *p, uint64_t rk)
{
	uint8_t buf[24];
	char dev[48];
	unsigned int type;
	uint64_t key;
	uint32_t gen;
	size_t got;
	bool held;

	snprintf(dev, sizeof(dev), "/dev/%s", p->name);
	if (mpx_pr_in(dev, MPX_PRIN_READ_RESERVATION, buf, sizeof(buf), &got, NULL) ||
	    mpx_pr_parse_reservation(buf, got, &gen, &held, &key, &type))
		return false; /* the release was done; whether it took, another read says */
	return held && key == rk;
}

/* RELEASE: only the holder's nexus releases; the others answer GOOD and do nothing. */
static int release(const struct run *x)
{
	struct mpx_pr_outcome o;
	int code = MPX_PR_OK, rc;
	size_t i;

	for (i = 0; i < x->m->nr; i++) {
		const struct mpx_pr_path *p = &x->m->paths[i];

		if (!p->usable)
			continue;
		rc = out_through(x, p, &o);
		if (final(rc)) {
			refused(x, SAY_ERROR, p, &o, "");
			return rc;
		}
		if (rc) {
			refused(x, SAY_WARNING, p, &o, ", trying the next path");
			code = rc;
			continue;
		}
		if (!still_held(p, x->q->rk)) {
			say(x, SAY_PATH, "released through %s (%s)", p->name, p->devno);
			return MPX_PR_OK;
		}
	}
	say(x, SAY_ERROR,
	    "the reservation of key 0x%" PRIx64 " is still held, through a nexus of a path "
	    "that did not answer or is failed: release it when the path is back",
	    x->q->rk);
	return code ? code : MPX_PR_OTHER;
}

static int read_in(const struct run *x)
{
	_cleanup_free_ uint8_t *buf = malloc(MPX_PRIN_MAX_LEN);
	struct mpx_pr_outcome o;
	int code = MPX_PR_DMMP, rc;
	char dev[48];
	size_t i, got;

	if (!buf)
		return MPX_PR_OTHER;
	for (i = 0; i < x->m->nr; i++) {
		const struct mpx_pr_path *p = &x->m->paths[i];

		if (!p->usable)
			continue;
		snprintf(dev, sizeof(dev), "/dev/%s", p->name);
		rc = mpx_pr_in(dev, x->q->sa, buf, mpx_prin_len(x->q->sa), &got, &o);
		if (!rc) {
			say(x, SAY_PATH, "read through %s (%s)", p->name, p->devno);
			mpx_pr_print(x->c->out, x->c->err, x->q->sa, buf, got);
			return MPX_PR_OK;
		}
		code = rc;
		if (final(rc)) {
			refused(x, SAY_ERROR, p, &o, "");
			break;
		}
		refused(x, SAY_WARNING, p, &o, ", trying the next path");
	}
	fprintf(x->c->err, "Persistent Reserve IN command failed\n");
	return code;
}

size_t mpx_pr_usable(const struct mpx_pr_map *m)
{
	size_t i, n = 0;

	for (i = 0; i < m->nr; i++)
		n += m->paths[i].usable;
	return n;
}

static int send_out(struct run *x)
{
	int code;

	switch (x->q->sa) {
	case MPX_PROUT_REGISTER:
	case MPX_PROUT_REGISTER_IGNORE:
		return every_path(x);
	case MPX_PROUT_RELEASE:
		code = release(x);
		break;
	default:
		code = through_one(x);
		break;
	}
	x->sent_done = !code;
	return code;
}

/* Check the key, record a new one, send, drop a key that went. */
static int run_out(struct run *x)
{
	const struct mpx_pr_ctx *c = x->c;
	uint64_t key;
	char why[256];
	bool set;
	int code;

	if (mpx_pr_key_check(x->q, &c->key, &set, &key, why, sizeof(why))) {
		say(x, SAY_ERROR, "%s: nothing sent", why);
		return MPX_PR_SYNTAX;
	}
	/* as mpathpersist with reservation_key "file": no key it cannot record */
	if (set && c->set_key && c->set_key(c->data, key, x->q->aptpl, why, sizeof(why))) {
		if (c->key.file) {
			say(x, SAY_ERROR, "cannot record the key 0x%" PRIx64 ": %s: nothing sent",
			    key, why);
			return MPX_PR_DMMP;
		}
		say(x, SAY_WARNING,
		    "cannot record the key 0x%" PRIx64 " (%s): paths that join later will not "
		    "get it",
		    key, why);
	}
	code = send_out(x);
	/*
	 * An unregister that reached every usable path drops the key even
	 * when a failed path kept its registration (and the code says so):
	 * mpxd must not register the key again through paths that join.
	 */
	if (x->sent_done && c->set_key && mpx_pr_key_dropped(x->q, &c->key) &&
	    c->set_key(c->data, 0, false, why, sizeof(why)))
		say(x, SAY_WARNING, "the key is gone from the LUN, but is still recorded: %s", why);
	if (code == MPX_PR_UNIT_ATTENTION)
		fprintf(c->out, "persistent reserve out: scsi status: Unit Attention\n");
	else if (code == MPX_PR_CONFLICT)
		fprintf(c->out, "persistent reserve out: scsi status: Reservation Conflict\n");
	if (code)
		fprintf(c->out, "PR out: command failed\n");
	return code;
}

int mpx_pr_execute(const struct mpx_pr_req *q, const struct mpx_pr_map *m,
		   const struct mpx_pr_ctx *c)
{
	struct run x = { q, m, c, false };

	if (!mpx_pr_usable(m)) {
		say(&x, SAY_ERROR, "no usable path (%zu, every one failed): nothing sent", m->nr);
		return MPX_PR_DMMP;
	}
	return q->in ? read_in(&x) : run_out(&x);
}
