// SPDX-License-Identifier: GPL-2.0-only
/*
 * Following tenants' cgroups: each tenant entry's pattern is expanded
 * under the cgroup root, and the first entry that matches a cgroup owns
 * it. inotify on the directories a new match could appear in says when to
 * look again; a slow periodic rescan covers what inotify cannot see (watch
 * limits, a tree mounted late). A cgroup that goes, or that no entry owns
 * any more, is thawed if mpxd froze it; tenants.c then deletes its rules.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>
#include "base/clock.h"
#include "mpxd.h"
#include "tenants/tenants.h"

#define RESCAN_MS 30000		/* safety net under inotify */

int mpxd_tenants_init(struct mpxd *d)
{
	struct mpxd_tenants *t = &d->tenants;
	int r;

	t->rescan = true;
	if (mpx_cgroup_self(t->self, sizeof(t->self)))
		t->self[0] = '\0';
	t->inotify_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (t->inotify_fd < 0) {
		r = -errno;
		return log_warning_errno(&d->log, r, "cannot watch cgroups, looking for new ones every %d s",
					 RESCAN_MS / 1000);
	}
	return 0;
}

struct match_ctx {
	struct mpxd *d;
	const char *name;
	int r;
};

static int on_match(void *ud, const char *path, uint64_t id)
{
	struct match_ctx *x = ud;
	struct mpxd_tenants *t = &x->d->tenants;
	struct mpxd_cgroup *cg = mpxd_tenant_cgroup(x->d, id), *tmp;

	if (cg && cg->seen)
		return 0;	/* an earlier entry owns it */
	if (strlen(path) >= sizeof(cg->path))
		return 0;
	if (!cg) {
		tmp = realloc(t->cg, (t->nr_cg + 1) * sizeof(*tmp));
		if (!tmp) {
			x->r = -ENOMEM;
			return -ENOMEM;
		}
		t->cg = tmp;
		cg = &t->cg[t->nr_cg++];
		memset(cg, 0, sizeof(*cg));
		cg->id = id;
		snprintf(cg->path, sizeof(cg->path), "%s", path);
		log_info(&x->d->log, "tenant \"%s\": cgroup %s (id %llu)", x->name, path,
			 (unsigned long long)id);
		/* not ours in this run: an mpxd before us froze it and died */
		if (mpx_cgroup_frozen_by_mpxd(x->d->cgroup_root, path)) {
			int r = mpx_cgroup_freeze(x->d->cgroup_root, path, false);

			if (r)
				log_err_errno(&x->d->log, r, "cgroup %s: left frozen by an mpxd that did not stop cleanly, and cannot thaw it",
					      path);
			else
				log_warning(&x->d->log, "cgroup %s: left frozen by an mpxd that did not stop cleanly: thawed",
					    path);
		}
	} else if (strcmp(cg->entry, x->name)) {
		log_info(&x->d->log, "cgroup %s: now tenant \"%s\" (was \"%s\")", cg->path,
			 x->name, cg->entry);
	}
	snprintf(cg->entry, sizeof(cg->entry), "%s", x->name);
	cg->seen = true;
	return 0;
}

/* Without io in its parents' subtree_control its I/O is the parent's. */
static void ensure_io(struct mpxd *d, struct mpxd_cgroup *cg)
{
	char at[1024] = "";
	int r;

	if (cg->io_ok)
		return;
	r = mpx_cgroup_enable_io(d->cgroup_root, cg->path, at, sizeof(at));
	if (!r) {
		if (cg->io_warned)
			log_notice(&d->log, "tenant \"%s\": the io controller reaches cgroup %s now",
				   cg->entry, cg->path);
		cg->io_ok = true;
		cg->io_warned = false;
		return;
	}
	if (!cg->io_warned)
		log_warning_errno(&d->log, r, "tenant \"%s\": cannot enable the io controller in %s/%s for cgroup %s, its I/O counts as its parent's; carrying on",
				  cg->entry, d->cgroup_root, at, cg->path);
	cg->io_warned = true;
}

static void forget(struct mpxd *d, struct mpxd_cgroup *cg)
{
	char dir[1100];
	struct stat st;
	bool exists;

	snprintf(dir, sizeof(dir), "%s/%s", d->cgroup_root, cg->path);
	exists = !stat(dir, &st);
	mpxd_tenant_thaw(d, cg, exists ? "no tenant entry owns it any more" : "it is gone");
	log_info(&d->log, "tenant \"%s\": cgroup %s (id %llu) %s", cg->entry, cg->path,
		 (unsigned long long)cg->id, exists ? "no longer matches" : "removed");
}

