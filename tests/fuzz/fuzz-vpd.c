// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer harness: what a (hostile) device returns to mpxd's SCSI
 * commands: VPD pages 0x83 and 0x80 (daemon/seams/vpd.c) and sense data
 * (decoded as daemon/seams/sg-seam.c decodes it, judged by checkers/sg-check.c).
 *
 * The input is a response buffer; each parser gets it whole (each checks
 * its own page code), the sense decoder its first 32 bytes (the size of
 * mpxd's sense buffer). Output buffers are heap blocks of the exact size
 * passed, several sizes from 1 byte up, so ASan sees any write past them.
 * Checked: names (WWID, serial, port name) are NUL-terminated within
 * their buffer and hold only printable, non-space ASCII, since they end up
 * in map names, udev properties and control-socket replies.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seams/vpd.h"
#include "checkers/checker.h"
#include "../../daemon/seams/sg-seam.c"
#include "fuzz.h"

/* NUL within len, and only printable non-space ASCII before it */
static void check_name(const char *what, const char *s, size_t len)
{
	const char *nul = memchr(s, '\0', len);
	const char *p;

	check(nul, "%s is not terminated", what);
	for (p = s; p < nul; p++)
		check(*p > ' ' && *p <= '~', "%s has byte 0x%02x", what, (unsigned char)*p);
}

static void fuzz_vpd83(const uint8_t *data, size_t size)
{
	struct mpx_vpd83 v;

	if (mpx_vpd83_parse(data, size, &v))
		return;
	check_name("wwid", v.wwid, sizeof(v.wwid));
	check_name("port name", v.port_name, sizeof(v.port_name));
	check(!v.wwid[0] || strchr("1238", v.wwid[0]), "wwid \"%s\"", v.wwid);
}

/* "S" + vendor + product + serial into exactly len bytes */
static void fuzz_vpd80_wwid(const char *vendor, const char *product,
			    const char *serial, size_t len)
{
	char *wwid = malloc(len ? len : 1);

	check(wwid, "out of memory");
	mpx_vpd80_wwid(vendor, product, serial, wwid, len);
	if (len) {
		check_name("0x80 wwid", wwid, len);
		check(wwid[0] == 'S' || (len == 1 && !wwid[0]), "wwid \"%s\"", wwid);
	}
	free(wwid);
}

static void fuzz_vpd80(const uint8_t *data, size_t size)
{
	static const size_t sizes[] = { 1, 2, 3, 17, 128 };
	char vendor[9] = "", product[17] = "";
	size_t i;

	/* INQUIRY's vendor and product fields: fixed width, space padded */
	if (size >= 8 + 16) {
		memcpy(vendor, data + size - 24, 8);
		memcpy(product, data + size - 16, 16);
	}
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		char *serial = malloc(sizes[i]);

		check(serial, "out of memory");
		if (!mpx_vpd80_serial(data, size, serial, sizes[i])) {
			check_name("serial", serial, sizes[i]);
			fuzz_vpd80_wwid(vendor, product, serial, sizes[i]);
			fuzz_vpd80_wwid(vendor, product, serial, MPX_WWID_MAX);
		}
		free(serial);
	}
	fuzz_vpd80_wwid(vendor, product, "", 1);
}

static void fuzz_sense(const uint8_t *data, size_t size)
{
	static const uint8_t statuses[] = { 0x02, 0x00, 0x08, 0x18 };
	struct mpx_check_report rep;
	struct mpx_sg_result r;
	enum mpx_path_state s;
	size_t i;

	for (i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++) {
		memset(&r, 0, sizeof(r));
		memset(&rep, 0, sizeof(rep));
		r.status = statuses[i];
		r.sense_len = size < sizeof(r.sense) ? size : sizeof(r.sense);
		memcpy(r.sense, data, r.sense_len);
		decode_sense(&r);
		s = mpx_check_sg_verdict(0, &r, &rep);
		check(s >= MPX_PATH_UNCHECKED && s <= MPX_PATH_GHOST, "state %d", (int)s);
		check(memchr(rep.msg, '\0', sizeof(rep.msg)), "message not terminated");
		check(r.status || s == MPX_PATH_UP, "GOOD status is not up");
		check(rep.have_sense == !mpx_sg_good(&r), "sense kept for a GOOD outcome");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* exactly size bytes, so reading past the response is seen */
	uint8_t *buf = malloc(size ? size : 1);

	check(buf, "out of memory");
	memcpy(buf, data, size);
	fuzz_vpd83(buf, size);
	fuzz_vpd80(buf, size);
	fuzz_sense(buf, size);
	free(buf);
	return 0;
}
