// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel path selectors: which ones dm-mpx has registered, and loading the
 * module of one a map's path_selector names before its table goes in
 * (dm-mpx would request it too, but then a missing module shows up only as
 * a refused table; this way the log says which module and why).
 *
 * The registered list comes from the target's "selectors" message, sent to
 * any live map; with none, to a short-lived map of no paths.
 */
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <mpx/table.h>
#include "base/cleanup.h"
#include "conf/table-check.h"
#include "maps/selector-modules.h"
#include "mpxd.h"
#include "seams/dm-seam.h"

extern char **environ;

#define PROBE_TABLE "0 0 0 0"

int mpxd_kernel_selectors(struct mpxd *d, char **ret)
{
	char probe[64];
	size_t i;
	int r;

	for (i = 0; i < d->nr_maps; i++)
		if (d->maps[i]->live &&
		    !mpx_dm_message(d->maps[i]->name, MPX_MSG_SELECTORS, ret))
			return 0;
	snprintf(probe, sizeof(probe), "mpxd-probe-%d", (int)getpid());
	r = mpx_dm_create(probe, NULL, 1, PROBE_TABLE, 0);
	if (r)
		return r;
	r = mpx_dm_message(probe, MPX_MSG_SELECTORS, ret);
	mpx_dm_remove(probe);
	return r;
}

static bool listed(const char *list, const char *name)
{
	size_t n = strlen(name);
	const char *p;

	for (p = list; (p = strstr(p, name)); p += n)
		if ((p == list || p[-1] == ' ') && (!p[n] || p[n] == ' ' || p[n] == '\n'))
			return true;
	return false;
}

static int modprobe(struct mpxd *d, const char *module)
{
	char *argv[] = { "modprobe", "-q", (char *)module, NULL };
	pid_t pid;
	int st, r;

	r = posix_spawn(&pid, "/sbin/modprobe", NULL, NULL, argv, environ);
	if (r)
		return -r;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return WIFEXITED(st) && !WEXITSTATUS(st) ? 0 : -ENOENT;
}

int mpxd_ensure_selector(struct mpxd *d, const char *selector)
{
	_cleanup_free_ char *list = NULL;
	char name[64] = "", module[96];
	size_t i;
	int r;

	sscanf(selector, "%63s", name);
	if (mpx_builtin_grammar(name, NULL))
		return 0;	/* built into dm-mpx */
	for (i = 0; i < d->nr_loaded; i++)
		if (!strcmp(d->loaded[i], name))
			return 0;
	r = mpxd_kernel_selectors(d, &list);
	if (!r && listed(list, name))
		return 0;
	snprintf(module, sizeof(module), "dm-mpx-ps-%s", name);
	r = modprobe(d, module);
	if (r)
		return log_err_errno(&d->log, r, "selector \"%s\": cannot load module %s",
				     name, module);
	log_notice(&d->log, "selector \"%s\": loaded module %s", name, module);
	if (d->nr_loaded < sizeof(d->loaded) / sizeof(d->loaded[0]))
		snprintf(d->loaded[d->nr_loaded++], sizeof(d->loaded[0]), "%s", name);
	return 0;
}
