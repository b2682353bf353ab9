// SPDX-License-Identifier: GPL-2.0-only
/*
 * seams/component.c: which paths share a transport component with a failed
 * one, from sysfs paths of each transport; and seams/alua.c's reading of a
 * port group's state in a REPORT TARGET PORT GROUPS answer.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "seams/alua.h"
#include "seams/component.h"

static struct mpx_path_attrs path(const char *devnode, unsigned int host, const char *syspath,
				  const char *port)
{
	struct mpx_path_attrs a;

	memset(&a, 0, sizeof(a));
	snprintf(a.devnode, sizeof(a.devnode), "%s", devnode);
	a.host = host;
	snprintf(a.syspath, sizeof(a.syspath), "%s", syspath);
	snprintf(a.port_name, sizeof(a.port_name), "%s", port);
	return a;
}

static void shares(const struct mpx_path_attrs *a, const struct mpx_path_attrs *b, const char *want)
{
	char why[128] = "";

	assert_true(mpx_paths_share_component(a, b, why, sizeof(why)));
	assert_string_equal(why, want);
	assert_true(mpx_paths_share_component(b, a, why, sizeof(why)));
}

static void apart(const struct mpx_path_attrs *a, const struct mpx_path_attrs *b)
{
	char why[128];

	assert_false(mpx_paths_share_component(a, b, why, sizeof(why)));
	assert_false(mpx_paths_share_component(b, a, why, sizeof(why)));
}

static void by_host(void **state)
{
	struct mpx_path_attrs a = path(
		"sda", 0, "/sys/devices/pseudo_0/adapter0/host0/target0:0:0/0:0:0:0/block/sda", "");
	struct mpx_path_attrs b = path(
		"sdb", 0, "/sys/devices/pseudo_0/adapter0/host0/target0:0:0/0:0:0:1/block/sdb", "");
	struct mpx_path_attrs c = path(
		"sdc", 1, "/sys/devices/pseudo_0/adapter1/host1/target1:0:0/1:0:0:0/block/sdc", "");

	shares(&a, &b, "SCSI host 0");
	apart(&a, &c);
	apart(&a, &a); /* a path is not its own sibling */
}

static void by_transport_object(void **state)
{
	/* FC: one HBA port (host 5), two remote ports; another HBA to rport 0 */
	struct mpx_path_attrs f1 = path(
		"sdd", 5,
		"/sys/devices/pci0000:00/0000:00:03.0/host5/rport-5:0-0/target5:0:0/5:0:0:1/block/sdd",
		"");
	struct mpx_path_attrs f2 = path(
		"sde", 6,
		"/sys/devices/pci0000:00/0000:00:03.1/host6/rport-6:0-1/target6:0:1/6:0:1:1/block/sde",
		"");
	struct mpx_path_attrs f3 = path(
		"sdf", 6,
		"/sys/devices/pci0000:00/0000:00:03.1/host6/rport-6:0-1/target6:0:1/6:0:1:2/block/sdf",
		"");
	/* iSCSI: a session each, on hosts of their own */
	struct mpx_path_attrs i1 = path(
		"sdg", 7, "/sys/devices/platform/host7/session3/target7:0:0/7:0:0:0/block/sdg", "");
	struct mpx_path_attrs i2 = path(
		"sdh", 8, "/sys/devices/platform/host8/session3/target8:0:0/8:0:0:1/block/sdh", "");
	struct mpx_path_attrs i3 =
		path("sdi", 9,
		     "/sys/devices/platform/host9/session31/target9:0:0/9:0:0:0/block/sdi", "");
	/* SAS: one end device behind two LUNs */
	struct mpx_path_attrs s1 = path(
		"sdj", 10,
		"/sys/devices/pci0000:00/host10/port-10:0/end_device-10:0/target10:0:0/10:0:0:0/block/sdj",
		"");
	struct mpx_path_attrs s2 = path(
		"sdk", 11,
		"/sys/devices/pci0000:00/host11/port-11:1/end_device-10:0/target11:0:1/11:0:1:0/block/sdk",
		"");

	apart(&f1, &f2);
	shares(&f2, &f3, "SCSI host 6");
	shares(&i1, &i2, "iSCSI session");
	apart(&i1, &i3); /* session3 is not session31 */
	shares(&s1, &s2, "SAS end device");
	apart(&f1, &i1);
}

static void by_target_port(void **state)
{
	struct mpx_path_attrs a = path("sda", 2,
				       "/sys/devices/x/host2/target2:0:0/2:0:0:0/block/sda",
				       "naa.50014050000000a0");
	struct mpx_path_attrs b = path("sdb", 3,
				       "/sys/devices/x/host3/target3:0:0/3:0:0:0/block/sdb",
				       "naa.50014050000000a0");
	struct mpx_path_attrs c = path("sdc", 4,
				       "/sys/devices/x/host4/target4:0:0/4:0:0:0/block/sdc",
				       "naa.50014050000000a1");
	struct mpx_path_attrs d =
		path("sdd", 5, "/sys/devices/x/host5/target5:0:0/5:0:0:0/block/sdd", "");
	struct mpx_path_attrs e =
		path("sde", 6, "/sys/devices/x/host6/target6:0:0/6:0:0:0/block/sde", "");

	shares(&a, &b, "target port naa.50014050000000a0");
	apart(&a, &c);
	apart(&d, &e); /* no name is no shared port */
}

static void rtpg_states(void **state)
{
	/* two descriptors: group 1 transitioning (2 ports), group 2 unavailable */
	uint8_t buf[] = { 0, 0, 0, 28, 0x8f, 0, 0,    1, 0, 0, 0, 2, 0, 0,
			  0, 1, 0, 0,  0,    2, 0x03, 0, 0, 2, 0, 0, 0, 0 };
	enum mpx_alua st;
	bool pref;

	assert_int_equal(mpx_rtpg_state(buf, sizeof(buf), 1, &st, &pref), 0);
	assert_int_equal(st, MPX_ALUA_TRANSITIONING);
	assert_int_equal(mpx_rtpg_state(buf, sizeof(buf), 2, &st, &pref), 0);
	assert_int_equal(st, MPX_ALUA_UNAVAILABLE);
	assert_int_equal(mpx_rtpg_state(buf, sizeof(buf), 3, &st, &pref), -ENOENT);
	/* cut short: the second descriptor is not read past the bytes received */
	assert_int_equal(mpx_rtpg_state(buf, 24, 2, &st, &pref), -ENOENT);
	assert_int_equal(mpx_rtpg_state(buf, 3, 1, &st, &pref), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(by_host),
		cmocka_unit_test(by_transport_object),
		cmocka_unit_test(by_target_port),
		cmocka_unit_test(rtpg_states),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
