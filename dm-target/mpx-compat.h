/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Everything that depends on the kernel version or on dm-mod internals
 * lives here and in mpx-compat.c, and only there (a grep in the tests
 * enforces the version tests). Baseline: Linux 6.1 (Debian 12).
 */
#ifndef DM_MPX_COMPAT_H
#define DM_MPX_COMPAT_H

#include <linux/version.h>
#include <linux/device-mapper.h>

/*
 * dm-mod exports dm_path_uevent() but declares it in its private
 * dm-uevent.h; its event numbering has been stable since 2.6.25. It sends
 * the PATH_FAILED / PATH_REINSTATED uevents multipath daemons listen to.
 */
enum mpx_dm_uevent_type {
	MPX_UEVENT_PATH_FAILED,
	MPX_UEVENT_PATH_REINSTATED,
};
#if IS_ENABLED(CONFIG_DM_UEVENT)
extern void dm_path_uevent(enum mpx_dm_uevent_type event_type,
			   struct dm_target *ti, const char *path,
			   unsigned int nr_valid_paths);
#else
/* dm-mod sends no uevents and exports no such symbol: neither do we. */
static inline void dm_path_uevent(enum mpx_dm_uevent_type event_type, struct dm_target *ti,
				  const char *path, unsigned int nr_valid_paths)
{
}
#endif

/*
 * The bio submitted to the mpx device behind a clone the target was given,
 * or NULL if dm core's layout is not the one known (mpx-compat.c).
 */
struct bio *mpx_dm_orig_bio(struct bio *clone);

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 1, 0)
#error "dm-mpx needs Linux 6.1 or later"
#endif

#endif
