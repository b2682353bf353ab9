/* SPDX-License-Identifier: GPL-2.0-only */
/* Kernel path selector modules (selector-modules.c). */
#ifndef MPXD_MAPS_SELECTOR_MODULES_H
#define MPXD_MAPS_SELECTOR_MODULES_H

struct mpxd;

/* The selectors dm-mpx has registered, as its "selectors" message lists them. */
int mpxd_kernel_selectors(struct mpxd *d, char **ret_list);
/* Load the module of path_selector's selector unless the target has it. */
int mpxd_ensure_selector(struct mpxd *d, const char *selector);

#endif
