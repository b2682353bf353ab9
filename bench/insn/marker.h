/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The marker instruction a guest program executes to tell insn-plugin.so
 * where a measured stretch begins and ends: a 7-byte NOP,
 * "nopl 0x4d5058XX(%rax)", whose displacement's upper three bytes spell
 * "MPX" and whose low byte XX is the code. It does nothing on any x86
 * CPU; the plugin recognises its bytes when it translates the block.
 */
#ifndef MPX_INSN_MARKER_H
#define MPX_INSN_MARKER_H

/* Encoding: 0f 1f 80 (nopl disp32(%rax)), then disp32 little-endian. */
#define INSN_MARK_OPCODE0 0x0f
#define INSN_MARK_OPCODE1 0x1f
#define INSN_MARK_MODRM 0x80
#define INSN_MARK_MAGIC0 0x58 /* 'X' */
#define INSN_MARK_MAGIC1 0x50 /* 'P' */
#define INSN_MARK_MAGIC2 0x4d /* 'M' */
#define INSN_MARK_SIZE 7

/* Codes. */
#define INSN_MARK_BEGIN 1 /* start of a measured stretch */
#define INSN_MARK_END 2 /* its end */
#define INSN_MARK_BEGIN_PROFILE 3 /* start, and record which blocks run */

/* Guest side: INSN_MARK(INSN_MARK_BEGIN); the code must be a constant. */
#define INSN_MARK_STR_(x) #x
#define INSN_MARK_STR(x) INSN_MARK_STR_(x)
#define INSN_MARK(code)                                                                         \
	__asm__ volatile(".byte 0x0f, 0x1f, 0x80, " INSN_MARK_STR(code) ", 0x58, 0x50, 0x4d" :: \
				 : "memory")

#endif
