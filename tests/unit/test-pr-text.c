// SPDX-License-Identifier: GPL-2.0-only
/*
 * mpathpersist's command line (pr/pr-args.c): the lines fence_mpath runs,
 * and every bad one refused with its reason. PERSISTENT RESERVE IN
 * responses printed byte for byte as mpathpersist prints them
 * (pr/pr-print.c), short and lying responses included. The map's key
 * and mpathpersist's rule about it (pr/pr-key.c).
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "conf/prkeys.h"
#include "pr/pr-args.h"
#include "pr/pr-key.h"
#include "pr/pr-print.h"
#include "pr/pr-scsi.h"

static char errbuf[4096];

/* Parse a command line of words; the complaint lands in errbuf. */
static int parse(const char *line, struct mpx_pr_req *q)
{
	/* static: the request points into its words after the call */
	static char copy[512];
	char *argv[32], *save = NULL, *t;
	int argc = 0, r;
	FILE *err = fmemopen(errbuf, sizeof(errbuf), "w");

	assert_non_null(err);
	snprintf(copy, sizeof(copy), "mpxpersist %s", line);
	for (t = strtok_r(copy, " ", &save); t && argc < 31; t = strtok_r(NULL, " ", &save))
		argv[argc++] = t;
	argv[argc] = NULL;
	memset(q, 0xaa, sizeof(*q));
	r = mpx_pr_args_parse(argc, argv, "mpxpersist", q, err);
	fclose(err);
	return r;
}

static void refused(const char *line, const char *why)
{
	struct mpx_pr_req q;

	assert_int_equal(parse(line, &q), MPX_PR_SYNTAX);
	if (!strstr(errbuf, why))
		fail_msg("\"%s\": expected \"%s\" in \"%s\"", line, why, errbuf);
	assert_true(!strncmp(errbuf, "mpxpersist: ", 12));
}

/* The five command lines of fence_mpath (fence-agents 4.12). */
static void fence_mpath_lines(void **state)
{
	struct mpx_pr_req q;

	assert_int_equal(parse("-o --register --param-sark=1a2b -d /dev/mapper/n1", &q), 0);
	assert_false(q.in);
	assert_int_equal(q.sa, MPX_PROUT_REGISTER);
	assert_int_equal(q.rk, 0);
	assert_int_equal(q.sark, 0x1a2b);
	assert_string_equal(q.device, "/dev/mapper/n1");
	assert_int_equal(q.verbosity, 1);

	assert_int_equal(parse("-o --reserve --prout-type=5 --param-rk=1a2b -d /dev/dm-3", &q), 0);
	assert_int_equal(q.sa, MPX_PROUT_RESERVE);
	assert_int_equal(q.type, 5);
	assert_int_equal(q.rk, 0x1a2b);

	assert_int_equal(parse("-o --preempt-abort --prout-type=5 --param-rk=1a2b "
			       "--param-sark=0xFFFFFFFFFFFFFFFF -d n1",
			       &q),
			 0);
	assert_int_equal(q.sa, MPX_PROUT_PREEMPT_ABORT);
	assert_true(q.sark == UINT64_MAX);

	assert_int_equal(parse("-i -r -d /dev/mapper/n1", &q), 0);
	assert_true(q.in);
	assert_int_equal(q.sa, MPX_PRIN_READ_RESERVATION);
	assert_int_equal(parse("-i -k -d /dev/mapper/n1", &q), 0);
	assert_int_equal(q.sa, MPX_PRIN_READ_KEYS);
}

static void other_lines(void **state)
{
	struct mpx_pr_req q;

	/* long options, the device as the one argument left, -v, -Z */
	assert_int_equal(parse("--in --read-full-status mpatha", &q), 0);
	assert_int_equal(q.sa, MPX_PRIN_READ_FULL_STATUS);
	assert_string_equal(q.device, "mpatha");
	assert_int_equal(parse("-i -c -v 2 -d x", &q), 0);
	assert_int_equal(q.sa, MPX_PRIN_REPORT_CAPABILITIES);
	assert_int_equal(q.verbosity, 2);
	assert_int_equal(parse("-o -I -S 5 -Z x", &q), 0);
	assert_int_equal(q.sa, MPX_PROUT_REGISTER_IGNORE);
	assert_true(q.aptpl);
	assert_int_equal(parse("-o -C -K 5 x", &q), 0);
	assert_int_equal(q.sa, MPX_PROUT_CLEAR);
	assert_int_equal(parse("-o -L -K 5 -T 0x3 x", &q), 0);
	assert_int_equal(q.sa, MPX_PROUT_RELEASE);
	assert_int_equal(q.type, 3);
	assert_int_equal(parse("-o -P -K 5 -S 6 -T 8 x", &q), 0);
	assert_int_equal(q.sa, MPX_PROUT_PREEMPT);
	/* a register may carry a type, which the device ignores */
	assert_int_equal(parse("-o -G -S 6 -T 1 x", &q), 0);
	assert_int_equal(parse("-h", &q), 0);
	assert_true(q.help);
}

