/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A map's reservation key, and the rule mpathpersist holds a PR OUT
 * command to. The key is reservation_key's when the configuration fixes
 * one; otherwise ("file", or not set) it is what the prkeys file holds for
 * the LUN's WWID, which mpxpersist and "mpxctl persist" keep: a node
 * registering sets it, unregistering or clearing drops it. mpxd registers
 * that key through a path that joins the map, when the LUN still carries
 * it (maps/persist.c). Nothing here logs.
 */
#ifndef MPX_PR_KEY_H
#define MPX_PR_KEY_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

struct mpx_pr_req;

struct mpx_pr_mapkey {
	uint64_t key; /* 0: the map has none */
	bool aptpl; /* registered with APTPL */
	bool fixed; /* reservation_key in the configuration: the file has no say */
	bool file; /* reservation_key "file": a key that cannot be recorded is refused */
};

/*
 * The key of the map whose reservation_key is conf_value (NULL: not set)
 * and whose LUN is wwid (NULL or "": no file lookup). 0; -EINVAL for a
 * malformed line for wwid in the file, another -errno if it cannot be
 * read (a file that does not exist holds no key).
 */
int mpx_pr_mapkey_get(const char *conf_value, const char *prkeys_file, const char *wwid,
		      struct mpx_pr_mapkey *ret);

/*
 * mpathpersist's rule: a PR OUT command carries the map's key as its
 * RK or SARK (REGISTER AND IGNORE with SARK 0, an unregister, excepted).
 * Where the key is not fixed, REGISTER AND IGNORE, and REGISTER from no
 * key or from the map's own, set a new one first: then *ret_set is true
 * and *ret_key the key to record (with q->aptpl) before sending. Returns 0, or
 * -EKEYREJECTED with the reason in why.
 */
int mpx_pr_key_check(const struct mpx_pr_req *q, const struct mpx_pr_mapkey *k, bool *ret_set,
		     uint64_t *ret_key, char *why, size_t len);

/* After q succeeded: whether the map's key is gone (unregistered, or cleared). */
bool mpx_pr_key_dropped(const struct mpx_pr_req *q, const struct mpx_pr_mapkey *k);

#endif
