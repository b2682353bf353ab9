// SPDX-License-Identifier: GPL-2.0-only
/*
 * The built-in device table: the settings the array vendors publish for
 * Linux's dm-multipath, for the common array families, so that such a LUN
 * gets them with no device entry in the config. Each row is written in
 * multipath.conf syntax, from the vendor's host configuration document
 * named above it, and read by the same parser as a config file (a unit
 * test checks that every row loads without a warning). Only keywords mpx
 * acts on are written; what else a document sets (fast_io_fail_tmo,
 * dev_loss_tmo, max_sectors_kb, detect_prio) is named in its comment.
 *
 * Where a document sets "detect_prio yes" with an array-specific
 * prioritizer as fallback, the row says "prio alua": those arrays report
 * ALUA on every LUN, so detect_prio picks alua for them.
 *
 * A user's device entry with the same vendor and product merges over a
 * row, keyword by keyword (resolve.c looks at the config's entries before
 * the table's). The origin of a value from here is "built in (<name>)".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "conf-internal.h"
#include "kw.h"

struct builtin_device {
	const char *name;	/* the array family, shown as the origin */
	const char *entry;	/* the device entry's lines */
};

/* One device entry a row, as it reads in multipath.conf. */
/* clang-format off */
static const struct builtin_device table[] = {
	/*
	 * NetApp ONTAP (AFF, FAS, ASA; FC and iSCSI). NetApp, "ONTAP SAN host
	 * configuration: Use Red Hat Enterprise Linux 9.x with ONTAP",
	 * "Configure multipathing", table of the parameter settings
	 * (docs.netapp.com/us-en/ontap-sanhost/hu_rhel_94.html; the same
	 * table for RHEL 8, SLES 15, Ubuntu). Also: detect_prio yes (prio
	 * ontap as fallback), dev_loss_tmo infinity, fast_io_fail_tmo 5.
	 */
	{ "NetApp ONTAP",
	  "vendor \"NETAPP\"\n"
	  "product \"LUN\"\n"
	  "path_grouping_policy group_by_prio\n"
	  "prio alua\n"
	  "path_selector \"service-time 0\"\n"
	  "path_checker tur\n"
	  "features \"2 pg_init_retries 50\"\n"
	  "hardware_handler \"0\"\n"
	  "retain_attached_hw_handler yes\n"
	  "failback immediate\n"
	  "no_path_retry queue\n"
	  "flush_on_last_del yes\n"
	  "rr_weight uniform\n"
	  "user_friendly_names no\n" },
	/*
	 * Pure Storage FlashArray (SCSI: FC and iSCSI). Pure Storage, "Linux
	 * Recommended Settings", "DM-Multipath" device section
	 * (support.purestorage.com/Solutions/Linux/Reference/
	 * Linux_Recommended_Settings). Also: fast_io_fail_tmo 10,
	 * dev_loss_tmo 600.
	 */
	{ "Pure FlashArray",
	  "vendor \"PURE\"\n"
	  "product \"FlashArray\"\n"
	  "path_grouping_policy group_by_prio\n"
	  "prio alua\n"
	  "hardware_handler \"1 alua\"\n"
	  "path_selector \"service-time 0\"\n"
	  "path_checker tur\n"
	  "features \"0\"\n"
	  "failback immediate\n"
	  "no_path_retry fail\n" },
	/*
	 * Dell PowerStore. Dell, "Dell PowerStore Host Configuration Guide",
	 * "Host Configuration for Linux", "Configuring Linux native
	 * multipathing" (multipath.conf device section). Also: detect_prio
	 * yes, fast_io_fail_tmo 5, max_sectors_kb 1024.
	 */
	{ "Dell PowerStore",
	  "vendor \"DellEMC\"\n"
	  "product \"PowerStore\"\n"
	  "path_grouping_policy group_by_prio\n"
	  "prio alua\n"
	  "hardware_handler \"1 alua\"\n"
	  "path_selector \"queue-length 0\"\n"
	  "path_checker tur\n"
	  "failback immediate\n"
	  "no_path_retry 3\n"
	  "rr_min_io_rq 1\n" },
	/*
	 * Dell PowerMax and VMAX (active/active, no ALUA). Dell, "Dell
	 * PowerMax and VMAX All Flash: Host Connectivity Guide for Linux"
	 * (E-Lab), "Native multipathing", recommended device section. Also:
	 * rr_min_io 1000 (for bio-based maps).
	 */
	{ "Dell PowerMax",
	  "vendor \"EMC\"\n"
	  "product \"SYMMETRIX\"\n"
	  "path_grouping_policy multibus\n"
	  "prio const\n"
	  "path_checker tur\n"
	  "features \"0\"\n"
	  "hardware_handler \"0\"\n"
	  "rr_weight uniform\n"
	  "rr_min_io_rq 1\n"
	  "no_path_retry 6\n" },
	/*
	 * Dell Unity (ALUA failover mode). Dell, "Dell Unity Family: Host
	 * Connectivity Guide for Linux" (E-Lab), "Native multipathing",
	 * device section for the "DGC" vendor. The document's path checker
	 * is emc_clariion, which mpx serves with TEST UNIT READY; it sets no
	 * queueing feature (no_path_retry decides). LUNZ, the placeholder LUN
	 * of an unmapped host, is not multipathed.
	 */
	{ "Dell Unity",
	  "vendor \"DGC\"\n"
	  "product \".*\"\n"
	  "product_blacklist \"LUNZ\"\n"
	  "path_grouping_policy group_by_prio\n"
	  "prio alua\n"
	  "hardware_handler \"1 alua\"\n"
	  "path_checker tur\n"
	  "features \"0\"\n"
	  "failback immediate\n"
	  "rr_weight uniform\n"
	  "no_path_retry 60\n" },
	/*
	 * HPE 3PAR StoreServ, Primera and Alletra 9000 (they report vendor
	 * "3PARdata", product "VV"). HPE, "HPE Primera OS / HPE 3PAR OS: Red
	 * Hat Enterprise Linux Implementation Guide", "Modifying the
	 * /etc/multipath.conf file" (ALUA, host persona 2). Also:
	 * fast_io_fail_tmo 10, dev_loss_tmo infinity, detect_prio yes.
	 */
	{ "HPE 3PAR/Primera",
	  "vendor \"3PARdata\"\n"
	  "product \"VV\"\n"
	  "path_grouping_policy group_by_prio\n"
	  "prio alua\n"
	  "hardware_handler \"1 alua\"\n"
	  "path_selector \"round-robin 0\"\n"
	  "path_checker tur\n"
	  "features \"0\"\n"
	  "failback immediate\n"
	  "rr_weight uniform\n"
	  "rr_min_io_rq 1\n"
	  "no_path_retry 18\n" },
	/*
	 * HPE Nimble Storage and Alletra 5000/6000. HPE, "HPE Nimble Storage
	 * Linux Integration Guide", "Configure DM-Multipath"
	 * (multipath.conf device section, also written by the Nimble Linux
	 * Toolkit). Also: fast_io_fail_tmo 5, dev_loss_tmo infinity.
	 */
	{ "HPE Nimble",
	  "vendor \"Nimble\"\n"
	  "product \"Server\"\n"
	  "path_grouping_policy group_by_prio\n"
	  "prio alua\n"
	  "hardware_handler \"1 alua\"\n"
	  "path_selector \"service-time 0\"\n"
	  "path_checker tur\n"
	  "failback immediate\n"
	  "rr_weight uniform\n"
	  "rr_min_io_rq 1\n"
	  "no_path_retry 30\n" },
	/*
	 * IBM FlashSystem, Storwize and SAN Volume Controller (product
	 * "2145"). IBM Documentation, "IBM Storage Virtualize: Host
	 * attachment, Linux hosts, Settings for Linux hosts: multipath.conf
	 * for DM-MPIO" (ibm.com/docs, FlashSystem 5x00/7x00/9x00 and SVC).
	 * Also: dev_loss_tmo 120, fast_io_fail_tmo 5.
	 */
	{ "IBM FlashSystem/SVC",
	  "vendor \"IBM\"\n"
	  "product \"^2145\"\n"
	  "path_grouping_policy group_by_prio\n"
	  "prio alua\n"
	  "path_selector \"service-time 0\"\n"
	  "path_checker tur\n"
	  "failback immediate\n"
	  "rr_weight uniform\n"
	  "rr_min_io_rq 1\n"
	  "no_path_retry 5\n" },
	/*
	 * IBM DS8000 (product "2107900"; ALUA with preferred paths). IBM,
	 * "IBM DS8000: Host Systems Attachment Guide", "Linux host attachment,
	 * Device Mapper Multipath" (ibm.com/docs/en/ds8900).
	 */
	{ "IBM DS8000",
	  "vendor \"IBM\"\n"
	  "product \"^2107900\"\n"
	  "path_grouping_policy group_by_prio\n"
	  "prio alua\n"
	  "path_checker tur\n"
	  "failback immediate\n"
	  "no_path_retry queue\n" },
	/*
	 * Hitachi VSP (VSP 5000, E, F and G series, and the HPE XP arrays
	 * built on them: product "OPEN-<emulation>"; symmetric active/active).
	 * Hitachi Vantara, "Hitachi Virtual Storage Platform: Open-Systems
	 * Host Attachment Guide", "Linux: Device Mapper Multipath
	 * configuration".
	 */
	{ "Hitachi VSP",
	  "vendor \"(HITACHI|HP|HPE)\"\n"
	  "product \"^OPEN-\"\n"
	  "path_grouping_policy multibus\n"
	  "prio const\n"
	  "path_checker tur\n"
	  "features \"0\"\n"
	  "hardware_handler \"0\"\n"
	  "rr_weight uniform\n"
	  "failback immediate\n" },
	/*
	 * Huawei OceanStor (Dorado and hybrid series, product "XSG1", with the
	 * host's "Third-party multipath" mode: ALUA on). Huawei, "OceanStor
	 * Host Connectivity Guide for Red Hat" (and for SUSE), "Configuring
	 * DM-Multipath", multipath.conf device section. Also:
	 * fast_io_fail_tmo 5, dev_loss_tmo 30.
	 */
	{ "Huawei OceanStor",
	  "vendor \"HUAWEI\"\n"
	  "product \"XSG1\"\n"
	  "path_grouping_policy group_by_prio\n"
	  "prio alua\n"
	  "path_selector \"round-robin 0\"\n"
	  "path_checker tur\n"
	  "failback immediate\n"
	  "no_path_retry 15\n" },
	/*
	 * Infinidat InfiniBox. Infinidat, "InfiniBox Best Practices Guide for
	 * Linux Hosts" / Host PowerTools' multipath.conf device section
	 * (support.infinidat.com). Also: fast_io_fail_tmo 15, dev_loss_tmo 15,
	 * rr_min_io 1.
	 */
	{ "Infinidat InfiniBox",
	  "vendor \"NFINIDAT\"\n"
	  "product \"InfiniBox\"\n"
	  "path_grouping_policy group_by_prio\n"
	  "prio alua\n"
	  "hardware_handler \"1 alua\"\n"
	  "path_selector \"round-robin 0\"\n"
	  "path_checker tur\n"
	  "features \"0\"\n"
	  "failback 30\n"
	  "rr_weight priorities\n"
	  "rr_min_io_rq 1\n"
	  "no_path_retry fail\n"
	  "flush_on_last_del yes\n" },
	/*
	 * LIO, the Linux kernel's SCSI target (targetcli, and appliances built
	 * on it). It implements implicit and explicit ALUA with target port
	 * groups (drivers/target/target_core_alua.c; "targetcli(8)", the
	 * alua/ groups of a backstore), so its LUNs are grouped by ALUA
	 * priority; no_path_retry 12 rides out a target restart (a minute at
	 * the default polling interval).
	 */
	{ "LIO",
	  "vendor \"LIO-ORG\"\n"
	  "product \".*\"\n"
	  "path_grouping_policy group_by_prio\n"
	  "prio alua\n"
	  "hardware_handler \"1 alua\"\n"
	  "failback immediate\n"
	  "no_path_retry 12\n" },
};
/* clang-format on */