static void bad_lines(void **state)
{
	refused("-o --register --param-sark=0xZZ -d x", "--param-sark \"0xZZ\": not a hex key");
	refused("-o --register --param-sark=12345678901234567 -d x", "not a hex key");
	refused("-o --register --param-sark=-1 -d x", "not a hex key");
	refused("-o --register --param-sark=0x -d x", "not a hex key");
	refused("-o --register --param-sark=file -d x", "not a hex key");
	refused("-o --register --param-sark=1:aptpl -d x", "not a hex key");
	refused("-o --reserve --param-rk=g -d x", "--param-rk \"g\": not a hex key");
	refused("-o --reserve --param-rk=1 -d x", "--prout-type is needed");
	refused("-o --reserve --param-rk=1 --prout-type=9 -d x",
		"--prout-type 9: no reservation type");
	refused("-o --reserve --param-rk=1 --prout-type=2 -d x", "--prout-type 2: no reservation");
	refused("-o --release --param-rk=1 --prout-type=4 -d x", "--prout-type 4: no reservation");
	refused("-o --preempt --param-rk=1 --prout-type=0 -d x", "--prout-type is needed");
	refused("-o --register --param-sark=1 --prout-type=9 -d x", "--prout-type 9");
	refused("-o --reserve --param-rk=1 --prout-type=5z -d x",
		"--prout-type \"5z\": not a number");
	refused("-o --reserve --param-rk=1 --prout-type=100 -d x", "not a number");
	refused("-i -k", "no device given");
	refused("-k -d x", "choose either --in (-i) or --out (-o)");
	refused("-i -o -k -d x", "choose either");
	refused("-i -d x", "--in needs a service action");
	refused("-i -k -r -d x", "one service action only");
	refused("-i --register -d x", "--in takes");
	refused("-o -d x", "--out needs a service action");
	refused("-o -k -d x", "go with --in");
	refused("-o --register --reserve -S 1 -T 1 -d x", "one service action only");
	refused("-i -k -d x y", "unexpected argument \"y\"");
	refused("-i -k x y", "unexpected argument \"y\"");
	refused("-i -k -H -d x", "--hex is not supported");
	refused("-o -G -S 1 -Y -d x", "--param-alltgpt is not supported");
	refused("-o -G -S 1 -X iqn.x -d x", "--transport-id is not supported");
	refused("-i -k -f batch", "--batch-file is not supported");
	refused("-i -k --bogus -d x", "unknown option or missing argument: \"--bogus\"");
	refused("-i -k -d", "unknown option or missing argument");
	refused("-i -k -v x -d x", "--verbose \"x\"");
}

/* What print printed, NUL-terminated. */
static char text[8192];

static FILE *out_open(void)
{
	FILE *f;

	memset(text, 0, sizeof(text));
	f = fmemopen(text, sizeof(text) - 1, "w");
	assert_non_null(f);
	return f;
}

