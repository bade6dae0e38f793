#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""layers.py VRO_DIR - check that vro's engine is a one-way stack.

Reads every vro/*.c and vro/pv/*.c (comments and strings removed), finds
which file defines each global function or variable and which files name
it, and fails (exit 1), printing why, when:
  - an engine file (vro/*.c other than main.c, kunit.c and the selftest
    files) names a symbol that vro/pv/ defines: the engine calls its client;
  - files call each other in a circle (a strongly connected component of
    more than one file), engine or pv.
The ops of the hidden parameters (*_param_ops, param.c) are markers that
any layer may compare a kernel_param against: they are not counted.
"""
import glob
import os
import re
import sys

TOP_ONLY = {'main.c', 'kunit.c'}


def strip(s):
    s = re.sub(r'/\*.*?\*/', ' ', s, flags=re.S)
    s = re.sub(r'//[^\n]*', ' ', s)
    return re.sub(r'"(?:\\.|[^"\\])*"', '""', s)


def load(root):
    files = sorted(f for f in glob.glob(os.path.join(root, '*.c')) +
                   glob.glob(os.path.join(root, 'pv', '*.c'))
                   if not f.endswith(".mod.c"))  # kbuild's, generated
    src = {os.path.relpath(f, root): strip(open(f).read()) for f in files}
    defs = {}
    for f, s in src.items():
        for m in re.finditer(r'^(?!static)[a-z][^\n;=(]*?\b(\w+)\([^;]*?\)\s*\{',
                             s, re.M | re.S):
            defs.setdefault(m.group(1), f)
        for m in re.finditer(r'^(?:const )?(?:struct \w+|char|u8|u32|u64|bool|'
                             r'unsigned int) \**(\w+)(?:\[\w*\])? ?'
                             r'(?:__\w+ )?[=;]', s, re.M):
            defs.setdefault(m.group(1), f)
        for m in re.finditer(r'^DEFINE_MUTEX\((\w+)\)', s, re.M):
            defs.setdefault(m.group(1), f)
    markers = {d for d in defs if d.endswith('_param_ops')}
    edges = {}
    for f, s in src.items():
        for t in set(re.findall(r'\b\w+\b', s)) - markers:
            d = defs.get(t)
            if d and d != f:
                edges.setdefault(f, {}).setdefault(d, set()).add(t)
    return src, edges


def engine(f):
    return not f.startswith('pv/') and f not in TOP_ONLY and \
        not f.startswith('selftest')


def cycles(nodes, edges):
    idx, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        idx[v] = low[v] = len(idx)
        stack.append(v)
        on.add(v)
        for w in edges.get(v, {}):
            if w not in idx:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], idx[w])
        if low[v] == idx[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))
    for v in nodes:
        if v not in idx:
            visit(v)
    return out


def main():
    src, edges = load(sys.argv[1])
    bad = 0
    for f in sorted(src):
        if not engine(f):
            continue
        for d, names in sorted(edges.get(f, {}).items()):
            if d.startswith('pv/'):
                print(f'{f} names {", ".join(sorted(names))} of {d}: '
                      'the engine must not call its client (vro/client.c)')
                bad = 1
    sub = {f: {d: n for d, n in e.items() if not f.startswith('selftest')
               and not d.startswith('selftest')} for f, e in edges.items()}
    for comp in cycles(sorted(src), sub):
        print('files that call each other in a circle: ' + ', '.join(comp))
        for f in comp:
            for d in sorted(sub.get(f, {})):
                if d in comp:
                    print(f'  {f} -> {d}: {", ".join(sorted(sub[f][d]))}')
        bad = 1
    print(f'{len(src)} files, {sum(len(e) for e in edges.values())} '
          'file-to-file references')
    return bad


sys.exit(main())
