/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The loaded configuration: multipath.conf's sections with meaning.
 *
 * Per-map options (path_selector, no_path_retry, ...) may be set in
 * defaults, devices, multipaths and overrides; each level is a struct
 * mpx_optset holding the values it sets and where each came from. The
 * effective value for a map is resolved in multipath-tools' order:
 * multipath entry > overrides > device entries (the config's, then the
 * built-in table's: hwtable.c) > defaults > the keyword's built-in value
 * (resolve.c).
 */
#ifndef MPX_CONF_CONFIG_H
#define MPX_CONF_CONFIG_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Option ids: one per keyword that carries a value (kw-*.c rows). */
enum mpx_opt {
	/* defaults only */
	OPT_VERBOSITY,
	OPT_POLLING_INTERVAL,
	OPT_MAX_POLLING_INTERVAL,
	OPT_CHECKER_TIMEOUT,
	OPT_FIND_MULTIPATHS,
	OPT_BINDINGS_FILE,
	OPT_PRKEYS_FILE,
	OPT_QUEUE_WITHOUT_DAEMON,
	OPT_POLICY_DIR,
	OPT_TENANT_BUDGET,
	OPT_MIGRATE_HOOK,
	OPT_WWIDS_FILE,
	/* per map: defaults, devices, multipaths, overrides */
	OPT_PATH_SELECTOR,
	OPT_PATH_GROUPING_POLICY,
	OPT_PATH_CHECKER,
	OPT_PRIO,
	OPT_FEATURES,
	OPT_HARDWARE_HANDLER,
	OPT_FAILBACK,
	OPT_RR_WEIGHT,
	OPT_RR_MIN_IO_RQ,
	OPT_NO_PATH_RETRY,
	OPT_USER_FRIENDLY_NAMES,
	OPT_ALIAS_PREFIX,
	OPT_FLUSH_ON_LAST_DEL,
	OPT_RETAIN_HW_HANDLER,
	OPT_POLICY,
	OPT_RESERVATION_KEY,
	OPT_SAN_PATH_ERR_THRESHOLD,
	OPT_SAN_PATH_ERR_FORGET_RATE,
	OPT_SAN_PATH_ERR_RECOVERY_TIME,
	OPT_MARGINAL_DOUBLE_FAILED_TIME,
	OPT_MARGINAL_ERR_SAMPLE_TIME,
	OPT_MARGINAL_ERR_RATE_THRESHOLD,
	OPT_MARGINAL_ERR_RECHECK_GAP_TIME,
	OPT_PRIO_ARGS,
	OPT_DETECT_PRIO,
	OPT_DETECT_PGPOLICY,
	OPT_DETECT_PGPOLICY_USE_TPG,
	OPT_DETECT_CHECKER,
	/* tenant entries (kw-tenants.c) */
	OPT_WEIGHT,
	OPT_PRIORITY,
	OPT_IOPS_LIMIT,
	OPT_BPS_LIMIT,
	OPT_PATH_AFFINITY,
	OPT_ON_FAILOVER,
	OPT_SUSPEND_TIMEOUT,
	OPT_FAILOVER_FREEZE_DELAY,
	OPT_ON_NO_PATH,
	/* identity keys of device / multipath / tenant entries (printed first) */
	OPT_VENDOR,
	OPT_PRODUCT,
	OPT_REVISION,
	OPT_PRODUCT_BLACKLIST,
	OPT_WWID,
	OPT_ALIAS,
	OPT_TENANT_NAME,
	OPT_CGROUP,
	NR_OPTS
};
/* struct mpx_optset keeps a bit per option in a 64-bit word */
_Static_assert(NR_OPTS <= 64, "too many options for mpx_optset.set");

/* Special values of integer options. */
#define MPX_FAILBACK_IMMEDIATE (-1)
#define MPX_FAILBACK_MANUAL (-2)
#define MPX_FAILBACK_FOLLOWOVER (-3)
#define MPX_NO_PATH_RETRY_FAIL (-1)
#define MPX_NO_PATH_RETRY_QUEUE (-2)
#define MPX_RR_WEIGHT_UNIFORM 0
#define MPX_RR_WEIGHT_PRIORITIES 1	/* repeat count times the path's priority */

enum mpx_pgp {
	MPX_PGP_FAILOVER,
	MPX_PGP_MULTIBUS,
	MPX_PGP_GROUP_BY_SERIAL,
	MPX_PGP_GROUP_BY_PRIO,
	MPX_PGP_GROUP_BY_NODE_NAME,
	MPX_PGP_GROUP_BY_TPG,
};

enum mpx_checker_kind {
	MPX_CHECKER_TUR,
	MPX_CHECKER_DIRECTIO,
	MPX_CHECKER_READSECTOR0,
	MPX_CHECKER_NONE,
};

/* prio: how a path's priority is found (kw-map.c, daemon/prio/). */
enum mpx_prio_kind {
	MPX_PRIO_CONST,		/* every path 1 */
	MPX_PRIO_ALUA,		/* REPORT TARGET PORT GROUPS: the path's port group state */
	MPX_PRIO_SYSFS,		/* the same, as the kernel's alua handler keeps it in sysfs */
	MPX_PRIO_WEIGHTEDPATH,	/* prio_args: paths by name, H:C:T:L, serial or FC names */
	MPX_PRIO_PATH_LATENCY,	/* timed reads: the faster, the higher */
	MPX_PRIO_RANDOM,	/* 1 to 10, drawn anew when the path changes state */
};

enum mpx_find_multipaths {
	MPX_FIND_NO,		/* "no" / "greedy": every path makes a map */
	MPX_FIND_YES,		/* two paths of a LUN, or a known WWID */
	MPX_FIND_STRICT,	/* only WWIDs named in multipaths */
	MPX_FIND_SMART,		/* as yes (mpx does not wait for a second path) */
};

enum mpx_flush {
	MPX_FLUSH_NEVER,	/* "no" / "never" */
	MPX_FLUSH_UNUSED,	/* "unused": when no one holds the map open */
	MPX_FLUSH_ALWAYS,	/* "yes" / "always": fail held I/O, then remove */
};

enum mpx_on_failover {
	MPX_ON_FAILOVER_NONE,		/* the map queues or fails as configured */
	MPX_ON_FAILOVER_SUSPEND,	/* freeze the tenant's cgroup meanwhile */
};

enum mpx_on_no_path {
	MPX_ON_NO_PATH_QUEUE,		/* the map's own setting (queue_if_no_path...) */
	MPX_ON_NO_PATH_FAIL,		/* this tenant's I/O fails, others queue */
	MPX_ON_NO_PATH_MIGRATE,		/* queue, and run migrate_hook once */
};

/* Where a value came from. */
enum mpx_origin_kind {
	MPX_ORIGIN_DEFAULT, /* the keyword row's built-in value */
	MPX_ORIGIN_FILE, /* a config file: file, line, section, index */
	MPX_ORIGIN_BUILTIN, /* a row of the built-in device table: source */
	MPX_ORIGIN_DETECTED, /* found on the LUN (e.g. ALUA): source says what */
};

struct mpx_origin {
	const char *file; /* NULL unless MPX_ORIGIN_FILE */
	unsigned int line;
	const char *section;	/* "defaults", "devices", "multipaths", "overrides" */
	unsigned int index;	/* entry number within devices/multipaths, 1-based */
	enum mpx_origin_kind kind;
	const char *source; /* BUILTIN: the array family; DETECTED: what was seen */
};

union mpx_val {
	long long i;
	char *s;
};

struct mpx_optset {
	uint64_t set;			/* bit per enum mpx_opt */
	union mpx_val v[NR_OPTS];
	struct mpx_origin at[NR_OPTS];
	regex_t vendor_re, product_re, revision_re, blacklist_re;
	bool have_re;			/* device entries: the four are compiled */
	unsigned int have_re_mask;	/* which of them to free */
};

/* One blacklist or exception rule. */
struct mpx_bl_rule {
	enum { MPX_BL_DEVNODE, MPX_BL_WWID, MPX_BL_PROPERTY, MPX_BL_PROTOCOL,
	       MPX_BL_DEVICE } kind;
	char *pattern;			/* devnode/wwid/property/protocol */
	char *vendor, *product; /* device: either may be NULL (any) */
	regex_t re, vendor_re, product_re;
	/* a pattern written "!regex" matches what the regex does not */
	bool invert, vendor_invert, product_invert;
	struct mpx_origin at;
};

struct mpx_bl {
	struct mpx_bl_rule *rules;
	size_t nr;
};

struct mpx_config {
	struct mpx_optset defaults;
	struct mpx_optset overrides;
	/* the built-in table's entries (hwtable.c) first, then the config's */
	struct mpx_optset *devices;
	size_t nr_devices, nr_builtin_devices;
	bool have_builtin;
	struct mpx_optset *multipaths;
	size_t nr_multipaths;
	struct mpx_bl blacklist, exceptions;
	struct mpx_optset *tenants;	/* tenants { tenant { ... } ... } */
	size_t nr_tenants;
	char **files;			/* every file read, for origins */
	size_t nr_files;
	char **warnings;		/* "file:line: text", for the caller to log */
	size_t nr_warnings;
	char **ignored;			/* unsupported keywords already warned about */
	size_t nr_ignored;
	char **notices; /* what was read, for the caller to log */
	size_t nr_notices;
};

struct conf_error;

/*
 * Load path (a file) and every *.conf in dropin_dir (NULL: none), in
 * lexical order, into a zeroed c. What multipath-tools reads with a
 * warning becomes one of c->warnings ("file:line: text"); what it refuses
 * (a blacklist regular expression that does not compile, a bad
 * reservation_key) and bad values of mpx's own keywords are fatal: -EINVAL
 * with err naming file:line:column and why. A missing main file is fine
 * (all defaults). Nothing here logs.
 */
int mpx_config_load(struct mpx_config *c, const char *path,
		    const char *dropin_dir, struct conf_error *err);

/*
 * As mpx_config_load(), but when neither path nor any *.conf in dropin_dir
 * exists, read compat_path and compat_dir (multipath-tools' files) instead,
 * with multipath-tools' own file locations as defaults (bindings, prkeys).
 * c->notices says which files were read.
 */
int mpx_config_load_compat(struct mpx_config *c, const char *path, const char *dropin_dir,
			   const char *compat_path, const char *compat_dir, struct conf_error *err);

/*
 * mpxd's loader: with mpxd's own default file and directory (MPX_CONF_FILE,
 * MPX_CONF_DIR), mpx_config_load_compat() with /etc/multipath.conf and
 * /etc/multipath/conf.d; with any other, mpx_config_load().
 */
int mpx_config_load_mpxd(struct mpx_config *c, const char *path, const char *dropin_dir,
			 struct conf_error *err);
void mpx_config_free(struct mpx_config *c);

/* Add the text of one file to c (used by load and by the tests). */
int mpx_config_add_text(struct mpx_config *c, const char *file,
			const char *text, size_t len, struct conf_error *err);

/* resolve.c: what identifies a LUN for device and multipath entries. */
struct mpx_dev_id {
	const char *vendor, *product, *revision, *wwid;
};

/*
 * The effective value of an option for a LUN (dev may be NULL: defaults
 * only), in multipath.conf's precedence; *ret_origin (may be NULL) says
 * where it came from (file NULL: built in). Strings point into c or are
 * constants; they are NULL when unset (e.g. reservation_key).
 */
union mpx_val mpx_conf_get(const struct mpx_config *c, enum mpx_opt id,
			   const struct mpx_dev_id *dev, struct mpx_origin *ret_origin);

/*
 * "devices[2] at /etc/mpx.conf:41", "built in", "built in (NetApp ONTAP)"
 * or "detected (ALUA)".
 */
void mpx_origin_format(const struct mpx_origin *o, char *buf, size_t len);

/* blacklist.c: what identifies a path for blacklist rules. */
struct mpx_path_id {
	const char *devnode;		/* "sdb" */
	const char *wwid;
	const char *vendor, *product;
	const char *protocol;		/* "scsi:fcp", "scsi:unspec", ... */
	const char *const *properties;	/* udev property names, NULL-terminated */
};

/* true if the path must not be multipathed; *ret_why says which rule. */
bool mpx_conf_blacklisted(const struct mpx_config *c, const struct mpx_path_id *p,
			  char *why, size_t len);

/*
 * claim.c: whether a path gets a map, asked by mpxd (maps.c) and, before
 * mpxd runs, by the udev helper (mpx-udev.c), so that both answer alike.
 * Eligible: it has a WWID, and no blacklist rule or device entry's
 * product_blacklist excludes it (false with *why).
 */
bool mpx_conf_path_eligible(const struct mpx_config *c, const struct mpx_path_id *p, char *why,
			    size_t len);
/*
 * find_multipaths: may this LUN have a map, with nr_paths eligible paths
 * seen? known: its WWID is in wwids_file (it had a map before). false with
 * *why.
 */
bool mpx_conf_wants_map(const struct mpx_config *c, const char *wwid, bool known, size_t nr_paths,
			char *why, size_t len);

/* conf/tenants.c: a tenant entry's value of a tenant option, or the built-in one. */
union mpx_val mpx_tenant_get(const struct mpx_optset *t, enum mpx_opt id);

/* kw-tenants.c: path_affinity "group N" | "tpg N" | "paths DEV[,DEV...]". */
#define MPX_AFFINITY_MAX_PATHS 16	/* the target's limit (tenant-parse.h) */
struct mpx_affinity {
	enum { MPX_AFF_NONE, MPX_AFF_GROUP, MPX_AFF_TPG, MPX_AFF_PATHS } kind;
	unsigned int n;			/* group (1-based) or target port group id */
	unsigned int nr_paths;
	char paths[MPX_AFFINITY_MAX_PATHS][32];	/* "sdb" or "8:16" */
};
/* 0, or -EINVAL with *reason. NULL or "" is no affinity. */
int mpx_affinity_parse(const char *s, struct mpx_affinity *ret, const char **reason);

/* print.c: the effective configuration, in config file syntax. */
#include <stdio.h>
void mpx_config_print(const struct mpx_config *c, FILE *f);
void mpx_config_print_example(FILE *f);
void mpx_config_print_keywords(FILE *f);

#endif
