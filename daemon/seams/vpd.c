// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "seams/vpd.h"

enum {
	CODE_BINARY = 1,
	CODE_ASCII = 2,
	CODE_UTF8 = 3,
	TYPE_T10 = 1,
	TYPE_EUI64 = 2,
	TYPE_NAA = 3,
	TYPE_REL_PORT = 4,
	TYPE_TPG = 5,
	TYPE_NAME = 8,
	ASSOC_LUN = 0,
	ASSOC_PORT = 1,
};

/* Append text, squeezing whitespace runs to one '_', trimming the ends. */
static void put_text(char *out, size_t out_len, size_t *pos, const uint8_t *s,
		     size_t n)
{
	bool gap = false, any = false;
	size_t i;

	for (i = 0; i < n && s[i]; i++) {
		uint8_t c = s[i];

		if (c == ' ' || c == '\t') {
			gap = true;
			continue;
		}
		if (c < 0x21 || c > 0x7e)
			c = '_';	/* never let a device put controls in a name */
		if (gap && any && *pos + 1 < out_len)
			out[(*pos)++] = '_';
		gap = false;
		any = true;
		if (*pos + 1 < out_len)
			out[(*pos)++] = (char)c;
	}
	out[*pos] = '\0';
}

static void put_hex(char *out, size_t out_len, size_t *pos, const uint8_t *s,
		    size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n && *pos + 2 < out_len; i++) {
		out[(*pos)++] = hex[s[i] >> 4];
		out[(*pos)++] = hex[s[i] & 15];
	}
	out[*pos] = '\0';
}

/* Lower rank is better. */
static int rank(int type)
{
	switch (type) {
	case TYPE_NAA: return 0;
	case TYPE_EUI64: return 1;
	case TYPE_T10: return 2;
	case TYPE_NAME: return 3;
	default: return 99;
	}
}

static void make_wwid(int type, int code, const uint8_t *d, size_t n, char *out,
		      size_t out_len)
{
	size_t pos = 0;

	out[pos++] = type == TYPE_NAA ? '3' : type == TYPE_EUI64 ? '2' :
		     type == TYPE_T10 ? '1' : '8';
	out[pos] = '\0';
	if (code == CODE_BINARY)
		put_hex(out, out_len, &pos, d, n);
	else
		put_text(out, out_len, &pos, d, n);
}

int mpx_vpd83_parse(const uint8_t *buf, size_t len, struct mpx_vpd83 *ret)
{
	struct mpx_vpd83 v = { 0 };
	size_t page_len, off;
	int best = 99;

	if (len < 4 || buf[1] != 0x83)
		return -EINVAL;
	page_len = ((size_t)buf[2] << 8 | buf[3]) + 4;
	if (page_len > len)
		page_len = len;	/* truncated response: use what came */
	for (off = 4; off + 4 <= page_len;) {
		const uint8_t *d = buf + off;
		int code = d[0] & 0x0f, assoc = (d[1] >> 4) & 3, type = d[1] & 0x0f;
		size_t n = d[3];

		if (off + 4 + n > page_len)
			return -EINVAL;	/* a designator runs past the page */
		if (assoc == ASSOC_LUN && rank(type) < best && n &&
		    (code == CODE_BINARY || type != TYPE_NAA)) {
			best = rank(type);
			make_wwid(type, code, d + 4, n, v.wwid, sizeof(v.wwid));
		} else if (type == TYPE_TPG && n >= 4) {
			v.have_tpg = true;
			v.tpg = (uint16_t)(d[6] << 8 | d[7]);
		} else if (type == TYPE_REL_PORT && n >= 4) {
			v.have_rel_port = true;
			v.rel_port = (uint16_t)(d[6] << 8 | d[7]);
		} else if (assoc == ASSOC_PORT && !v.port_name[0] &&
			   (type == TYPE_NAA || type == TYPE_NAME) && n) {
			make_wwid(type, code, d + 4, n, v.port_name, sizeof(v.port_name));
		}
		off += 4 + n;
	}
	*ret = v;
	return 0;
}

int mpx_vpd80_serial(const uint8_t *buf, size_t len, char *ret, size_t ret_len)
{
	size_t n, pos = 0;

	if (len < 4 || buf[1] != 0x80 || !ret_len)
		return -EINVAL;
	n = (size_t)buf[2] << 8 | buf[3];
	if (n > len - 4)
		n = len - 4;
	ret[0] = '\0';
	put_text(ret, ret_len, &pos, buf + 4, n);
	return 0;
}

void mpx_vpd80_wwid(const char *vendor, const char *product, const char *serial,
		    char *ret, size_t ret_len)
{
	size_t pos = 0;

	if (!ret_len)
		return;
	ret[0] = '\0';
	if (ret_len < 2)
		return;	/* no room for the 'S' and its NUL */
	ret[pos++] = 'S';
	ret[pos] = '\0';
	put_text(ret, ret_len, &pos, (const uint8_t *)vendor, strlen(vendor));
	if (pos + 1 < ret_len)
		ret[pos++] = '_';
	put_text(ret, ret_len, &pos, (const uint8_t *)product, strlen(product));
	if (pos + 1 < ret_len)
		ret[pos++] = '_';
	put_text(ret, ret_len, &pos, (const uint8_t *)serial, strlen(serial));
}

unsigned int mpx_inquiry_tpgs(const uint8_t *buf, size_t len)
{
	return len > 5 ? (buf[5] >> 4) & 3 : 0;
}
