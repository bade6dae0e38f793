// SPDX-License-Identifier: GPL-2.0
/*
 * vromark - "vromark start" zeroes the vrocount plugin's counters, "vromark
 * stop" freezes them (tools/vrocount/vrocount.c). A static program without
 * libc: the plugin sees the mark instruction when QEMU translates it.
 */
#include "vrocount.h"

static void vm_exit(long code)
{
	__asm__ volatile("syscall" : : "a" (60L), "D" (code) : "rcx", "r11", "memory");
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

__attribute__((used)) void vm_main(long *sp)
{
	char **argv = (char **)(sp + 1);

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
