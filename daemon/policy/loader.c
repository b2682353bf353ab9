// SPDX-License-Identifier: GPL-2.0-only
/*
 * Loading and unloading policy modules. Before a file is run, it must be a
 * regular file inside the policy directory (after resolving links), owned
 * by root and writable by nobody else, as must the directory: a plugin
 * runs as root. Each plugin then gets a helper process (helper-process.c), which
 * checks the descriptor and answers with a hello or the reason it refused.
 */
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "base/log.h"
#include "conf/config.h"
#include "policy/policy.h"

extern char **environ;

#define HELLO_TIMEOUT_MS 5000

static const char *const hook_names[MPXW_NR_HOOKS] = {
	"match", "group_paths", "check_path", "analyze_error", "affected_paths",
	"activate_group", "reservation",
};

const char *mpxd_hook_name(int hook)
{
	return hook >= 0 && hook < MPXW_NR_HOOKS ? hook_names[hook] : "?";
}

struct mpxd_policy *mpxd_plugin_find(const struct mpxd_plugins *pl, const char *name)
{
	size_t i;

	for (i = 0; i < pl->nr; i++)
		if (!strcmp(pl->list[i]->name, name))
			return pl->list[i];
	return NULL;
}

static const char *policy_dir(const struct mpxd_plugins *pl)
{
	return mpx_conf_get(pl->config, OPT_POLICY_DIR, NULL, NULL).s;
}

/* Owned by root, not writable by group or others. */
static int check_owner(const char *path, const struct stat *st, char *why, size_t len)
{
	if (st->st_uid != 0) {
		snprintf(why, len, "%s is owned by uid %u, not root", path, (unsigned int)st->st_uid);
		return -EPERM;
	}
	if (st->st_mode & (S_IWGRP | S_IWOTH)) {
		snprintf(why, len, "%s is writable by group or others (mode %04o)", path,
			 (unsigned int)(st->st_mode & 07777));
		return -EPERM;
	}
	return 0;
}

static int check_file(const struct mpxd_plugins *pl, const char *file, char *real, char *why,
		      size_t len)
{
	char dir[PATH_MAX], *slash;
	struct stat st;
	int r;

	if (!realpath(file, real)) {
		snprintf(why, len, "%s: %s", file, strerror(errno));
		return -errno;
	}
	if (!realpath(policy_dir(pl), dir)) {
		snprintf(why, len, "policy_dir %s: %s", policy_dir(pl), strerror(errno));
		return -errno;
	}
	slash = strrchr(real, '/');
	if (!slash || (size_t)(slash - real) != strlen(dir) || strncmp(real, dir, strlen(dir))) {
		snprintf(why, len, "%s is not in the policy directory %s", real, dir);
		return -EPERM;
	}
	if (stat(dir, &st) < 0) {
		snprintf(why, len, "%s: %s", dir, strerror(errno));
		return -errno;
	}
	r = check_owner(dir, &st, why, len);
	if (r)
		return r;
	if (stat(real, &st) < 0) {
		snprintf(why, len, "%s: %s", real, strerror(errno));
		return -errno;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(why, len, "%s is not a regular file", real);
		return -EINVAL;
	}
	return check_owner(real, &st, why, len);
}

/* Start "mpxd --policy-host <file>" with one end of a socketpair on fd 3. */
static int spawn_host(const char *exe, const char *file, pid_t *ret_pid, int *ret_fd)
{
	char *argv[] = { "mpxd", "--policy-host", (char *)file, NULL };
	posix_spawn_file_actions_t fa;
	int sv[2], r;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return -errno;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, sv[1], 3);
	r = posix_spawn(ret_pid, exe, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(sv[1]);
	if (r) {
		close(sv[0]);
		return -r;
	}
	*ret_fd = sv[0];
	return 0;
}

