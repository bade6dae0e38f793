/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vro_div.h - the arithmetic of vro_div(): an unsigned 32-bit division by
 * a divisor d known only at run time, as one 64x64->128 multiply by a
 * magic number derived from d. Compiles in user space too (the host test
 * selftests/txn/div_exhaustive.c checks it).
 *
 * With M = floor((2^64 - 1) / d) for 1 <= d < 2^32:
 *
 *	floor(n / d) == floor(M * (n + 1) / 2^64)	for every 0 <= n < 2^32
 *
 * Proof: write 2^64 - 1 = M * d + f (0 <= f < d) and n = q * d + r
 * (0 <= r < d). Then M * (n + 1) / 2^64 = q + (r + 1) / d - e with
 * e = (n + 1) * (f + 1) / (d * 2^64), so 0 < e <= (n + 1) / 2^64 <= 2^-32
 * < 1 / d <= (r + 1) / d, and (r + 1) / d - e lies in (0, 1): the floor
 * is q. d = 1 needs no special case (M = 2^64 - 1).
 */
#ifndef _LINUX_VRO_DIV_H
#define _LINUX_VRO_DIV_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdint.h>
typedef uint32_t u32;
typedef uint64_t u64;
#endif

/* The magic number of divisor @d (1 <= d < 2^32); a constant expression. */
#define VRO_DIV_MAGIC(d)	(~0ULL / (d))

/*
 * floor(@n / d) for the divisor d whose VRO_DIV_MAGIC() is @magic: the high
 * half of the 128-bit product, one "mulq". Written as asm because gcc 12
 * realigns the stack of a kernel function (16-byte __int128 alignment under
 * -mpreferred-stack-boundary=3) that multiplies unsigned __int128 values.
 */
static inline u32 vro_div_u32(u32 n, u64 magic)
{
	u64 lo, hi;

	asm("mulq %3" : "=a" (lo), "=d" (hi) : "a" (magic), "rm" ((u64)n + 1));
	return (u32)hi;
}

/*
 * The remainder of @n by @d and, through @q, the quotient, from a magic
 * number and a divisor read from two sites (vro_mod(), vro_divmod()).
 * Reading both is not atomic: a reader that can be preempted between the
 * two reads may get the magic of one divisor and the other divisor, if a
 * re-patch happens in between. So the pair is checked, not trusted:
 * r = n - q * d (in 64 bits: q * d < 2^64, and n < q * d wraps to a value
 * >= 2^32) is the remainder of n by d exactly when r < d, because
 * n = q * d + r with 0 <= r < d defines q and r. When the magic was @d's
 * that always holds (vro_div_u32() is exact); when it was not, the divide
 * instruction computes both from @d alone. Either way the result is
 * exact for the divisor @d that was read: r < d and n == q * d + r.
 */
static inline u32 vro_divmod_u32(u32 n, u64 magic, u32 d, u32 *q)
{
	u64 r;

	*q = vro_div_u32(n, magic);
	r = (u64)n - (u64)*q * d;
	if (__builtin_expect(r < d, 1))
		return (u32)r;
	*q = n / d;		/* magic and divisor from two different values */
	return n % d;
}

#endif /* _LINUX_VRO_DIV_H */
