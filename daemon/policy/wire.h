/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The protocol between mpxd and a policy host process (one per plugin),
 * over a socketpair. Frames are a struct mpxw_hdr and a payload of fixed
 * layout: both ends are the same mpxd binary, so no encoding is needed,
 * only bounds checks, since the host side runs untrusted plugin code.
 */
#ifndef MPXD_POLICY_WIRE_H
#define MPXD_POLICY_WIRE_H

#include <stdint.h>

#define MPXW_MAX_PATHS 64	/* paths of one LUN a plugin sees */
#define MPXW_MAX_ALL 256	/* paths affected_paths may name */

enum mpxw_type {
	MPXW_HELLO = 1,		/* host -> mpxd: the plugin is loaded */
	MPXW_REFUSE,		/* host -> mpxd: it is not (payload: reason) */
	MPXW_CALL,		/* mpxd -> host */
	MPXW_REPLY,		/* host -> mpxd */
};

/* Hooks, as numbered on the wire and in the counters. */
enum mpxw_hook {
	MPXW_MATCH,
	MPXW_GROUP_PATHS,
	MPXW_CHECK_PATH,
	MPXW_ANALYZE_ERROR,
	MPXW_AFFECTED_PATHS,
	MPXW_ACTIVATE_GROUP,
	MPXW_RESERVATION,
	MPXW_NR_HOOKS
};

struct mpxw_hdr {
	uint32_t len;		/* payload bytes after the header */
	uint32_t type;		/* enum mpxw_type */
	uint32_t hook;		/* enum mpxw_hook, for CALL and REPLY */
	int32_t rc;		/* REPLY: the hook's return value */
};

struct mpxw_hello {
	char name[32];
	char version[32];
	uint32_t abi_major, abi_minor;
	uint32_t hooks;		/* bit per enum mpxw_hook the plugin has */
};

struct mpxw_path {
	char devnode[32], devno[16], hctl[32];
	uint32_t host;
	int32_t state, alua_state, alua_preferred, have_tpg;
	uint32_t tpg;
	int32_t have_rel_port;
	uint32_t rel_port;
	char port_name[256], node_name[128], serial[128], protocol[16], wwid[256];
};

struct mpxw_device {
	char vendor[16], product[32], revision[8], wwid[256], array_type[8];
	uint32_t nr_paths;
	struct mpxw_path paths[MPXW_MAX_PATHS];
};

struct mpxw_sense {
	uint8_t status, transport_error, timed_out, sense_key, asc, ascq;
	uint8_t sense[32];
	uint32_t sense_len;
	/* a kernel-reported error's cause and evidence (policy ABI 1.1) */
	uint32_t cause, kernel_failed;
	uint64_t errors;
	int32_t alua_state;
};

/* Call payloads (mpxd -> host) and reply payloads (host -> mpxd). */
struct mpxw_match_call { struct mpxw_device dev; };
struct mpxw_match_reply { int32_t score; };
struct mpxw_group_call { struct mpxw_device dev; };
struct mpxw_group_reply {
	int32_t group[MPXW_MAX_PATHS];
	int32_t prio[MPXW_MAX_PATHS];
	char selector[64];
};
struct mpxw_check_call { struct mpxw_path path; uint32_t timeout_ms; };
struct mpxw_check_reply { int32_t state; };
struct mpxw_analyze_call { struct mpxw_path path; struct mpxw_sense sense; };
struct mpxw_analyze_reply { int32_t verdict; };
struct mpxw_affected_call {
	struct mpxw_path failed;
	uint32_t nr_all;
	struct mpxw_path all[MPXW_MAX_ALL];
};
struct mpxw_affected_reply { uint8_t affected[MPXW_MAX_ALL]; };
struct mpxw_activate_call { struct mpxw_device dev; uint32_t group; };
struct mpxw_reservation_call { struct mpxw_device dev; struct mpxw_path path; uint64_t key; };
struct mpxw_reservation_reply { int32_t action; };

/* Write / read one whole frame; 0 or a negative errno (-EPIPE: peer gone). */
int mpxw_send(int fd, uint32_t type, uint32_t hook, int32_t rc, const void *payload,
	      uint32_t len);
int mpxw_recv(int fd, struct mpxw_hdr *hdr, void *payload, uint32_t max);

#endif
