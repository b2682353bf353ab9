// SPDX-License-Identifier: GPL-2.0-only
/*
 * dm-mpx's compat header on a kernel built without CONFIG_DM_UEVENT: there
 * dm-mod exports no dm_path_uevent(), so a module that still calls it does
 * not load ("Unknown symbol"). tests/unit/compat-uevent.sh checks that this
 * module references no such symbol.
 */
#include <linux/module.h>
#undef CONFIG_DM_UEVENT
#undef CONFIG_DM_UEVENT_MODULE
#include "mpx-compat.h"

static int __init compat_init(void)
{
	dm_path_uevent(MPX_UEVENT_PATH_FAILED, NULL, "0:0", 0);
	return 0;
}

static void __exit compat_exit(void)
{
}

module_init(compat_init);
module_exit(compat_exit);
MODULE_LICENSE("GPL");
