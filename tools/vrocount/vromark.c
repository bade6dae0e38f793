// SPDX-License-Identifier: GPL-2.0
/*
 * vromark - tell the vrocount plugin (tools/vrocount/vrocount.c) what the
 * guest is doing: "vromark start" zeroes its counters, "vromark stop"
 * freezes them, "vromark boundary ADDR" (hex) makes every execution of the
 * kernel instruction at ADDR a boundary (a packet: mem=on empties the
 * modelled cache there with cold=on, and counts lines anew), "vromark
 * object START END" (hex) names a data object whose accesses mem=on
 * counts per instruction (at most VC_MAX_OBJECTS). A static
 * program without libc: the plugin sees the mark instructions when QEMU
 * translates them; a boundary's address is the immediate of a movabs
 * written into an executable page at run time.
 */
#include "vrocount.h"

static long vm_syscall6(long nr, long a, long b, long c, long d, long e, long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long ret;

	__asm__ volatile("syscall" : "=a" (ret)
			 : "a" (nr), "D" (a), "S" (b), "d" (c), "r" (r10), "r" (r8), "r" (r9)
			 : "rcx", "r11", "memory");
	return ret;
}

static void vm_exit(long code)
{
	vm_syscall6(60, code, 0, 0, 0, 0, 0);
	__builtin_unreachable();
}

static int vm_is(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static unsigned long long vm_hex(const char *s)
{
	unsigned long long v = 0;
	int n = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	for (; *s; s++, n++) {
		int d = *s >= '0' && *s <= '9' ? *s - '0' :
			*s >= 'a' && *s <= 'f' ? *s - 'a' + 10 :
			*s >= 'A' && *s <= 'F' ? *s - 'A' + 10 : -1;

		if (d < 0 || n >= 16)
			vm_exit(2);
		v = v << 4 | d;
	}
	if (!n)
		vm_exit(2);
	return v;
}

/* "movabs $a, %rax" for each of n values, then "ret", in an executable page */
static void *vm_jit(const unsigned long long *v, int n)
{
	unsigned char *p, *q;
	int i, j;

	p = (unsigned char *)vm_syscall6(9, 0, 4096, 7, 0x22, -1, 0);	/* mmap RWX, private anon */
	if ((unsigned long)p > -4096UL)
		vm_exit(3);
	for (q = p, j = 0; j < n; j++) {
		*q++ = 0x48;
		*q++ = 0xb8;
		for (i = 0; i < 8; i++)
			*q++ = v[j] >> (8 * i);
	}
	*q = 0xc3;
	return p;
}

static void vm_boundary(unsigned long long addr)
{
	void *f = vm_jit(&addr, 1);

	__asm__ volatile("movabs %0, %%rax" : : "i" (VROCOUNT_MAGIC | VC_MARK_BOUNDARY) : "rax");
	((void (*)(void))f)();
}

static void vm_object(unsigned long long start, unsigned long long end)
{
	unsigned long long v[2] = { start, end };
	void *f;

	if (end <= start)
		vm_exit(2);
	/* kallsyms has no sizes: the last object of a page ends with it */
	if (v[1] > (start | 4095) + 1)
		v[1] = (start | 4095) + 1;
	f = vm_jit(v, 2);
	__asm__ volatile("movabs %0, %%rax" : : "i" (VROCOUNT_MAGIC | VC_MARK_OBJECT) : "rax");
	((void (*)(void))f)();
}

__attribute__((used)) void vm_main(long *sp)
{
	char **argv = (char **)(sp + 1);

	if (sp[0] == 3 && vm_is(argv[1], "boundary")) {
		vm_boundary(vm_hex(argv[2]));
		vm_exit(0);
	}
	if (sp[0] == 4 && vm_is(argv[1], "object")) {
		vm_object(vm_hex(argv[2]), vm_hex(argv[3]));
		vm_exit(0);
	}
	if (sp[0] != 2)
		vm_exit(2);
	if (vm_is(argv[1], "start"))
		__asm__ volatile("movabs %0, %%rax" : :
				 "i" (VROCOUNT_MAGIC | VC_MARK_START) : "rax");
	else if (vm_is(argv[1], "stop"))
		__asm__ volatile("movabs %0, %%rax" : :
				 "i" (VROCOUNT_MAGIC | VC_MARK_STOP) : "rax");
	else
		vm_exit(2);
	vm_exit(0);
}

__asm__(".globl _start\n_start:\n\tmov %rsp, %rdi\n\tand $-16, %rsp\n\tcall vm_main\n\thlt\n");