#define BUILTIN_FILE "built-in device table"

/* One row through the config parser, as if it were "device { ... }". */
static int load_row(struct mpx_config *c, const struct builtin_device *row, struct mpx_optset *o,
		    struct conf_error *err)
{
	struct conf_doc doc;
	int id, r;

	r = conf_parse(BUILTIN_FILE, row->entry, strlen(row->entry), &doc, err);
	if (r)
		return r;
	memset(o, 0, sizeof(*o));
	r = conf_apply_section(c, o, S_DEVICE, "devices", 0, &doc.root, err);
	conf_doc_free(&doc);
	if (r) {
		conf_optset_free(o);
		return r;
	}
	for (id = 0; id < NR_OPTS; id++)
		o->at[id] = (struct mpx_origin){ .kind = MPX_ORIGIN_BUILTIN,
						 .section = "devices",
						 .source = row->name };
	if (conf_compile_device(o)) {
		conf_optset_free(o);
		snprintf(err->file, sizeof(err->file), BUILTIN_FILE);
		snprintf(err->msg, sizeof(err->msg), "row \"%s\" does not compile", row->name);
		return -EINVAL;
	}
	return 0;
}

int conf_builtin_devices(struct mpx_config *c, struct conf_error *err)
{
	size_t n = sizeof(table) / sizeof(table[0]), i;
	struct mpx_optset *tmp;
	int r;

	tmp = realloc(c->devices, (c->nr_devices + n) * sizeof(*tmp));
	if (!tmp)
		return -ENOMEM;
	c->devices = tmp;
	/* the table comes first: the config's entries are looked at before it */
	memmove(tmp + n, tmp, c->nr_devices * sizeof(*tmp));
	for (i = 0; i < n; i++) {
		r = load_row(c, &table[i], &tmp[i], err);
		if (r) {
			while (i-- > 0)
				conf_optset_free(&tmp[i]);
			memmove(tmp, tmp + n, c->nr_devices * sizeof(*tmp));
			return r;
		}
	}
	c->nr_devices += n;
	c->nr_builtin_devices = n;
	return 0;
}
