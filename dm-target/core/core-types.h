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
#include <linux/atomic.h>
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

/* the kernel's atomic64_t, as far as core/ uses it (ordered as the kernel's) */
typedef struct {
	s64 counter;
} atomic64_t;

static inline s64 atomic64_read(const atomic64_t *v)
{
	return __atomic_load_n(&v->counter, __ATOMIC_RELAXED);
}

static inline void atomic64_set(atomic64_t *v, s64 i)
{
	__atomic_store_n(&v->counter, i, __ATOMIC_RELAXED);
}

static inline void atomic64_add(s64 i, atomic64_t *v)
{
	__atomic_fetch_add(&v->counter, i, __ATOMIC_RELAXED);
}

static inline s64 atomic64_xchg(atomic64_t *v, s64 i)
{
	return __atomic_exchange_n(&v->counter, i, __ATOMIC_SEQ_CST);
}

static inline bool atomic64_try_cmpxchg(atomic64_t *v, s64 *old, s64 new)
{
	return __atomic_compare_exchange_n(&v->counter, old, new, false, __ATOMIC_SEQ_CST,
					   __ATOMIC_RELAXED);
}
#endif

#endif