struct watch_ctx {
	int fd;
	int *wds;
	size_t nr;
};

static void add_watch(void *ud, const char *dir)
{
	struct watch_ctx *w = ud;
	int wd, *tmp;
	size_t i;

	wd = inotify_add_watch(w->fd, dir, IN_CREATE | IN_DELETE | IN_MOVED_FROM |
			       IN_MOVED_TO | IN_DELETE_SELF | IN_ONLYDIR);
	if (wd < 0)
		return;	/* gone, or out of watches: the periodic rescan covers it */
	for (i = 0; i < w->nr; i++)
		if (w->wds[i] == wd)
			return;
	tmp = realloc(w->wds, (w->nr + 1) * sizeof(*tmp));
	if (!tmp)
		return;
	w->wds = tmp;
	w->wds[w->nr++] = wd;
}

/* Watch what the entries' patterns need now, and nothing else. */
static void rewatch(struct mpxd *d)
{
	struct mpxd_tenants *t = &d->tenants;
	struct watch_ctx w = { t->inotify_fd, NULL, 0 };
	size_t i, k;

	if (t->inotify_fd < 0)
		return;
	for (i = 0; i < d->config.nr_tenants; i++)
		mpx_cgroup_watch_dirs(d->cgroup_root, d->config.tenants[i].v[OPT_CGROUP].s,
				      add_watch, &w);
	for (i = 0; i < t->nr_wds; i++) {
		for (k = 0; k < w.nr && w.wds[k] != t->wds[i]; k++)
			;
		if (k == w.nr)
			inotify_rm_watch(t->inotify_fd, t->wds[i]);
	}
	free(t->wds);
	t->wds = w.wds;
	t->nr_wds = w.nr;
}

static bool have_v2(struct mpxd *d)
{
	struct mpxd_tenants *t = &d->tenants;

	if (!mpx_cgroup_check_v2(d->cgroup_root)) {
		t->not_v2_logged = false;
		return true;
	}
	if (!t->not_v2_logged)
		log_warning(&d->log, "%s is not a cgroup v2 hierarchy: tenants are not followed",
			    d->cgroup_root);
	t->not_v2_logged = true;
	return false;
}

int mpxd_tenants_rescan(struct mpxd *d)
{
	struct mpxd_tenants *t = &d->tenants;
	struct match_ctx x = { d, NULL, 0 };
	bool v2 = d->config.nr_tenants && have_v2(d);
	size_t i;
	int r;

	t->rescan = false;
	t->next_rescan = mpxd_now() + RESCAN_MS;
	for (i = 0; i < t->nr_cg; i++)
		t->cg[i].seen = false;
	for (i = 0; v2 && i < d->config.nr_tenants; i++) {
		const struct mpx_optset *e = &d->config.tenants[i];

		x.name = e->v[OPT_TENANT_NAME].s;
		r = mpx_cgroup_glob(d->cgroup_root, e->v[OPT_CGROUP].s, on_match, &x);
		if (r && !x.r)
			log_warning_errno(&d->log, r, "tenant \"%s\": cannot expand \"%s\"",
					  x.name, e->v[OPT_CGROUP].s);
		if (x.r)
			return log_err_errno(&d->log, x.r, "cannot follow tenant cgroups");
	}
	for (i = 0; i < t->nr_cg;) {
		if (t->cg[i].seen) {
			ensure_io(d, &t->cg[i]);
			i++;
			continue;
		}
		forget(d, &t->cg[i]);
		memmove(&t->cg[i], &t->cg[i + 1], (t->nr_cg - i - 1) * sizeof(t->cg[0]));
		t->nr_cg--;
	}
	rewatch(d);
	return 0;
}

void mpxd_tenants_event(struct mpxd *d)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));

	while (read(d->tenants.inotify_fd, buf, sizeof(buf)) > 0)
		;
	d->tenants.rescan = true;
}

void mpxd_tenants_stop(struct mpxd *d)
{
	struct mpxd_tenants *t = &d->tenants;
	size_t i;

	for (i = 0; i < t->nr_cg; i++)
		mpxd_tenant_thaw(d, &t->cg[i], "mpxd is stopping");
	mpxd_tenant_hooks_forget(d);
	if (t->inotify_fd >= 0)
		close(t->inotify_fd);
	t->inotify_fd = -1;
	free(t->cg);
	t->cg = NULL;
	t->nr_cg = 0;
	free(t->wds);
	t->wds = NULL;
	t->nr_wds = 0;
}

