// SPDX-License-Identifier: GPL-2.0-only
/*
 * insn-plugin.so: a QEMU TCG plugin that counts the guest instructions each
 * vCPU executes and reports the counts when a guest program runs a marker
 * (marker.h). bench/insn/run.sh loads it with
 *
 *   -plugin insn-plugin.so,out=FILE
 *
 * and FILE gets, for each marker executed:
 *
 *   mark <code> <vcpu> <count of that vcpu> <count of every vcpu, in order>
 *
 * counts being instructions executed since QEMU started. A profile window
 * (INSN_MARK_BEGIN_PROFILE ... INSN_MARK_END on the same vCPU) also writes
 * the translation blocks that ran in between, with how often on that vCPU
 * and on all others together:
 *
 *   prof <block vaddr, hex> <instructions in the block> <executions> <elsewhere>
 *   prof-end
 *
 * and at exit "exit <count of every vcpu>".
 *
 * Counting is per block: one callback per executed block adds the block's
 * length to its vCPU. A block left early by an exception counts whole, and
 * the block that starts at the faulting instruction counts again; both are
 * deterministic, so two runs of the same guest code count the same. The
 * callbacks keep no lock: the counts are per vCPU, one profile window is
 * open at a time, and its records are exact only with one QEMU thread. Run QEMU with -accel tcg,thread=single anyway: with
 * one thread for all vCPUs, what each vCPU runs does not depend on how the
 * host schedules QEMU's threads.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "qemu-plugin-v1.h"
#include "marker.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = 1;

#define MAX_VCPUS 64
#define HASH_BITS 16
#define NO_VCPU (-1)

/* One translated block, by start address and length (kept for good). */
struct block {
	uint64_t vaddr;
	uint64_t execs; /* in the open window, on its vCPU */
	uint64_t others; /* in the open window, on other vCPUs */
	uint32_t n; /* instructions */
	bool touched; /* on the touched list */
	struct block *hnext; /* hash chain */
	struct block *tnext; /* touched list */
};

static struct {
	FILE *out;
	uint64_t count[MAX_VCPUS];
	unsigned int nr_vcpus; /* highest vCPU that ran + 1 */
	int prof_vcpu; /* vCPU whose window is open, or NO_VCPU */
	struct block *hash[1u << HASH_BITS];
	struct block *touched;
} st;

static unsigned int hash_of(uint64_t vaddr, uint32_t n)
{
	uint64_t h = (vaddr ^ ((uint64_t)n << 48)) * 0x9e3779b97f4a7c15ull;

	return (unsigned int)(h >> (64 - HASH_BITS));
}

/* The record of a block; translation runs under QEMU's lock. */
static struct block *block_get(uint64_t vaddr, uint32_t n)
{
	unsigned int h = hash_of(vaddr, n);
	struct block *b;

	for (b = st.hash[h]; b; b = b->hnext)
		if (b->vaddr == vaddr && b->n == n)
			return b;
	b = calloc(1, sizeof(*b));
	if (!b) {
		qemu_plugin_outs("insn-plugin: out of memory\n");
		abort();
	}
	b->vaddr = vaddr;
	b->n = n;
	b->hnext = st.hash[h];
	st.hash[h] = b;
	return b;
}

static void block_exec(unsigned int vcpu, void *udata)
{
	struct block *b = udata;

	if (vcpu >= MAX_VCPUS)
		return;
	st.count[vcpu] += b->n;
	if (st.prof_vcpu == NO_VCPU)
		return;
	if (!b->touched) {
		b->touched = true;
		b->tnext = st.touched;
		st.touched = b;
	}
	if ((int)vcpu == st.prof_vcpu)
		b->execs++;
	else
		b->others++;
}

