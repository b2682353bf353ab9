// SPDX-License-Identifier: GPL-2.0-only
/*
 * The policy loader and supervisor, with real plugins in real helper
 * processes (the built mpxd run as "--policy-host"): what is refused and
 * why, and what happens to hooks that crash, hang or keep failing.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "ctl/cmd-table.h"
#include "ctl/ctl.h"
#include "maps/map-policy.h"
#include "mpxd.h"
#include "parse.h"
#include "policy/policy.h"

static struct mpxd d;
static char dir[] = "/tmp/mpx-policy-test-XXXXXX";

/* Copy a built plugin into the policy directory as name, with mode. */
static void install(const char *src, const char *name, mode_t mode)
{
	char cmd[2048], dst[512];

	snprintf(dst, sizeof(dst), "%s/%s", dir, name);
	snprintf(cmd, sizeof(cmd), "cp %s %s", src, dst);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(chmod(dst, mode), 0);
}

static int setup(void **state)
{
	char conf[256];
	struct conf_error err;

	memset(&d, 0, sizeof(d));
	mpx_log_init(&d.log, "test", LOG_CRIT);
	d.plugins.exe = MPXD_PATH;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(chmod(dir, 0755), 0);
	snprintf(conf, sizeof(conf), "defaults {\n policy_dir \"%s\"\n}\n", dir);
	assert_int_equal(mpx_config_add_text(&d.config, "t.conf", conf, strlen(conf), &err), 0);
	return 0;
}

static int teardown(void **state)
{
	char cmd[256];

	mpxd_policies_free(&d);
	mpx_config_free(&d.config);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	strcpy(dir, "/tmp/mpx-policy-test-XXXXXX");
	return 0;
}

static int load(const char *name, char *why, size_t len)
{
	char file[512];

	snprintf(file, sizeof(file), "%s/%s", dir, name);
	why[0] = '\0';
	return mpxd_policy_load(&d, file, NULL, why, len);
}

static void loads_example(void **state)
{
	char why[512];
	struct mpxd_policy *p;

	install(PLUGINS "/example.so", "example.so", 0755);
	assert_int_equal(load("example.so", why, sizeof(why)), 0);
	p = mpxd_policy_find(&d, "example");
	assert_non_null(p);
	assert_string_equal(p->version, "1.0");
	assert_true(mpxd_policy_has(p, MPXW_MATCH));
	assert_true(mpxd_policy_has(p, MPXW_GROUP_PATHS));
	assert_false(mpxd_policy_has(p, MPXW_CHECK_PATH));
	/* the same file twice, and the same name from another file */
	assert_int_equal(load("example.so", why, sizeof(why)), -EEXIST);
	assert_non_null(strstr(why, "is already loaded as \"example\""));
	install(PLUGINS "/example.so", "example-copy.so", 0755);
	assert_int_equal(load("example-copy.so", why, sizeof(why)), -EEXIST);
	assert_non_null(strstr(why, "a policy named \"example\" is already loaded"));
	assert_int_equal(d.plugins.nr, 1);
	/* unload */
	assert_int_equal(mpxd_policy_unload(&d, "nope", why, sizeof(why)), -ENOENT);
	assert_string_equal(why, "no policy named \"nope\" is loaded");
	assert_int_equal(mpxd_policy_unload(&d, "example", why, sizeof(why)), 0);
	assert_int_equal(d.plugins.nr, 0);
}

static void refuses_bad_abi(void **state)
{
	static const struct {
		const char *file, *why;
	} cases[] = {
		{ "bad-major.so", "built for policy ABI 2.1, mpxd has 1.1" },
		{ "bad-minor.so", "built for policy ABI 1.2, mpxd has 1.1" },
		{ "bad-size.so", "struct_size 16 is smaller than ABI 1.0's" },
		{ "bad-no_group.so", "has no group_paths hook (required)" },
		{ "bad-name.so", "name must be 1 to 31 of [a-z0-9_-]" },
		{ "bad-init.so", "init failed: Operation not supported" },
		{ "bad-no_symbol.so", "exports no \"mpx_policy\" symbol" },
	};
	char why[512], src[512];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(src, sizeof(src), ABI "/%s", cases[i].file);
		install(src, cases[i].file, 0755);
		assert_int_not_equal(load(cases[i].file, why, sizeof(why)), 0);
		if (!strstr(why, cases[i].why)) {
			print_error("%s: \"%s\", expected \"%s\"\n", cases[i].file, why, cases[i].why);
			fail();
		}
	}
	assert_int_equal(d.plugins.nr, 0);
}

