// SPDX-License-Identifier: GPL-2.0-only
/* WWIDs and port identities from VPD pages, including hostile ones. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "seams/vpd.h"

/* scsi_debug / LIO shaped page 0x83: NAA LUN, T10 LUN, rel port, TPG, port NAA */
static const uint8_t lio83[] = {
	0x00, 0x83, 0x00, 0x4c,
	/* NAA 6 (registered extended), LUN */
	0x01, 0x03, 0x00, 0x10,
	0x60, 0x01, 0x40, 0x5a, 0xbc, 0xde, 0xf0, 0x12,
	0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 0x12,
	/* T10 vendor id, LUN, ASCII */
	0x02, 0x01, 0x00, 0x10,
	'L', 'I', 'O', '-', 'O', 'R', 'G', ' ', 'd', 'i', 's', 'k', ' ', ' ', '1', 0,
	/* relative target port 2, association target port */
	0x01, 0x14, 0x00, 0x04, 0x00, 0x00, 0x00, 0x02,
	/* target port group 0x0100 */
	0x01, 0x15, 0x00, 0x04, 0x00, 0x00, 0x01, 0x00,
	/* target port NAA (association 1) */
	0x01, 0x93, 0x00, 0x08, 0x50, 0x01, 0x40, 0x50, 0x00, 0x00, 0x00, 0xa1,
	/* SCSI name string of the target device: ignored */
	0x03, 0xa8, 0x00, 0x04, 'i', 'q', 'n', 0,
};

static void naa_first(void **state)
{
	struct mpx_vpd83 v;

	assert_int_equal(mpx_vpd83_parse(lio83, sizeof(lio83), &v), 0);
	assert_string_equal(v.wwid, "36001405abcdef0123456789abcdef012");
	assert_true(v.have_tpg);
	assert_int_equal(v.tpg, 0x100);
	assert_true(v.have_rel_port);
	assert_int_equal(v.rel_port, 2);
	assert_string_equal(v.port_name, "350014050000000a1");
}

static void fallbacks(void **state)
{
	/* EUI-64 beats T10 */
	static const uint8_t eui[] = {
		0x00, 0x83, 0x00, 0x20,
		0x02, 0x01, 0x00, 0x0c, 'A', 'T', 'A', ' ', ' ', ' ', ' ', ' ', 'X', ' ', 'Y', ' ',
		0x01, 0x02, 0x00, 0x08, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
	};
	static const uint8_t t10[] = {
		0x00, 0x83, 0x00, 0x14,
		0x02, 0x01, 0x00, 0x10,
		'D', 'E', 'C', ' ', ' ', ' ', ' ', ' ', '3', '2', '1', '8', '1', '6', '7', 0x07,
	};
	struct mpx_vpd83 v;

	assert_int_equal(mpx_vpd83_parse(eui, sizeof(eui), &v), 0);
	assert_string_equal(v.wwid, "20011223344556677");
	assert_int_equal(mpx_vpd83_parse(t10, sizeof(t10), &v), 0);
	/* whitespace runs become one '_', control bytes become '_' */
	assert_string_equal(v.wwid, "1DEC_3218167_");
	assert_false(v.have_tpg);
}

static void hostile_pages(void **state)
{
	struct mpx_vpd83 v;
	uint8_t bad[sizeof(lio83)];

	assert_int_equal(mpx_vpd83_parse(lio83, 3, &v), -EINVAL);
	memcpy(bad, lio83, sizeof(bad));
	bad[1] = 0x80;
	assert_int_equal(mpx_vpd83_parse(bad, sizeof(bad), &v), -EINVAL);
	/* a designator claiming more than the page holds */
	memcpy(bad, lio83, sizeof(bad));
	bad[7] = 0xff;
	assert_int_equal(mpx_vpd83_parse(bad, sizeof(bad), &v), -EINVAL);
	/* a page length beyond the buffer: what is there is used */
	memcpy(bad, lio83, sizeof(bad));
	bad[2] = 0xff;
	bad[3] = 0xff;
	assert_int_equal(mpx_vpd83_parse(bad, 24, &v), 0);
	assert_string_equal(v.wwid, "36001405abcdef0123456789abcdef012");
	/* no LUN designator at all */
	{
		static const uint8_t none[] = { 0x00, 0x83, 0x00, 0x08,
			0x01, 0x15, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01 };

		assert_int_equal(mpx_vpd83_parse(none, sizeof(none), &v), 0);
		assert_string_equal(v.wwid, "");
	}
	/* an oversized NAA does not overflow the WWID buffer */
	{
		uint8_t big[4 + 4 + 255];

		memset(big, 0xab, sizeof(big));
		big[0] = 0;
		big[1] = 0x83;
		big[2] = (4 + 255) >> 8;
		big[3] = (4 + 255) & 0xff;
		big[4] = 0x01;
		big[5] = 0x03;
		big[6] = 0;
		big[7] = 255;
		assert_int_equal(mpx_vpd83_parse(big, sizeof(big), &v), 0);
		assert_int_equal(strlen(v.wwid), MPX_WWID_MAX - 1);
	}
}

static void serial_page(void **state)
{
	static const uint8_t p80[] = { 0x00, 0x80, 0x00, 0x0a, ' ', ' ', 'S', 'N', ' ',
				       '4', '2', ' ', ' ', ' ' };
	char serial[64], wwid[64];

	assert_int_equal(mpx_vpd80_serial(p80, sizeof(p80), serial, sizeof(serial)), 0);
	assert_string_equal(serial, "SN_42");
	assert_int_equal(mpx_vpd80_serial(p80, 2, serial, sizeof(serial)), -EINVAL);
	mpx_vpd80_wwid("ACME    ", "Disk  9", "SN_42", wwid, sizeof(wwid));
	assert_string_equal(wwid, "SACME_Disk_9_SN_42");
	mpx_vpd80_wwid("ACME", "Disk", "0123456789", wwid, 8);
	assert_int_equal(strlen(wwid), 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(naa_first),
		cmocka_unit_test(fallbacks),
		cmocka_unit_test(hostile_pages),
		cmocka_unit_test(serial_page),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
