// SPDX-License-Identifier: GPL-2.0-only
/* PERSISTENT RESERVE IN responses in mpathpersist's words (pr-print.h). */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include "pr/pr-print.h"
#include "pr/pr-scsi.h"

static const char *const type_names[16] = {
	"obsolete [0]",
	"Write Exclusive",
	"obsolete [2]",
	"Exclusive Access",
	"obsolete [4]",
	"Write Exclusive, registrants only",
	"Exclusive Access, registrants only",
	"Write Exclusive, all registrants",
	"Exclusive Access, all registrants",
	"obsolete [9]",
	"obsolete [0xa]",
	"obsolete [0xb]",
	"obsolete [0xc]",
	"obsolete [0xd]",
	"obsolete [0xe]",
	"obsolete [0xf]",
};

const char *mpx_pr_type_name(unsigned int type)
{
	return type_names[type & 0x0f];
}

/* The response's header word at off, or 0 where the device sent less. */
static uint32_t be32_at(const uint8_t *buf, size_t got, size_t off)
{
	return got >= off + 4 ? mpx_get_be32(buf + off) : 0;
}

void mpx_pr_print_keys(FILE *out, const uint8_t *buf, size_t got)
{
	uint32_t gen = be32_at(buf, got, 0);
	size_t n = be32_at(buf, got, 4) / 8, i;

	fprintf(out, "  PR generation=0x%x, ", gen);
	if (n == 0) {
		fprintf(out, "\t0 registered reservation key.\n");
		return;
	}
	if (n == 1)
		fprintf(out, "\t1 registered reservation key follows:\n");
	else
		fprintf(out, "\t%zu registered reservation keys follow:\n", n);
	for (i = 0; i < n && 16 + 8 * i <= got; i++)
		fprintf(out, "    0x%" PRIx64 "\n", mpx_get_be64(buf + 8 + 8 * i));
}

void mpx_pr_print_reservation(FILE *out, const uint8_t *buf, size_t got)
{
	uint32_t gen = be32_at(buf, got, 0);
	unsigned int scope_type;

	if (be32_at(buf, got, 4) / 8 == 0 || got < 16) {
		fprintf(out, "  PR generation=0x%x, there is NO reservation held \n", gen);
		return;
	}
	fprintf(out, "  PR generation=0x%x, Reservation follows:\n", gen);
	fprintf(out, "   Key = 0x%" PRIx64 "\n", mpx_get_be64(buf + 8));
	scope_type = got > 21 ? buf[21] : 0;
	if ((scope_type >> 4) == 0)
		fprintf(out, "  scope = LU_SCOPE, type = %s", type_names[scope_type & 0x0f]);
	else
		fprintf(out, "  scope = %u, type = %s", scope_type >> 4,
			type_names[scope_type & 0x0f]);
	fprintf(out, "\n");
}

void mpx_pr_print_capabilities(FILE *out, FILE *err, const uint8_t *buf, size_t got)
{
	unsigned int f0, f1, mask;

	if (got < 6 || (buf[0] << 8 | buf[1]) <= 2) {
		fprintf(err, "Unexpected response for PRIN Report Capabilities\n");
		return;
	}
	f0 = buf[2];
	f1 = buf[3];
	mask = (unsigned int)buf[4] << 8 | buf[5];
	fprintf(out, "Report capabilities response:\n");
	fprintf(out, "  Compatible Reservation Handling(CRH): %d\n", !!(f0 & 0x10));
	fprintf(out, "  Specify Initiator Ports Capable(SIP_C): %d\n", !!(f0 & 0x8));
	fprintf(out, "  All Target Ports Capable(ATP_C): %d\n", !!(f0 & 0x4));
	fprintf(out, "  Persist Through Power Loss Capable(PTPL_C): %d\n", !!(f0 & 0x1));
	fprintf(out, "  Type Mask Valid(TMV): %d\n", !!(f1 & 0x80));
	fprintf(out, "  Allow Commands: %d\n", !!((f1 >> 4) & 0x7));
	fprintf(out, "  Persist Through Power Loss Active(PTPL_A): %d\n", !!(f1 & 0x1));
	if (!(f1 & 0x80))
		return;
	fprintf(out, "    Support indicated in Type mask:\n");
	fprintf(out, "      %s: %d\n", type_names[7], !!(mask & 0x8000));
	fprintf(out, "      %s: %d\n", type_names[6], !!(mask & 0x4000));
	fprintf(out, "      %s: %d\n", type_names[5], !!(mask & 0x2000));
	fprintf(out, "      %s: %d\n", type_names[3], !!(mask & 0x800));
	fprintf(out, "      %s: %d\n", type_names[1], !!(mask & 0x200));
	fprintf(out, "      %s: %d\n", type_names[8], !!(mask & 0x1));
}

