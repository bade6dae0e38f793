# SPDX-License-Identifier: GPL-2.0
#
# vro: build the host tool, the kernel modules (kbuild, out of tree), and run
# vrolink on every module kbuild produced.
#
#   make            tool + modules + vrolink pass + the vrocount QEMU plugin
#   make deps       install the Debian packages (root; idempotent)
#   make check      every test (host + QEMU guest), TAP, closing summary
#   make ext M=DIR  build a consumer module in DIR against vro, then vrolink it
#                   (EXTRA_SYMBOLS=A/Module.symvers: it reads VROs of module A)
#                   (VRO_BUILD=plain|const: the baseline builds, vro.rst)
#   make demo       boot the guest and show vro at work
#                   (KERNEL=vro: the kernel with vro built in, vmlinux's VROs)
#   make fuzz       longer fuzzing run of vrolink's ELF reader
#   make bench      benchmarks (figures, bench/results/; not tests); QUICK=1: short
#   make htmldocs   Documentation/ as HTML (Sphinx, -W) in .cache/htmldocs/html
#   make dkms-src   stage the DKMS source tree in .cache/dkms/vro-<version>
#   make dkms-deb   Debian package of it (dh_dkms): .cache/dkms/*.deb
#   make kernel     build the rig and debug kernels (KERNELS=debug: one;
#                   KERNELS="vro vro-plain vro-const": whole-kernel mode)
#
# KVER/KDIR default to the newest Debian kernel that has both an image in
# /boot and headers in /usr/src (never uname -r; tools/kver). When several
# are installed, make names the one it chose and the others once; choose
# with KVER=VERSION (or KDIR=). See Documentation/vm.rst, "Kernel versions".

# A mirror built for a self-built kernel (tools/kmods) names that kernel here.
-include $(CURDIR)/.vro-kernel.mk
# Found once, on first use (make deps does not need it).
KVER ?= $(eval KVER := $(shell $(CURDIR)/tools/kver))$(KVER)
KDIR ?= /usr/src/linux-headers-$(KVER)
VROLINK := $(CURDIR)/tools/vrolink/vrolink
# VRO_PV=n: vro.ko without its pv half (vro/Kbuild). The modules that call
# pv ops still build, with their vro_pv_* symbols left undefined: modpost
# warns instead of failing, and they refuse to load (Documentation/vro-pv.rst).
KBUILD := $(MAKE) -C $(KDIR) M=$(CURDIR) VRO_ROOT=$(CURDIR) \
	$(if $(filter n,$(VRO_PV)),KBUILD_MODPOST_WARN=1)

export VROLINK

.PHONY: all tool vrocount modules vrolink-modules ext deps check check-host check-guest \
	demo fuzz bench clean htmldocs dkms-modules dkms-src dkms-deb kernel

all: modules vrocount

deps:
	@tools/deps

tool:
	@$(MAKE) -s -C tools/vrolink

# The QEMU TCG plugin that counts guest work (Documentation/measure.rst);
# without QEMU's plugin header (make deps) it says so and builds the rest.
vrocount:
	@$(MAKE) -s -C tools/vrocount

# A wrong KVER: tools/kver names the installed kernels.
KDIR_CHECK = test -d "$(KDIR)" || { KVER="$(KVER)" tools/kver >/dev/null; \
	echo "make: no kernel headers at '$(KDIR)' (KVER='$(KVER)'): run 'make deps' or set KVER=/KDIR=" >&2; exit 2; }

modules: tool
	@$(KDIR_CHECK)
	@$(KBUILD) modules
	@tools/vrolink-all $(CURDIR)

# A consumer module outside this tree: kbuild it with vro's headers and
# symbols, then run vrolink on what it produced (a module vrolink refuses is
# deleted). The consumer's own Kbuild settings stay its own: vro's include
# path goes in through KCPPFLAGS, vro's symbols through KBUILD_EXTRA_SYMBOLS
# in the environment (a Kbuild may append to it with +=), never on kbuild's
# command line. EXTRA_SYMBOLS= adds the Module.symvers of other consumers
# whose VROs this one reads.
EXT_SYMBOLS = $(CURDIR)/Module.symvers $(abspath $(EXTRA_SYMBOLS)) \
	$(KBUILD_EXTRA_SYMBOLS)
