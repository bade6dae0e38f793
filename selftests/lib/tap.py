# SPDX-License-Identifier: GPL-2.0
"""selftests/lib/tap.py - the host side of the Python suites (selftests/api/run,
selftests/vrolink/run): the same kselftest TAP 13 as selftests/lib/tap.sh,
one numbered line per test, diagnostics as "# ..." lines.

    import tap                  (the run script puts selftests/lib on sys.path)
    tap.ok(cond, desc, diag)    a test; when it fails, diag's last 30 lines
    tap.skip(desc, why)         a test that could not run here
    tap.lines(text, label)      number a guest's unnumbered "ok - ..." lines
    tap.skip_all(why)           "1..0 # SKIP why": the suite cannot run here
    tap.done()                  the plan; the exit status (0: all passed)

As selftests/lib/tap.sh does, a suite run with KVER naming an installed
kernel the tree's modules are not built for runs again from the mirror
tools/kmods builds for that kernel.
"""
import os
import subprocess
import sys

n_test = 0
failed = 0


def _stock_mirror():
    """exec the suite from tools/kmods' mirror for $KVER if the tree's
    modules are built for another kernel (selftests/lib/tap.sh)."""
    top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    kver = os.environ.get("KVER")
    ko = os.path.join(top, "vro/vro.ko")
    if os.environ.get("VRO_KERNEL", "stock") != "stock" or not kver or not os.path.exists(ko):
        return
    p = subprocess.run(["modinfo", "-F", "vermagic", ko], capture_output=True, text=True)
    if p.stdout.split()[:1] == [kver]:
        return
    p = subprocess.run([os.path.join(top, "tools/kmods"), "--kver", kver],
                       capture_output=True, text=True)
    m = p.stdout.strip().splitlines()[-1:] if p.returncode == 0 else []
    if not m:
        print("TAP version 13")
        ok(False, f"build the modules for kernel {kver} (tools/kmods --kver {kver})", p.stderr)
        sys.exit(done())
    if m[0] == top:
        return
    script = os.path.relpath(os.path.abspath(sys.argv[0]), top)
    os.execv(os.path.join(m[0], script), [os.path.join(m[0], script)] + sys.argv[1:])


def ok(cond, desc, diag=""):
    """One test: "ok N desc" if cond, else "not ok N desc" and diag."""
    global n_test, failed
    n_test += 1
    if cond:
        print(f"ok {n_test} {desc}")
    else:
        failed += 1
        print(f"not ok {n_test} {desc}")
        for line in str(diag or "").splitlines()[-30:]:
            print(f"# {line}")
    sys.stdout.flush()
    return cond


def skip(desc, why):
    """A test that could not run here: counted as skipped."""
    ok(True, f"{desc} # SKIP {why}")


def lines(text, label=""):
    """Number the unnumbered TAP lines of text (a guest's, selftests/lib/guest.sh)."""
    pre = f"[{label}] " if label else ""
    for line in text.splitlines():
        if line.startswith("ok - "):
            ok(True, pre + line[5:])
        elif line.startswith("not ok - "):
            ok(False, pre + line[9:])
        else:
            print(f"# {line.removeprefix('# ')}")


def skip_all(why):
    """The suite cannot run here (a tool, kernel or package is missing)."""
    print(f"1..0 # SKIP {why}")
    sys.exit(0)


def done():
    """Print the plan; the suite's exit status: 0 if every test passed."""
    print(f"1..{n_test}")
    return 1 if failed else 0


_stock_mirror()
print("TAP version 13")
