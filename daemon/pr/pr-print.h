/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PERSISTENT RESERVE IN responses: parsed, and printed as mpathpersist
 * prints them, byte for byte: cluster agents parse this text (fence_mpath reads the
 * "    0x<key>" lines of READ KEYS and the "   Key = 0x<key>" line of READ
 * RESERVATION). The layout is multipath-tools' (0.9.x, with its 2025 fix
 * of REPORT CAPABILITIES, which printed the type mask's bits from the
 * wrong byte). Pure: buffers in, text out; got is what the device
 * returned, and nothing past it is read.
 */
#ifndef MPX_PR_PRINT_H
#define MPX_PR_PRINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

void mpx_pr_print_keys(FILE *out, const uint8_t *buf, size_t got);
void mpx_pr_print_reservation(FILE *out, const uint8_t *buf, size_t got);
/* The complaint about a response too short goes to err, as mpathpersist's does. */
void mpx_pr_print_capabilities(FILE *out, FILE *err, const uint8_t *buf, size_t got);
void mpx_pr_print_full_status(FILE *out, const uint8_t *buf, size_t got);

/*
 * READ KEYS: the generation and up to max keys; *ret_n gets how many
 * the response holds (it may be more than max). 0, or -EBADMSG for a
 * response too short to have a header.
 */
int mpx_pr_parse_keys(const uint8_t *buf, size_t got, uint32_t *ret_gen, uint64_t *keys, size_t max,
		      size_t *ret_n);

/* READ RESERVATION: whether one is held, its key and type. 0 or -EBADMSG. */
int mpx_pr_parse_reservation(const uint8_t *buf, size_t got, uint32_t *ret_gen, bool *ret_held,
			     uint64_t *ret_key, unsigned int *ret_type);

/* Print the response of IN service action sa. */
void mpx_pr_print(FILE *out, FILE *err, int sa, const uint8_t *buf, size_t got);

/* The reservation type's name as mpathpersist prints it ("Write Exclusive"...). */
const char *mpx_pr_type_name(unsigned int type);

#endif