/*
 * mpathpersist's hex dump (its dumpHex): 16 bytes a line after five
 * spaces, an extra space after the eighth. A full line is printed without
 * a newline, as it does: only a short last line ends with one.
 */
static void dump_hex(FILE *out, const uint8_t *p, size_t len)
{
	const int start = 5;
	char line[82];
	int pos = start;
	size_t k;

	memset(line, ' ', 80);
	line[80] = '\0';
	for (k = 0; k < len; k++) {
		pos += 3;
		if (pos == start + 9 * 3)
			pos++;
		snprintf(&line[pos], 3, "%.2x", p[k]);
		line[pos + 2] = ' ';
		if (k > 0 && (k + 1) % 16 == 0) {
			fprintf(out, "%.76s", line);
			pos = start;
			memset(line, ' ', 80);
		}
	}
	if (pos > start) {
		line[pos + 2] = '\0';
		fprintf(out, "%s\n", line);
	}
}

/* A TransportID as mpathpersist keeps it: the last one decoded stays. */
struct tid {
	unsigned int format, protocol;
	uint8_t addr[8]; /* FC N_Port name, SAS address */
	char name[256]; /* iSCSI name, NUL padded */
};

enum {
	PROTO_FC = 0,
	PROTO_ISCSI = 5,
	PROTO_SAS = 6
};

static void decode_tid(struct tid *t, const uint8_t *p, size_t len)
{
	size_t k, jump, num;

	for (k = 0; k + 4 <= len; k += jump, p += jump) {
		t->format = (p[0] >> 6) & 0x3;
		t->protocol = p[0] & 0x0f;
		jump = 24;
		if (t->protocol == PROTO_FC && k + 16 <= len) {
			memcpy(t->addr, p + 8, 8);
		} else if (t->protocol == PROTO_ISCSI) {
			num = (size_t)(p[2] << 8 | p[3]);
			if (num >= sizeof(t->name))
				num = sizeof(t->name);
			if (num > len - k - 4)
				num = len - k - 4;
			memset(t->name, 0, sizeof(t->name));
			memcpy(t->name, p + 4, num);
			jump = num + 4 < 24 ? 24 : num + 4;
		} else if (t->protocol == PROTO_SAS && k + 12 <= len) {
			memcpy(t->addr, p + 4, 8);
		}
	}
}

static void print_tid(FILE *out, const struct tid *t)
{
	switch (t->protocol) {
	case PROTO_FC:
		fprintf(out, "   FCP-2 ");
		if (t->format)
			fprintf(out, " [Unexpected format code: %u]\n", t->format);
		dump_hex(out, t->addr, 8);
		break;
	case PROTO_ISCSI:
		fprintf(out, "   iSCSI ");
		if (t->format == 0)
			fprintf(out, "name: %.*s\n", (int)sizeof(t->name), t->name);
		else if (t->format == 1)
			fprintf(out, "world wide unique port id: %.*s\n", (int)sizeof(t->name),
				t->name);
		else {
			fprintf(out, "  [Unexpected format code: %u]\n", t->format);
			dump_hex(out, (const uint8_t *)t->name, sizeof(t->name));
		}
		break;
	case PROTO_SAS:
		fprintf(out, "   SAS ");
		if (t->format)
			fprintf(out, " [Unexpected format code: %u]\n", t->format);
		dump_hex(out, t->addr, 8);
		break;
	default:
		break;
	}
}