/* Close the profile window: write what ran in it and forget it. */
static void profile_flush(void)
{
	struct block *b, *next;

	for (b = st.touched; b; b = next) {
		next = b->tnext;
		fprintf(st.out, "prof %" PRIx64 " %" PRIu32 " %" PRIu64 " %" PRIu64 "\n", b->vaddr,
			b->n, b->execs, b->others);
		b->execs = 0;
		b->others = 0;
		b->touched = false;
		b->tnext = NULL;
	}
	st.touched = NULL;
	fputs("prof-end\n", st.out);
}

/* Every vCPU's count; vCPUs that never ran a block are left out. */
static void print_counts(void)
{
	unsigned int i;

	for (i = st.nr_vcpus; i < MAX_VCPUS; i++)
		if (st.count[i])
			st.nr_vcpus = i + 1;
	for (i = 0; i < st.nr_vcpus; i++)
		fprintf(st.out, " %" PRIu64, st.count[i]);
	fputc('\n', st.out);
}

static void marker_exec(unsigned int vcpu, void *udata)
{
	unsigned int code = (unsigned int)(uintptr_t)udata;

	if (vcpu >= MAX_VCPUS)
		return;
	fprintf(st.out, "mark %u %u %" PRIu64, code, vcpu, st.count[vcpu]);
	print_counts();
	if (code == INSN_MARK_BEGIN_PROFILE) {
		if (st.prof_vcpu != NO_VCPU)
			profile_flush(); /* a window never closed */
		st.prof_vcpu = (int)vcpu;
	} else if (code == INSN_MARK_END && st.prof_vcpu == (int)vcpu) {
		profile_flush();
		st.prof_vcpu = NO_VCPU;
	}
	/* the host reads the file only after QEMU exits, but a crash should
	 * not take the measurements with it */
	if (code == INSN_MARK_END)
		fflush(st.out);
}

/* The marker's code, or -1 if the instruction is not a marker. */
static int marker_code(const struct qemu_plugin_insn *insn)
{
	const unsigned char *p;

	if (qemu_plugin_insn_size(insn) != INSN_MARK_SIZE)
		return -1;
	p = qemu_plugin_insn_data(insn);
	if (p[0] != INSN_MARK_OPCODE0 || p[1] != INSN_MARK_OPCODE1 || p[2] != INSN_MARK_MODRM ||
	    p[4] != INSN_MARK_MAGIC0 || p[5] != INSN_MARK_MAGIC1 || p[6] != INSN_MARK_MAGIC2)
		return -1;
	return p[3];
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb), i;
	struct block *b = block_get(qemu_plugin_tb_vaddr(tb), (uint32_t)n);

	qemu_plugin_register_vcpu_tb_exec_cb(tb, block_exec, QEMU_PLUGIN_CB_NO_REGS, b);
	for (i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		int code = marker_code(insn);

		if (code >= 0)
			qemu_plugin_register_vcpu_insn_exec_cb(
				insn, marker_exec, QEMU_PLUGIN_CB_NO_REGS, (void *)(uintptr_t)code);
	}
}

static void at_exit(qemu_plugin_id_t id, void *udata)
{
	fputs("exit", st.out);
	print_counts();
	fclose(st.out);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
					   char **argv)
{
	const char *path = NULL;
	char msg[512];
	int i;

	for (i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "out=", 4)) {
			path = argv[i] + 4;
		} else {
			snprintf(msg, sizeof(msg),
				 "insn-plugin: unknown argument '%s' (takes out=FILE)\n", argv[i]);
			qemu_plugin_outs(msg);
			return -1;
		}
	}
	if (!path || !*path) {
		qemu_plugin_outs("insn-plugin: out=FILE is required\n");
		return -1;
	}
	st.out = fopen(path, "w");
	if (!st.out) {
		snprintf(msg, sizeof(msg), "insn-plugin: cannot write %s: %s\n", path,
			 strerror(errno));
		qemu_plugin_outs(msg);
		return -1;
	}
	setvbuf(st.out, NULL, _IOFBF, 1 << 20);
	st.prof_vcpu = NO_VCPU;
	qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
	qemu_plugin_register_atexit_cb(id, at_exit, NULL);
	return 0;
}