static void refuses_unsafe_files(void **state)
{
	char why[512], path[512], link[512];

	install(PLUGINS "/example.so", "open.so", 0775);
	assert_int_equal(load("open.so", why, sizeof(why)), -EPERM);
	assert_non_null(strstr(why, "is writable by group or others (mode 0775)"));
	install(PLUGINS "/example.so", "nobody.so", 0755);
	snprintf(path, sizeof(path), "%s/nobody.so", dir);
	assert_int_equal(chown(path, 65534, 65534), 0);
	assert_int_equal(load("nobody.so", why, sizeof(why)), -EPERM);
	assert_non_null(strstr(why, "is owned by uid 65534, not root"));
	/* a link out of the directory */
	snprintf(link, sizeof(link), "%s/outside.so", dir);
	assert_int_equal(symlink(PLUGINS "/example.so", link), 0);
	assert_int_equal(load("outside.so", why, sizeof(why)), -EPERM);
	assert_non_null(strstr(why, "is not in the policy directory"));
	/* a directory others may write to */
	install(PLUGINS "/example.so", "fine.so", 0755);
	assert_int_equal(chmod(dir, 0777), 0);
	assert_int_equal(load("fine.so", why, sizeof(why)), -EPERM);
	assert_non_null(strstr(why, "writable by group or others (mode 0777)"));
	assert_int_equal(chmod(dir, 0755), 0);
	assert_int_equal(load("fine.so", why, sizeof(why)), 0);
}

static int group_call(struct mpxd_policy *p, unsigned int timeout_ms)
{
	struct mpxw_group_call *call = calloc(1, sizeof(*call));
	struct mpxw_group_reply rep;
	int r;

	assert_non_null(call);
	call->dev.nr_paths = 2;
	snprintf(call->dev.paths[0].devnode, 32, "sda");
	snprintf(call->dev.paths[1].devnode, 32, "sdb");
	r = mpxd_policy_call(&d.plugins, p, MPXW_GROUP_PATHS, call, sizeof(*call), &rep,
			     sizeof(rep), timeout_ms);
	free(call);
	return r;
}

static void supervises_hooks(void **state)
{
	char why[512];
	struct mpxd_policy *p;
	pid_t pid;
	int i;

	/* a crash costs the hook, not mpxd; the host process is restarted */
	install(ABI "/bad-crash.so", "crash.so", 0755);
	assert_int_equal(load("crash.so", why, sizeof(why)), 0);
	p = mpxd_policy_find(&d, "bad-crash");
	pid = p->pid;
	assert_int_equal(group_call(p, 2000), -EPIPE);
	assert_int_equal(p->stats[MPXW_GROUP_PATHS].errors, 1);
	assert_false(mpxd_policy_has(p, MPXW_GROUP_PATHS));
	assert_true(mpxd_policy_has(p, MPXW_MATCH));
	assert_int_not_equal(p->pid, pid);
	assert_int_equal(group_call(p, 2000), -ENOSYS);

	/* a hang is cut at the budget */
	install(ABI "/bad-hang.so", "hang.so", 0755);
	assert_int_equal(load("hang.so", why, sizeof(why)), 0);
	p = mpxd_policy_find(&d, "bad-hang");
	assert_int_equal(group_call(p, 300), -ETIMEDOUT);
	assert_int_equal(p->stats[MPXW_GROUP_PATHS].timeouts, 1);
	assert_false(mpxd_policy_has(p, MPXW_GROUP_PATHS));

	/* repeated errors switch the hook off after MPXD_POLICY_MAX_ERRORS */
	install(ABI "/bad-fail.so", "fail.so", 0755);
	assert_int_equal(load("fail.so", why, sizeof(why)), 0);
	p = mpxd_policy_find(&d, "bad-fail");
	for (i = 0; i < MPXD_POLICY_MAX_ERRORS; i++) {
		assert_true(mpxd_policy_has(p, MPXW_GROUP_PATHS));
		assert_int_equal(group_call(p, 2000), -EIO);
	}
	assert_false(mpxd_policy_has(p, MPXW_GROUP_PATHS));
	assert_int_equal(p->stats[MPXW_GROUP_PATHS].calls, MPXD_POLICY_MAX_ERRORS);
}

/* "show policies" as text or JSON, into buf. */
static void show(bool json, char *buf, size_t len)
{
	struct mpx_cmd_req q = { .json = json };
	char *words[] = { "show", "policies" };
	FILE *f = fmemopen(buf, len, "w");

	assert_non_null(f);
	assert_int_equal(mpx_cmd_match(words, 2, &q), 0);
	q.json = json;
	assert_int_equal(mpxd_show_policies(&d, &q, f), 0);
	fclose(f);
}

