# SPDX-License-Identifier: GPL-2.0
#
# vro: build the host tool, the kernel modules (kbuild, out of tree), and run
# vrolink on every module kbuild produced.
#
#   make            tool + modules + vrolink pass
#   make deps       install the Debian packages (root; idempotent)
#   make check      every test (host + QEMU guest), TAP, closing summary
#   make ext M=DIR  build a consumer module in DIR against vro, then vrolink it
#   make demo       boot the guest and show vro at work
#   make fuzz       longer fuzzing run of vrolink's ELF reader
#   make bench      benchmarks (print figures; not tests)
#   make kernel     build the rig and debug kernels (KERNELS=debug: one)
#
# KVER/KDIR default to the newest Debian kernel that has both an image in
# /boot and headers in /usr/src (never uname -r); override on the command line.

# A mirror built for a self-built kernel (tools/kmods) names that kernel here.
-include $(CURDIR)/.vro-kernel.mk
KVER ?= $(shell $(CURDIR)/tools/kver)
KDIR ?= /usr/src/linux-headers-$(KVER)
VROLINK := $(CURDIR)/tools/vrolink/vrolink
KBUILD := $(MAKE) -C $(KDIR) M=$(CURDIR) VRO_ROOT=$(CURDIR)

export VROLINK

.PHONY: all tool modules vrolink-modules ext deps check check-host check-guest \
	demo fuzz bench clean kernel

all: modules

deps:
	@tools/deps

tool:
	@$(MAKE) -s -C tools/vrolink

modules: tool
	@test -d "$(KDIR)" || { echo "make: no kernel headers at '$(KDIR)' (KVER='$(KVER)'): run 'make deps' or set KVER=/KDIR=" >&2; exit 2; }
	@$(KBUILD) modules
	@tools/vrolink-all $(CURDIR)

# A consumer module outside this tree: kbuild it with vro's headers and
# symbols, then run vrolink on what it produced.
ext: modules
	@test -n "$(M)" || { echo "make ext: set M=/path/to/module" >&2; exit 2; }
	@$(MAKE) -C $(KDIR) M=$(abspath $(M)) VRO_ROOT=$(CURDIR) \
		KBUILD_EXTRA_SYMBOLS=$(CURDIR)/Module.symvers \
		ccflags-y=-I$(CURDIR)/include modules
	@tools/vrolink-all $(abspath $(M))

check: all
	@tools/check

demo: all
	@tools/demo

fuzz: tool
	@$(MAKE) -s -C tools/vrolink fuzz FUZZ_SECONDS=$${FUZZ_SECONDS:-300}

# The self-built kernels (rig, debug; KERNELS=debug for one): tools/kernel.
kernel:
	@tools/kernel $(KERNELS)

bench: all
	@tools/bench

clean:
	@$(MAKE) -s -C tools/vrolink clean
	@$(KBUILD) clean >/dev/null 2>&1 || true
	@rm -rf .cache