static void stop_host(struct mpxd_policy *p)
{
	if (p->fd >= 0)
		close(p->fd);
	p->fd = -1;
	if (p->pid > 0) {
		kill(p->pid, SIGKILL);
		while (waitpid(p->pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	p->pid = 0;
}

/* Start p's host process and take its hello. */
int mpxd_policy_start(struct mpxd_policy *p, char *why, size_t len)
{
	union {
		struct mpxw_hello hello;
		char reason[256];
	} buf;
	struct pollfd pfd;
	struct mpxw_hdr hdr;
	int r;

	r = spawn_host(p->exe, p->file, &p->pid, &p->fd);
	if (r) {
		snprintf(why, len, "cannot start its helper process: %s", strerror(-r));
		return r;
	}
	pfd = (struct pollfd){ .fd = p->fd, .events = POLLIN };
	if (poll(&pfd, 1, HELLO_TIMEOUT_MS) <= 0) {
		snprintf(why, len, "no answer from the plugin within %d ms", HELLO_TIMEOUT_MS);
		stop_host(p);
		return -ETIMEDOUT;
	}
	memset(&buf, 0, sizeof(buf));
	r = mpxw_recv(p->fd, &hdr, &buf, sizeof(buf));
	if (!r && hdr.type == MPXW_REFUSE) {
		buf.reason[sizeof(buf.reason) - 1] = '\0';
		snprintf(why, len, "%s", buf.reason);
		stop_host(p);
		return -EPROTO;
	}
	if (r || hdr.type != MPXW_HELLO || hdr.len != sizeof(buf.hello)) {
		snprintf(why, len, "the plugin's helper process died while loading it");
		stop_host(p);
		return r ? r : -EPROTO;
	}
	buf.hello.name[sizeof(buf.hello.name) - 1] = '\0';
	buf.hello.version[sizeof(buf.hello.version) - 1] = '\0';
	if (p->name[0] && strcmp(p->name, buf.hello.name)) {
		snprintf(why, len, "the plugin changed its name to \"%s\"", buf.hello.name);
		stop_host(p);
		return -EPROTO;
	}
	snprintf(p->name, sizeof(p->name), "%s", buf.hello.name);
	snprintf(p->version, sizeof(p->version), "%s", buf.hello.version);
	p->hooks = buf.hello.hooks;
	return 0;
}

static bool same_file(const struct mpxd_policy_held *h, const struct stat *st)
{
	return h->dev == st->st_dev && h->ino == st->st_ino && h->size == st->st_size &&
	       h->mtime.tv_sec == st->st_mtim.tv_sec && h->mtime.tv_nsec == st->st_mtim.tv_nsec;
}

bool mpxd_plugin_held_unchanged(const struct mpxd_policy_held *h)
{
	struct stat st;

	return !stat(h->file, &st) && same_file(h, &st);
}

static void release_at(struct mpxd_plugins *pl, size_t i)
{
	memmove(&pl->held[i], &pl->held[i + 1], (pl->nr_held - i - 1) * sizeof(pl->held[0]));
	if (!--pl->nr_held) {
		free(pl->held);
		pl->held = NULL;
	}
}

/* The file (resolved) may be loaded again: "policy load" named it. */
static void release(struct mpxd_plugins *pl, const char *real)
{
	size_t i;

	for (i = 0; i < pl->nr_held; i++)
		if (!strcmp(pl->held[i].file, real)) {
			release_at(pl, i);
			return;
		}
}

/* Remember p's file as it is now, so that it is not loaded again by itself. */
static void hold(struct mpxd_plugins *pl, const struct mpxd_policy *p)
{
	struct mpxd_policy_held *tmp, *h;
	struct stat st;

	release(pl, p->file);
	if (stat(p->file, &st) < 0)
		return;		/* gone already: nothing could load it again */
	tmp = realloc(pl->held, (pl->nr_held + 1) * sizeof(*tmp));
	if (!tmp) {
		log_warning(pl->log, "policy \"%s\": out of memory: a scan may load it again",
			    p->name);
		return;
	}
	pl->held = tmp;
	h = &pl->held[pl->nr_held++];
	snprintf(h->name, sizeof(h->name), "%s", p->name);
	snprintf(h->version, sizeof(h->version), "%s", p->version);
	snprintf(h->file, sizeof(h->file), "%s", p->file);
	h->dev = st.st_dev;
	h->ino = st.st_ino;
	h->size = st.st_size;
	h->mtime = st.st_mtim;
}

bool mpxd_plugin_held(struct mpxd_plugins *pl, const char *file)
{
	char real[PATH_MAX];
	size_t i;

	if (!realpath(file, real))
		return false;
	for (i = 0; i < pl->nr_held; i++) {
		if (strcmp(pl->held[i].file, real))
			continue;
		if (mpxd_plugin_held_unchanged(&pl->held[i]))
			return true;
		log_notice(pl->log, "policy \"%s\": %s changed since it was unloaded",
			   pl->held[i].name, real);
		release_at(pl, i);
		return false;
	}
	return false;
}

/* Whether a held file changed since its unload (a scan must look again). */
static bool held_changed(const struct mpxd_plugins *pl)
{
	size_t i;

	for (i = 0; i < pl->nr_held; i++)
		if (!mpxd_plugin_held_unchanged(&pl->held[i]))
			return true;
	return false;
}

int mpxd_plugin_load(struct mpxd_plugins *pl, const char *file, struct mpxd_policy **ret, char *why,
		     size_t len)
{
	char real[PATH_MAX];
	struct mpxd_policy *p, **tmp;
	size_t i;
	int r;

	r = check_file(pl, file, real, why, len);
	if (r)
		goto refused;
	for (i = 0; i < pl->nr; i++) {
		if (!strcmp(pl->list[i]->file, real)) {
			snprintf(why, len, "%s is already loaded as \"%s\"", real,
				 pl->list[i]->name);
			r = -EEXIST;
			goto refused;
		}
	}
	p = calloc(1, sizeof(*p));
	tmp = realloc(pl->list, (pl->nr + 1) * sizeof(*tmp));
	if (!p || !tmp) {
		free(p);
		if (tmp)
			pl->list = tmp;
		return -ENOMEM;
	}
	pl->list = tmp;
	p->fd = -1;
	pthread_mutex_init(&p->lock, NULL);
	snprintf(p->file, sizeof(p->file), "%s", real);
	p->exe = pl->exe;
	r = mpxd_policy_start(p, why, len);
	if (!r && mpxd_plugin_find(pl, p->name)) {
		snprintf(why, len, "a policy named \"%s\" is already loaded", p->name);
		stop_host(p);
		r = -EEXIST;
	}
	if (r) {
		pthread_mutex_destroy(&p->lock);
		free(p);
		goto refused;
	}
	pl->list[pl->nr++] = p;
	release(pl, real);
	log_notice(pl->log, "policy \"%s\" %s loaded from %s", p->name, p->version, p->file);
	if (ret)
		*ret = p;
	return 0;
refused:
	log_err(pl->log, "policy %s refused: %s", file, why);
	return r;
}

static void policy_free(struct mpxd_policy *p)
{
	stop_host(p);
	pthread_mutex_destroy(&p->lock);
	free(p);
}

void mpxd_plugin_unload(struct mpxd_plugins *pl, struct mpxd_policy *p)
{
	size_t i;

	p->unloading = true;
	for (i = 0; i < pl->nr; i++)
		if (pl->list[i] == p)
			break;
	if (i == pl->nr)
		return;
	memmove(&pl->list[i], &pl->list[i + 1], (pl->nr - i - 1) * sizeof(pl->list[0]));
	pl->nr--;
	hold(pl, p);
	log_notice(
		pl->log,
		"policy \"%s\" unloaded; %s stays unloaded until \"policy load\", a change of the file or a restart",
		p->name, p->file);
	/* checks still running with it hold a reference: the last one frees it */
	pthread_mutex_lock(&p->lock);
	if (p->refs) {
		pthread_mutex_unlock(&p->lock);
		return;
	}
	pthread_mutex_unlock(&p->lock);
	policy_free(p);
}

void mpxd_policy_get(struct mpxd_policy *p)
{
	pthread_mutex_lock(&p->lock);
	p->refs++;
	pthread_mutex_unlock(&p->lock);
}

void mpxd_policy_put(struct mpxd_policy *p)
{
	bool last;

	pthread_mutex_lock(&p->lock);
	last = !--p->refs && p->unloading;
	pthread_mutex_unlock(&p->lock);
	if (last)
		policy_free(p);
}

static int so_filter(const struct dirent *e)
{
	size_t n = strlen(e->d_name);

	return e->d_name[0] != '.' && n > 3 && !strcmp(e->d_name + n - 3, ".so");
}

/*
 * Load every *.so of the policy directory not loaded yet and not held
 * unloaded (at start, and when a map finds no policy and the directory or
 * a held file changed).
 */
size_t mpxd_plugins_load_dir(struct mpxd_plugins *pl, bool only_if_changed)
{
	const char *dir = policy_dir(pl);
	struct dirent **names = NULL;
	char file[PATH_MAX], why[512];
	struct stat st;
	size_t loaded_now = 0;
	int n, i;

	if (stat(dir, &st) < 0) {
		if (errno != ENOENT)
			log_warning_errno(pl->log, -errno, "policy_dir %s", dir);
		return 0;
	}
	if (only_if_changed && st.st_mtim.tv_sec == pl->dir_mtime.tv_sec &&
	    st.st_mtim.tv_nsec == pl->dir_mtime.tv_nsec && !held_changed(pl))
		return 0;
	pl->dir_mtime = st.st_mtim;
	n = scandir(dir, &names, so_filter, alphasort);
	if (n < 0) {
		log_warning_errno(pl->log, -errno, "cannot read policy_dir %s", dir);
		return 0;
	}
	for (i = 0; i < n; i++) {
		char real[PATH_MAX];
		size_t k;
		bool loaded = false;

		snprintf(file, sizeof(file), "%s/%s", dir, names[i]->d_name);
		free(names[i]);
		if (realpath(file, real))
			for (k = 0; k < pl->nr; k++)
				loaded |= !strcmp(pl->list[k]->file, real);
		if (!loaded && !mpxd_plugin_held(pl, file) &&
		    !mpxd_plugin_load(pl, file, NULL, why, sizeof(why)))
			loaded_now++;
	}
	free(names);
	return loaded_now;
}

void mpxd_plugins_free(struct mpxd_plugins *pl)
{
	size_t i;

	for (i = 0; i < pl->nr; i++)
		policy_free(pl->list[i]);
	free(pl->list);
	pl->list = NULL;
	pl->nr = 0;
	free(pl->held);
	pl->held = NULL;
	pl->nr_held = 0;
}
