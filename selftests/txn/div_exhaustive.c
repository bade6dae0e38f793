// SPDX-License-Identifier: GPL-2.0
/*
 * div_exhaustive - host test of vro_div()'s arithmetic (the same inline
 * function, include/linux/vro_div.h, compiled for user space): every
 * 16-bit dividend by every 16-bit divisor; every 32-bit dividend by a few
 * divisors; and for thousands of 32-bit divisors (small, powers of two and
 * their neighbours, near 2^32, pseudo-random) the dividends where an error
 * would show first: 0, 1, the multiples of d and their neighbours, the
 * largest values, and pseudo-random ones. Prints TAP lines ("ok - ...").
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "../../include/linux/vro_div.h"

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng >> 16;
}

static unsigned long long checks, bad;

static void one(uint32_t n, uint32_t d, uint64_t m)
{
	checks++;
	if (vro_div_u32(n, m) != n / d) {
		if (bad++ < 10)
			printf("# %u / %u: got %u, want %u\n", n, d,
			       vro_div_u32(n, m), n / d);
	}
}

/* The dividends where a wrong magic shows first. */
static void edges(uint32_t d)
{
	uint64_t m = VRO_DIV_MAGIC(d), k, q = UINT32_MAX / d;
	int i;

	for (k = 0; k <= 64 && k <= q; k++) {
		one(k * d, d, m);
		one(k * d + d - 1, d, m);
		one((q - k) * d, d, m);
		one((q - k) * d + (d - 1 < UINT32_MAX - (q - k) * d ?
				   d - 1 : UINT32_MAX - (q - k) * d), d, m);
		if (k && d)
			one(k * d - 1, d, m);
		if (q - k)
			one((q - k) * d - 1, d, m);
	}
	for (i = 0; i < 64; i++) {
		one(i, d, m);
		one(UINT32_MAX - i, d, m);
		one(rnd(), d, m);
	}
}

int main(int argc, char **argv)
{
	static const uint32_t full[] = { 7 };
	unsigned long long c0;
	uint32_t n, d, i, ndiv = 0;
	int failed = 0;

	c0 = checks;
	for (d = 1; d <= 0xffff; d++) {
		uint64_t m = VRO_DIV_MAGIC(d);

		for (n = 0; n <= 0xffff; n++)
			one(n, d, m);
	}
	printf("%sok - vro_div: every 16-bit dividend by every 16-bit divisor: %llu divisions, %llu wrong\n",
	       bad ? "not " : "", checks - c0, bad);
	failed |= !!bad;

	bad = 0;
	c0 = checks;
	for (i = 0; i < sizeof(full) / sizeof(full[0]) && argc < 2; i++) {
		uint64_t m = VRO_DIV_MAGIC(full[i]);

		n = 0;
		do
			one(n, full[i], m);
		while (++n);
	}
	printf("%sok - vro_div: every 32-bit dividend by 7: %llu divisions, %llu wrong\n",
	       bad ? "not " : "", checks - c0, bad);
	failed |= !!bad;

	bad = 0;
	c0 = checks;
	for (d = 1; d <= 4096; d++, ndiv++)
		edges(d);
	for (i = 0; i < 32; i++) {
		d = 1U << i;
		edges(d);
		ndiv += 1 + (d > 1) + (d < 0x80000000U);
		if (d > 1)
			edges(d - 1);
		if (d < 0x80000000U)
			edges(d + 1);
	}
	for (d = 0xffffffffU; d > 0xffffffffU - 4096; d--, ndiv++)
		edges(d);
	for (i = 0; i < 20000; i++) {
		d = rnd();
		edges(d ? d : 1);
		ndiv++;
	}
	printf("%sok - vro_div: 32-bit sweep, %u divisors (1..4096, 2^k and neighbours, 2^32-4096..2^32-1, 20000 random) x up to 580 dividends each (0, 1, multiples of d and neighbours at both ends, the largest, random): %llu divisions, %llu wrong\n",
	       bad ? "not " : "", ndiv, checks - c0, bad);
	failed |= !!bad;
	return failed;
}