/* Set a file's mtime to now + s seconds: "the file changed". */
static void touch(const char *name, int s)
{
	struct timespec ts[2];
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	clock_gettime(CLOCK_REALTIME, &ts[0]);
	ts[0].tv_sec += s;
	ts[1] = ts[0];
	assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
}

/*
 * "policy unload" holds: neither a rescan of the directory, a new file in
 * it, nor a map's "policy" keyword loads the module again, until its file
 * changes or "policy load" names it.
 */
static void unload_holds(void **state)
{
	struct mpxd_map m = { .name = "m" };
	char why[512], out[4096], conf[512];
	struct conf_error err;

	install(PLUGINS "/example.so", "example.so", 0755);
	mpxd_policies_load_dir(&d, false);
	assert_non_null(mpxd_policy_find(&d, "example"));
	assert_int_equal(mpxd_policy_unload(&d, "example", why, sizeof(why)), 0);
	assert_null(mpxd_policy_find(&d, "example"));
	assert_int_equal(d.plugins.nr_held, 1);

	mpxd_policies_load_dir(&d, false);	/* a full scan, as at start */
	assert_null(mpxd_policy_find(&d, "example"));
	install(ABI "/bad-fail.so", "other.so", 0755);	/* the directory changed */
	mpxd_policies_load_dir(&d, true);
	assert_non_null(mpxd_policy_find(&d, "bad-fail"));
	assert_null(mpxd_policy_find(&d, "example"));
	/* a map whose config names it */
	mpx_config_free(&d.config);
	memset(&d.config, 0, sizeof(d.config));
	snprintf(conf, sizeof(conf), "defaults {\n policy_dir \"%s\"\n policy example\n}\n", dir);
	assert_int_equal(mpx_config_add_text(&d.config, "t.conf", conf, strlen(conf), &err), 0);
	mpxd_policy_choose(&d, &m);
	assert_null(m.policy);
	assert_null(mpxd_policy_find(&d, "example"));

	/* show policies: present, unloaded */
	show(false, out, sizeof(out));
	if (!strstr(out, "example 1.0 (") || !strstr(out, "/example.so) unloaded, maps: -\n") ||
	    !strstr(out, "  present, held unloaded until \"policy load\", a change of the file "
			 "or a restart\n")) {
		print_error("show policies:\n%s", out);
		fail();
	}
	show(true, out, sizeof(out));
	assert_non_null(strstr(out, "\"unloaded\":[{\"name\":\"example\",\"version\":\"1.0\""));
	assert_non_null(strstr(out, "\"present\":true,\"loaded\":false,\"file_changed\":false}]"));

	/* a changed file ends the hold: the next look loads it */
	touch("example.so", 10);
	show(false, out, sizeof(out));
	assert_non_null(strstr(out, "changed since the unload"));
	mpxd_policy_choose(&d, &m);
	assert_non_null(m.policy);
	assert_string_equal(m.policy->name, "example");
	assert_int_equal(d.plugins.nr_held, 0);

	/* "policy load" ends it too */
	assert_int_equal(mpxd_policy_unload(&d, "example", why, sizeof(why)), 0);
	m.policy = NULL;
	mpxd_policies_load_dir(&d, false);
	assert_null(mpxd_policy_find(&d, "example"));
	assert_int_equal(load("example.so", why, sizeof(why)), 0);
	assert_non_null(mpxd_policy_find(&d, "example"));
	assert_int_equal(d.plugins.nr_held, 0);
	show(true, out, sizeof(out));
	assert_non_null(strstr(out, "\"unloaded\":[]"));

	/* a held file that is deleted is no longer shown */
	assert_int_equal(mpxd_policy_unload(&d, "example", why, sizeof(why)), 0);
	snprintf(conf, sizeof(conf), "%s/example.so", dir);
	assert_int_equal(unlink(conf), 0);
	show(false, out, sizeof(out));
	assert_null(strstr(out, "unloaded"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(loads_example, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_bad_abi, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_unsafe_files, setup, teardown),
		cmocka_unit_test_setup_teardown(supervises_hooks, setup, teardown),
		cmocka_unit_test_setup_teardown(unload_holds, setup, teardown),
	};

	if (geteuid()) {
		fprintf(stderr, "test-policy needs root: plugin files must be owned by root\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
