// SPDX-License-Identifier: GPL-2.0-only
/* Keywords that say which devices a "device" entry applies to. */
#include "kw.h"

const struct mpx_kw mpx_kw_devices[] = {
	{ OPT_VENDOR, "vendor", KW_REGEX, S_DEVICE, 0, 0, 0, NULL, NULL, NULL,
	  "regular expression matched against the SCSI vendor" },
	{ OPT_PRODUCT, "product", KW_REGEX, S_DEVICE, 0, 0, 0, NULL, NULL, NULL,
	  "regular expression matched against the SCSI product" },
	{ OPT_REVISION, "revision", KW_REGEX, S_DEVICE, 0, 0, 0, NULL, NULL, NULL,
	  "regular expression matched against the SCSI revision" },
	{ OPT_PRODUCT_BLACKLIST, "product_blacklist", KW_REGEX, S_DEVICE, 0, 0, 0,
	  NULL, NULL, NULL, "products of this vendor that are never multipathed" },
	{ 0, NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, NULL },
};
