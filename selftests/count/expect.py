#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""selftests/count/expect.py KO FUNCTION - what objdump shows of FUNCTION in
KO, a function without branches: one line
    insns=N loads=N stores=N rip_loads=N rip_stores=N
counting its instructions up to its return (a ret or the jmp to
__x86_return_thunk, which the kernel turns into a ret) and those that read
or write a memory operand (lea and nops access none). Exit 1 if FUNCTION is
missing or branches."""
import re
import subprocess
import sys


def operands(s):
    out, depth, cur = [], 0, ""
    for ch in s:
        if ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
            continue
        depth += ch == "("
        depth -= ch == ")"
        cur += ch
    if cur.strip():
        out.append(cur.strip())
    return out


def main():
    ko, fn = sys.argv[1], sys.argv[2]
    dis = subprocess.run(["objdump", "-dr", "--no-show-raw-insn", ko],
                         capture_output=True, text=True, check=True).stdout
    m = re.search(r"^[0-9a-f]+ <%s>:\n(.*?)(?:\n\n|\Z)" % re.escape(fn), dis,
                  re.S | re.M)
    if not m:
        sys.exit(f"expect.py: {ko}: no function {fn}")
    n = {"insns": 0, "loads": 0, "stores": 0, "rip_loads": 0, "rip_stores": 0}
    lines = m.group(1).splitlines()
    for k, line in enumerate(lines):
        parts = line.split("\t", 1)
        if len(parts) < 2 or "R_X86_64" in line:
            continue
        reloc = lines[k + 1] if k + 1 < len(lines) and "R_X86_64" in lines[k + 1] else ""
        text = parts[1].split("#")[0].strip()
        mnem, _, ops = text.partition(" ")
        ops = operands(ops.strip())
        n["insns"] += 1
        last = mnem.startswith("ret") or (mnem == "jmp" and "__x86_return_thunk" in reloc)
        if mnem.startswith("j") and not last:
            sys.exit(f"expect.py: {fn} branches ({text}): its counts are not static")
        if not mnem.startswith(("lea", "nop")):
            for i, op in enumerate(ops):
                if "(" not in op:
                    continue
                is_last = i == len(ops) - 1 and len(ops) > 1
                load = not is_last or not mnem.startswith(("mov", "set"))
                store = is_last and not mnem.startswith(("cmp", "test", "bt"))
                rip = "(%rip)" in op
                n["loads"] += load
                n["stores"] += store
                n["rip_loads"] += load and rip
                n["rip_stores"] += store and rip
        if last:
            break
    print(" ".join(f"{k}={v}" for k, v in n.items()))


if __name__ == "__main__":
    main()