MAKEOVERRIDES := $(filter-out KBUILD_EXTRA_SYMBOLS=%,$(MAKEOVERRIDES))

ext: modules
	@test -n "$(M)" || { echo "make ext: set M=/path/to/module" >&2; exit 2; }
	@KBUILD_EXTRA_SYMBOLS="$(strip $(EXT_SYMBOLS))" \
		$(MAKE) -C $(KDIR) M=$(abspath $(M)) VRO_ROOT=$(CURDIR) \
		KCPPFLAGS="-I$(CURDIR)/include $(if $(VRO_BUILD),-DVRO_BUILD=$(VRO_BUILD)) $(KCPPFLAGS)" modules
	@tools/vrolink-all $(abspath $(M))

check: all
	@KVER=$(KVER) tools/check

demo: all
	@KVER=$(KVER) KERNEL=$(KERNEL) tools/demo

fuzz: tool
	@$(MAKE) -s -C tools/vrolink fuzz FUZZ_SECONDS=$${FUZZ_SECONDS:-300}

# The self-built kernels (rig, debug; KERNELS=debug for one): tools/kernel.
kernel:
	@tools/kernel $(KERNELS)

bench: all
	@KVER=$(KVER) QUICK=$(QUICK) tools/bench

# Sphinx with the kernel-doc directive of Documentation/sphinx/kerneldoc.py;
# warnings are errors.
HTMLDOCS ?= $(CURDIR)/.cache/htmldocs
htmldocs:
	@command -v sphinx-build >/dev/null || { echo "make htmldocs: no sphinx-build: run 'make deps'" >&2; exit 2; }
	@sphinx-build -W --keep-going -q -b html -d $(HTMLDOCS)/doctrees Documentation $(HTMLDOCS)/html
	@echo "htmldocs: $(HTMLDOCS)/html/index.html"

# DKMS (dkms.conf): only what is installed, vro/ and net/, vrolink included.
VRO_VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' $(CURDIR)/dkms.conf 2>/dev/null)
DKMS_DIR ?= $(CURDIR)/.cache/dkms
# The kernels it supports: BUILD_EXCLUSIVE_KERNEL in dkms.conf; checked
# first, with the headers, so that a refused build names the kernel and why.
VRO_DKMS_KERNELS := $(shell sed -n 's/^BUILD_EXCLUSIVE_KERNEL="\(.*\)"/\1/p' $(CURDIR)/dkms.conf 2>/dev/null)
dkms-modules:
	@echo "$(KVER)" | grep -Eq '$(VRO_DKMS_KERNELS)' || { echo "make dkms-modules: vro does not support kernel '$(KVER)': the 6.1 and 6.12 series only (BUILD_EXCLUSIVE_KERNEL in dkms.conf)" >&2; exit 2; }
	@test -d "$(KDIR)/include" || { echo "make dkms-modules: no headers for kernel '$(KVER)' at '$(KDIR)': install linux-headers-$(KVER)" >&2; exit 2; }
	@$(MAKE) -s -C tools/vrolink
	@$(KBUILD) VRO_SUBDIRS="vro/ net/" VRO_TEST_HOOKS= modules
	@tools/vrolink-all $(CURDIR)

dkms-src:
	@tools/dkms-src $(DKMS_DIR)/vro-$(VRO_VERSION)

dkms-deb: dkms-src
	@tools/dkms-deb $(DKMS_DIR)/vro-$(VRO_VERSION) $(DKMS_DIR)

clean:
	@$(MAKE) -s -C tools/vrolink clean
	@$(MAKE) -s -C tools/vrocount clean
	@$(KBUILD) clean >/dev/null 2>&1 || true
	@rm -rf .cache