static void print_keys(void **state)
{
	const uint8_t none[8] = { 0, 0, 0, 0x12, 0, 0, 0, 0 };
	const uint8_t one[16] = { 0, 0, 0, 1, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0x1a, 0x1a, 0x1a };
	const uint8_t two[24] = { 0, 0, 1, 0, 0,    0,    0,    16,   0,    0,    0,    0,
				  0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	FILE *f;

	f = out_open();
	mpx_pr_print_keys(f, none, sizeof(none));
	fclose(f);
	assert_string_equal(text, "  PR generation=0x12, \t0 registered reservation key.\n");
	f = out_open();
	mpx_pr_print_keys(f, one, sizeof(one));
	fclose(f);
	assert_string_equal(text, "  PR generation=0x1, \t1 registered reservation key follows:\n"
				  "    0x1a1a1a\n");
	f = out_open();
	mpx_pr_print_keys(f, two, sizeof(two));
	fclose(f);
	assert_string_equal(text, "  PR generation=0x100, \t2 registered reservation keys follow:\n"
				  "    0x1\n"
				  "    0xffffffffffffffff\n");
	/* a device that says more than it sent: only what came is printed */
	f = out_open();
	mpx_pr_print_keys(f, two, 16);
	fclose(f);
	assert_string_equal(text, "  PR generation=0x100, \t2 registered reservation keys follow:\n"
				  "    0x1\n");
	f = out_open();
	mpx_pr_print_keys(f, two, 3);
	fclose(f);
	assert_string_equal(text, "  PR generation=0x0, \t0 registered reservation key.\n");
}

static void print_reservation(void **state)
{
	const uint8_t none[8] = { 0, 0, 0, 4, 0, 0, 0, 0 };
	uint8_t held[24] = { 0, 0, 0, 4, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 0x1a, 0x1a, 0x1a };
	uint32_t gen;
	uint64_t key;
	unsigned int type;
	bool is_held;
	FILE *f;

	f = out_open();
	mpx_pr_print_reservation(f, none, sizeof(none));
	fclose(f);
	assert_string_equal(text, "  PR generation=0x4, there is NO reservation held \n");
	held[21] = 0x05;
	f = out_open();
	mpx_pr_print_reservation(f, held, sizeof(held));
	fclose(f);
	assert_string_equal(text, "  PR generation=0x4, Reservation follows:\n"
				  "   Key = 0x1a1a1a\n"
				  "  scope = LU_SCOPE, type = Write Exclusive, registrants only\n");
	held[21] = 0x12;
	f = out_open();
	mpx_pr_print_reservation(f, held, sizeof(held));
	fclose(f);
	assert_non_null(strstr(text, "  scope = 1, type = obsolete [2]\n"));
	assert_int_equal(mpx_pr_parse_reservation(held, sizeof(held), &gen, &is_held, &key, &type),
			 0);
	assert_true(is_held);
	assert_true(key == 0x1a1a1a);
	assert_int_equal(type, 2);
	assert_int_equal(mpx_pr_parse_reservation(none, sizeof(none), &gen, &is_held, &key, &type),
			 0);
	assert_false(is_held);
	assert_int_equal(mpx_pr_parse_reservation(none, 7, &gen, &is_held, &key, &type), -EBADMSG);
}

static void print_capabilities(void **state)
{
	/* LIO's answer: CRH, SIP_C, ATP_C, PTPL_C; TMV, allow commands 1; every type */
	const uint8_t lio[8] = { 0, 8, 0x1d, 0x90, 0xea, 0x01, 0, 0 };
	const uint8_t short_len[8] = { 0, 2, 0, 0, 0, 0, 0, 0 };
	char errtext[256] = "";
	FILE *f, *err;

	f = out_open();
	err = fmemopen(errtext, sizeof(errtext), "w");
	mpx_pr_print_capabilities(f, err, lio, sizeof(lio));
	fclose(f);
	fclose(err);
	assert_string_equal(text, "Report capabilities response:\n"
				  "  Compatible Reservation Handling(CRH): 1\n"
				  "  Specify Initiator Ports Capable(SIP_C): 1\n"
				  "  All Target Ports Capable(ATP_C): 1\n"
				  "  Persist Through Power Loss Capable(PTPL_C): 1\n"
				  "  Type Mask Valid(TMV): 1\n"
				  "  Allow Commands: 1\n"
				  "  Persist Through Power Loss Active(PTPL_A): 0\n"
				  "    Support indicated in Type mask:\n"
				  "      Write Exclusive, all registrants: 1\n"
				  "      Exclusive Access, registrants only: 1\n"
				  "      Write Exclusive, registrants only: 1\n"
				  "      Exclusive Access: 1\n"
				  "      Write Exclusive: 1\n"
				  "      Exclusive Access, all registrants: 1\n");
	assert_string_equal(errtext, "");
	f = out_open();
	err = fmemopen(errtext, sizeof(errtext), "w");
	mpx_pr_print_capabilities(f, err, short_len, sizeof(short_len));
	fclose(f);
	fclose(err);
	assert_string_equal(text, "");
	assert_string_equal(errtext, "Unexpected response for PRIN Report Capabilities\n");
}

/* A READ FULL STATUS descriptor with an iSCSI port TransportID (format 1). */
static size_t descriptor(uint8_t *p, uint64_t key, bool holder, uint8_t type, uint16_t rtpi,
			 const char *port)
{
	size_t name = strlen(port) + 1, pad = (name + 3) / 4 * 4, i;

	memset(p, 0, 24 + 4 + pad);
	for (i = 0; i < 8; i++)
		p[i] = (uint8_t)(key >> (56 - 8 * i));
	p[12] = holder ? 1 : 0;
	p[13] = holder ? type : 0;
	p[18] = (uint8_t)(rtpi >> 8);
	p[19] = (uint8_t)rtpi;
	p[23] = (uint8_t)(4 + pad);
	p[24] = 0x40 | 5;
	p[27] = (uint8_t)pad;
	memcpy(p + 28, port, name - 1);
	return 24 + 4 + pad;
}

static void print_full_status(void **state)
{
	uint8_t buf[512] = { 0, 0, 0, 9 };
	size_t len = 8;
	FILE *f;

	len += descriptor(buf + len, 0x1a1a1a, true, 5, 1,
			  "iqn.2003-01.org.mpx:n1,i,0x00023d000001");
	len += descriptor(buf + len, 0x2b, false, 0, 2, "iqn.2003-01.org.mpx:n2,i,0x00023d000003");
	buf[7] = (uint8_t)(len - 8);
	f = out_open();
	mpx_pr_print_full_status(f, buf, len);
	fclose(f);
	assert_string_equal(
		text,
		"  PR generation=0x9 \n"
		"   Key = 0x1a1a1a\n"
		"      All target ports bit clear\n"
		"      Relative port address: 0x1\n"
		"      << Reservation holder >>\n"
		"      scope: LU_SCOPE,  type: Write Exclusive, registrants only\n"
		"   iSCSI world wide unique port id: iqn.2003-01.org.mpx:n1,i,0x00023d000001\n"
		"   Key = 0x2b\n"
		"      All target ports bit clear\n"
		"      Relative port address: 0x2\n"
		"      not reservation holder\n"
		"   iSCSI world wide unique port id: iqn.2003-01.org.mpx:n2,i,0x00023d000003\n");
	/* cut short: the descriptors that came whole, and nothing read past */
	f = out_open();
	mpx_pr_print_full_status(f, buf, 8 + 30);
	fclose(f);
	assert_string_equal(text,
			    "  PR generation=0x9 \n"
			    "   Key = 0x1a1a1a\n"
			    "      All target ports bit clear\n"
			    "      Relative port address: 0x1\n"
			    "      << Reservation holder >>\n"
			    "      scope: LU_SCOPE,  type: Write Exclusive, registrants only\n"
			    "   iSCSI world wide unique port id: iq\n");
	f = out_open();
	mpx_pr_print_full_status(f, buf, 4);
	fclose(f);
	assert_string_equal(text, "  PR generation=0x9 \n");
	f = out_open();
	mpx_pr_print_full_status(f, buf, 3);
	fclose(f);
	assert_string_equal(text, "  PR generation=0x0 \n");
}

static void print_full_status_sas(void **state)
{
	/* a SAS TransportID, all target ports: mpathpersist's hex dump of the address */
	uint8_t buf[8 + 48] = { 0, 0, 0, 2, 0, 0, 0, 48 };
	uint8_t *p = buf + 8;
	FILE *f;

	p[7] = 0x42;
	p[12] = 0x02;
	p[23] = 24;
	p[24] = 6;
	memcpy(p + 28, "\x50\x01\x40\x50\x00\x00\x01\xa0", 8);
	f = out_open();
	mpx_pr_print_full_status(f, buf, sizeof(buf));
	fclose(f);
	assert_string_equal(text, "  PR generation=0x2 \n"
				  "   Key = 0x42\n"
				  "      All target ports bit set\n"
				  "      not reservation holder\n"
				  "   SAS         50 01 40 50 00 00 01 a0\n");
}

static void parse_keys(void **state)
{
	const uint8_t two[24] = { 0, 0, 1, 0, 0, 0, 0, 16, 0, 0, 0, 0,
				  0, 0, 0, 1, 0, 0, 0, 0,  0, 0, 0, 2 };
	uint64_t keys[1];
	uint32_t gen;
	size_t n;

	assert_int_equal(mpx_pr_parse_keys(two, sizeof(two), &gen, keys, 1, &n), 0);
	assert_int_equal(gen, 0x100);
	assert_int_equal(n, 2);
	assert_true(keys[0] == 1);
	assert_int_equal(mpx_pr_parse_keys(two, 20, &gen, keys, 1, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(mpx_pr_parse_keys(two, 7, &gen, keys, 1, &n), -EBADMSG);
}

static const struct mpx_pr_mapkey none = { 0 }, learned = { 0x1a, false, false, false },
				  fixed = { 0x1a, false, true, false };

/* key_ok LINE KEY: whether mpathpersist's rule lets LINE go with the map's KEY. */
static int check(const char *line, const struct mpx_pr_mapkey *k, bool *set, uint64_t *key)
{
	struct mpx_pr_req q;
	char why[256];

	assert_int_equal(parse(line, &q), 0);
	return mpx_pr_key_check(&q, k, set, key, why, sizeof(why));
}

static void key_rule(void **state)
{
	uint64_t key;
	bool set;

	/* no key yet: a register sets it; a reserve with no key passes, as mpathpersist's */
	assert_int_equal(check("-o -G -S 1a x", &none, &set, &key), 0);
	assert_true(set);
	assert_true(key == 0x1a);
	assert_int_equal(check("-o -R -K 5 -T 1 x", &none, &set, &key), 0);
	assert_false(set);
	assert_int_equal(check("-o -A -K 5 -S 6 -T 5 x", &none, &set, &key), -EKEYREJECTED);
	/* the map's key: its own commands pass, others are refused */
	assert_int_equal(check("-o -A -K 1a -S 2b -T 5 x", &learned, &set, &key), 0);
	assert_false(set);
	assert_int_equal(check("-o -R -K 2b -T 5 x", &learned, &set, &key), -EKEYREJECTED);
	assert_int_equal(check("-o -G -S 2b x", &learned, &set, &key), -EKEYREJECTED);
	/* a key change from the map's key, or register-ignore, sets the new one */
	assert_int_equal(check("-o -G -K 1a -S 2b x", &learned, &set, &key), 0);
	assert_true(set && key == 0x2b);
	assert_int_equal(check("-o -I -S 2b x", &learned, &set, &key), 0);
	assert_true(set && key == 0x2b);
	/* the same key again sets nothing; with APTPL now it is recorded again */
	assert_int_equal(check("-o -I -S 1a x", &learned, &set, &key), 0);
	assert_false(set);
	assert_int_equal(check("-o -I -S 1a -Z x", &learned, &set, &key), 0);
	assert_true(set);
	/* unregister-ignore passes whatever the key */
	assert_int_equal(check("-o -I -S 0 x", &learned, &set, &key), 0);
	/* a fixed key is never replaced */
	assert_int_equal(check("-o -I -S 2b x", &fixed, &set, &key), -EKEYREJECTED);
	assert_int_equal(check("-o -G -S 1a x", &fixed, &set, &key), 0);
	assert_false(set);
}

static void key_dropped(void **state)
{
	struct mpx_pr_req q;

	assert_int_equal(parse("-o -G -K 1a -S 0 x", &q), 0);
	assert_true(mpx_pr_key_dropped(&q, &learned));
	assert_false(mpx_pr_key_dropped(&q, &fixed));
	assert_int_equal(parse("-o -C -K 1a x", &q), 0);
	assert_true(mpx_pr_key_dropped(&q, &learned));
	assert_int_equal(parse("-o -A -K 1a -S 2 -T 5 x", &q), 0);
	assert_false(mpx_pr_key_dropped(&q, &learned));
}

static void map_key(void **state)
{
	char dir[] = "/tmp/mpx-pr.XXXXXX", file[64];
	struct mpx_pr_mapkey k;

	assert_non_null(mkdtemp(dir));
	snprintf(file, sizeof(file), "%s/prkeys", dir);
	/* no file: no key, from the file */
	assert_int_equal(mpx_pr_mapkey_get("file", file, "3600a", &k), 0);
	assert_true(k.key == 0 && k.file && !k.fixed);
	assert_int_equal(mpx_prkeys_set(file, "3600a", 0x1a, true), 0);
	assert_int_equal(mpx_pr_mapkey_get("file", file, "3600a", &k), 0);
	assert_true(k.key == 0x1a && k.aptpl && k.file);
	/* not set: the file too, but a key that cannot be recorded is no error */
	assert_int_equal(mpx_pr_mapkey_get(NULL, file, "3600a", &k), 0);
	assert_true(k.key == 0x1a && !k.file);
	assert_int_equal(mpx_pr_mapkey_get(NULL, file, "", &k), 0);
	assert_true(k.key == 0);
	/* a configured key beats the file */
	assert_int_equal(mpx_pr_mapkey_get("0x2b:aptpl", file, "3600a", &k), 0);
	assert_true(k.key == 0x2b && k.fixed && k.aptpl);
	assert_int_equal(mpx_pr_mapkey_get("0xzz", file, "3600a", &k), -EINVAL);
	unlink(file);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fence_mpath_lines), cmocka_unit_test(other_lines),
		cmocka_unit_test(bad_lines),         cmocka_unit_test(print_keys),
		cmocka_unit_test(print_reservation), cmocka_unit_test(print_capabilities),
		cmocka_unit_test(print_full_status), cmocka_unit_test(print_full_status_sas),
		cmocka_unit_test(parse_keys),        cmocka_unit_test(key_rule),
		cmocka_unit_test(key_dropped),       cmocka_unit_test(map_key),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
