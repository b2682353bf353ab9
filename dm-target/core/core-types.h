/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The only header dm-target/core/ files include: it maps the handful of
 * types and helpers they use onto the kernel's or libc's, so the same
 * sources build into dm-mpx.ko and into the cmocka tests. Core code takes no
 * locks, allocates nothing and logs nothing: callers own all of that.
 */
#ifndef MPX_CORE_TYPES_H
#define MPX_CORE_TYPES_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/kernel.h>
#include <linux/math64.h>
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <string.h>
#include <stdio.h>
typedef uint8_t u8;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int64_t s64;
#ifndef likely
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#endif
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
/* (clang-format would glue "(ptr)-offsetof", taking it for a cast) */
/* clang-format off */
#define container_of(ptr, type, member) \
	((type *)(void *)((char *)(ptr) - offsetof(type, member)))
/* clang-format on */
static inline u64 div64_u64(u64 a, u64 b) { return a / b; }
#endif

#endif
