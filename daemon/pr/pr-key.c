// SPDX-License-Identifier: GPL-2.0-only
/* A map's reservation key and mpathpersist's rule about it (pr-key.h). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include "conf/prkeys.h"
#include "pr/pr-args.h"
#include "pr/pr-key.h"
#include "pr/pr-scsi.h"

int mpx_pr_mapkey_get(const char *conf_value, const char *prkeys_file, const char *wwid,
		      struct mpx_pr_mapkey *ret)
{
	struct mpx_pr_mapkey k = { 0 };
	struct mpx_prkey conf = { .from_file = true };
	const char *why;
	int r;

	/* the loader refused a reservation_key that does not parse */
	if (conf_value && mpx_prkey_parse(conf_value, &conf, &why))
		return -EINVAL;
	if (!conf.from_file) {
		k.key = conf.key;
		k.aptpl = conf.aptpl;
		k.fixed = true;
		*ret = k;
		return 0;
	}
	k.file = conf_value != NULL;
	if (prkeys_file && wwid && *wwid) {
		r = mpx_prkeys_get(prkeys_file, wwid, &k.key, &k.aptpl);
		if (r && r != -ENOENT)
			return r;
	}
	*ret = k;
	return 0;
}

static bool is_register(int sa)
{
	return sa == MPX_PROUT_REGISTER || sa == MPX_PROUT_REGISTER_IGNORE;
}

int mpx_pr_key_check(const struct mpx_pr_req *q, const struct mpx_pr_mapkey *k, bool *ret_set,
		     uint64_t *ret_key, char *why, size_t len)
{
	uint64_t key = k->key;
	bool set = false;

	if (!k->fixed && q->sark &&
	    (q->sa == MPX_PROUT_REGISTER_IGNORE ||
	     (q->sa == MPX_PROUT_REGISTER && (!key || q->rk == key)))) {
		set = key != q->sark || k->aptpl != q->aptpl;
		key = q->sark;
	}
	if (q->rk != key && q->sark != key && (q->sark || q->sa != MPX_PROUT_REGISTER_IGNORE)) {
		snprintf(why, len,
			 "neither the reservation key 0x%" PRIx64
			 " nor the service action key 0x%" PRIx64 " is the map's key 0x%" PRIx64
			 " (%s)",
			 q->rk, q->sark, key,
			 k->fixed ? "reservation_key in the configuration" :
			 key      ? "registered through mpx" :
				    "none: no key was registered through mpx");
		return -EKEYREJECTED;
	}
	*ret_set = set;
	*ret_key = key;
	return 0;
}

bool mpx_pr_key_dropped(const struct mpx_pr_req *q, const struct mpx_pr_mapkey *k)
{
	if (k->fixed || q->in)
		return false;
	return q->sa == MPX_PROUT_CLEAR || (is_register(q->sa) && !q->sark);
}