static void print_descriptor(FILE *out, const uint8_t *p, const struct tid *t)
{
	unsigned int scope_type = p[13];

	fprintf(out, "   Key = 0x%" PRIx64 "\n", mpx_get_be64(p));
	if (p[12] & 0x02) {
		fprintf(out, "      All target ports bit set\n");
	} else {
		fprintf(out, "      All target ports bit clear\n");
		fprintf(out, "      Relative port address: 0x%x\n",
			(unsigned int)(p[18] << 8 | p[19]));
	}
	if (p[12] & 0x01) {
		fprintf(out, "      << Reservation holder >>\n");
		if ((scope_type >> 4) == 0)
			fprintf(out, "      scope: LU_SCOPE, ");
		else
			fprintf(out, "      scope: %u ", scope_type >> 4);
		fprintf(out, " type: %s\n", type_names[scope_type & 0x0f]);
	} else {
		fprintf(out, "      not reservation holder\n");
	}
	print_tid(out, t);
}

void mpx_pr_print_full_status(FILE *out, const uint8_t *buf, size_t got)
{
	size_t len = be32_at(buf, got, 4), k, tid_len;
	struct tid t = { 0 };

	fprintf(out, "  PR generation=0x%x \n", be32_at(buf, got, 0));
	if (got < 8)
		return;
	if (len > got - 8)
		len = got - 8; /* what the device said it has, cut to what came */
	for (k = 0; k + 24 <= len; k += 24 + tid_len) {
		const uint8_t *p = buf + 8 + k;

		tid_len = mpx_get_be32(p + 20);
		if (tid_len > len - k - 24)
			tid_len = len - k - 24;
		if (tid_len)
			decode_tid(&t, p + 24, tid_len);
		print_descriptor(out, p, &t);
	}
}

void mpx_pr_print(FILE *out, FILE *err, int sa, const uint8_t *buf, size_t got)
{
	switch (sa) {
	case MPX_PRIN_READ_KEYS:
		mpx_pr_print_keys(out, buf, got);
		break;
	case MPX_PRIN_READ_RESERVATION:
		mpx_pr_print_reservation(out, buf, got);
		break;
	case MPX_PRIN_REPORT_CAPABILITIES:
		mpx_pr_print_capabilities(out, err, buf, got);
		break;
	default:
		mpx_pr_print_full_status(out, buf, got);
		break;
	}
}

int mpx_pr_parse_keys(const uint8_t *buf, size_t got, uint32_t *ret_gen, uint64_t *keys, size_t max,
		      size_t *ret_n)
{
	size_t n, i;

	if (got < 8)
		return -EBADMSG;
	n = mpx_get_be32(buf + 4) / 8;
	/* a list longer than what came back is cut to what came back */
	if (n > (got - 8) / 8)
		n = (got - 8) / 8;
	for (i = 0; i < n && i < max; i++)
		keys[i] = mpx_get_be64(buf + 8 + 8 * i);
	*ret_gen = mpx_get_be32(buf);
	*ret_n = n;
	return 0;
}

int mpx_pr_parse_reservation(const uint8_t *buf, size_t got, uint32_t *ret_gen, bool *ret_held,
			     uint64_t *ret_key, unsigned int *ret_type)
{
	if (got < 8)
		return -EBADMSG;
	*ret_gen = mpx_get_be32(buf);
	*ret_held = mpx_get_be32(buf + 4) >= 8 && got >= 16;
	*ret_key = *ret_held ? mpx_get_be64(buf + 8) : 0;
	*ret_type = *ret_held && got >= 22 ? buf[21] & 0x0f : 0;
	return 0;
}
