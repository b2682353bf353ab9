/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SCSI VPD pages 0x83 (device identification) and 0x80 (unit serial
 * number): the LUN's WWID and the target port's identity. Pure parsing of
 * the response buffers; bounds-checked against hostile devices.
 */
#ifndef MPX_VPD_H
#define MPX_VPD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MPX_WWID_MAX 256

struct mpx_vpd83 {
	char wwid[MPX_WWID_MAX];	/* "" if the page names the LUN by nothing usable */
	bool have_tpg;
	uint16_t tpg;			/* target port group (designator type 5) */
	bool have_rel_port;
	uint16_t rel_port;		/* relative target port (type 4) */
	char port_name[MPX_WWID_MAX];	/* target port NAA / name, "" if none */
};

/*
 * WWID from the LUN's designators, best first: NAA ("3" + hex), EUI-64
 * ("2" + hex), T10 vendor ID ("1" + text), SCSI name string ("8" + text);
 * text with runs of spaces turned into underscores, as udev's scsi_id
 * spells ID_SERIAL. 0, or -EINVAL for a malformed page.
 */
int mpx_vpd83_parse(const uint8_t *buf, size_t len, struct mpx_vpd83 *ret);

/*
 * TPGS of standard INQUIRY data (byte 5, bits 4-5): 0 no ALUA, 1 implicit,
 * 2 explicit, 3 both; 0 for data too short to say.
 */
unsigned int mpx_inquiry_tpgs(const uint8_t *buf, size_t len);

/* Unit serial number from page 0x80, trimmed. 0 or -EINVAL. */
int mpx_vpd80_serial(const uint8_t *buf, size_t len, char *ret, size_t ret_len);

/* Fallback WWID from page 0x80: "S" + vendor + product + serial. */
void mpx_vpd80_wwid(const char *vendor, const char *product, const char *serial,
		    char *ret, size_t ret_len);

#endif
