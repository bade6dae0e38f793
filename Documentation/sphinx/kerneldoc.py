# SPDX-License-Identifier: GPL-2.0
"""The ``kernel-doc`` directive for vro's Documentation/.

Runs the kernel's own ``scripts/kernel-doc`` (perl, from Debian's kernel
headers) in reStructuredText mode on a source file and parses what it prints
into the page, with the same options as the kernel's directive::

    .. kernel-doc:: include/linux/vro.h
       :internal: vro/*.c

    .. kernel-doc:: vro/*.c
       :export:

* ``:export: [FILES]``: only symbols exported with ``EXPORT_SYMBOL*()`` in
  the file itself or in FILES;
* ``:internal: [FILES]``: only symbols *not* exported there;
* ``:functions: [NAMES]`` / ``:identifiers: [NAMES]``: only these symbols
  (all of them, without ``DOC:`` sections, when no name is given);
* ``:no-identifiers: NAMES``: everything except these;
* ``:doc: TITLE``: one ``DOC: TITLE`` section.

kernel-doc of 6.1 documents no variables. With ``:export:``, an exported
variable whose definition follows a ``DOC: name - ...`` comment is rendered
as a ``c:var`` with that section's text, so every exported symbol appears.

The file argument and FILES may be shell globs relative to
``kerneldoc_srctree`` (sorted; a glob that matches nothing is an error), so a
page keeps working when a source file is split. Each file is run on its own,
so warnings and ``.. LINENO`` markers point at the right file and line.
Every line kernel-doc writes to stderr becomes a Sphinx warning (an error
under ``sphinx-build -W``); "no structured comments found" and "'NAME' not
found" count only when no file of the glob produced the symbol.
"""
import glob
import os
import re
import subprocess

import sphinx
from docutils import nodes, statemachine
from docutils.parsers.rst import Directive, directives
from sphinx.util import logging
from sphinx.util.docutils import switch_source_input

__version__ = "1.0"

logger = logging.getLogger(__name__)

LINENO = re.compile(r"^\.\. LINENO (\d+)$")
NOT_FOUND = re.compile(r"^\S+:\d+: warning: '(\S+)' not found$")
NO_COMMENTS = re.compile(r"^\S+:\d+: warning: no structured comments found$")
EXPORT = re.compile(r"^\s*EXPORT_SYMBOL(?:_GPL)?\((\w+)\)", re.M)
# "/** DOC: name - ..." right above the definition of a variable "name".
DOC_VAR = re.compile(r"^/\*\*\s*\n \* DOC: ((\w+)[^\n]*)\n(?:(?! \*/).*\n)* \*/\n"
                     r"([^\n(]*\b\2)\s*(?:=[^\n]*|;)$", re.M)


def expand(srctree, patterns, what):
    """Sorted files matching each glob of @patterns, relative to @srctree."""
    files = []
    for pat in patterns.split():
        hits = sorted(os.path.relpath(p, srctree)
                      for p in glob.glob(os.path.join(srctree, pat)))
        if not hits:
            raise ValueError(f"{what} '{pat}' matches no file under {srctree}")
        files += [h for h in hits if h not in files]
    return files


class KernelDocDirective(Directive):
    """Insert the kernel-doc of one or more source files."""

    required_arguments = 1
    has_content = False
    option_spec = {
        "doc": directives.unchanged_required,
        "export": directives.unchanged,
        "internal": directives.unchanged,
        "functions": directives.unchanged,
        "identifiers": directives.unchanged,
        "no-identifiers": directives.unchanged_required,
    }

    def warn(self, msg):
        env = self.state.document.settings.env
        logger.warning("kernel-doc: %s", msg, location=(env.docname, self.lineno))

    def selection(self, srctree):
        """kernel-doc options for the selection, and the files it reads."""
        opts, extra = [], []
        o = self.options
        for name in ("export", "internal"):
            if name in o:
                opts.append("-" + name)
                extra = expand(srctree, o[name] or "", f":{name}:")
                for f in extra:
                    opts += ["-export-file", f]
        if "doc" in o:
            opts += ["-function", o["doc"]]
        names = (o.get("functions") or "").split() + (o.get("identifiers") or "").split()
        if "functions" in o or "identifiers" in o:
            if names:
                for n in names:
                    opts += ["-function", n]
            else:
                opts.append("-no-doc-sections")
        for n in (o.get("no-identifiers") or "").split():
            opts += ["-nosymbol", n]
        return opts, extra

    def run_one(self, cmd, srctree, path):
        """kernel-doc on one file: (stdout, list of stderr lines)."""
        try:
            p = subprocess.run(cmd + [path], cwd=srctree, capture_output=True,
                               text=True, check=False)
        except OSError as e:
            return "", [f"cannot run {cmd[0]}: {e}"]
        errs = [l for l in p.stderr.splitlines() if l.strip()]
        if p.returncode and not errs:
            errs.append(f"{cmd[0]} {path} exited {p.returncode}")
        return p.stdout, errs

    def parse(self, text, path):
        """Parse kernel-doc's rst, keeping file and line of every line."""
        result = statemachine.ViewList()
        lineno = 0
        for line in text.splitlines():
            m = LINENO.match(line.strip())
            if m:
                lineno = int(m.group(1)) - 1
                continue
            result.append(line, path, lineno)
        node = nodes.section()
        with switch_source_input(self.state, result):
            self.state.nested_parse(result, 0, node, match_titles=1)
        return node.children

    def exported_vars(self, cmd, srctree, files, extra):
        """c:var entries for exported variables documented by a DOC: section."""
        def read(f):
            with open(os.path.join(srctree, f), encoding="utf-8") as fh:
                return fh.read()
        exported = set()
        for f in files + extra:
            exported.update(EXPORT.findall(read(f)))
        out = []
        for f in files:
            for m in DOC_VAR.finditer(read(f)):
                title, name, decl = m.group(1), m.group(2), m.group(3).strip()
                if name not in exported:
                    continue
                text, errs = self.run_one(cmd + ["-function", title], srctree, f)
                for e in errs:
                    self.warn(e)
                summary = title[len(name):].lstrip(" -")
                body = [f".. c:var:: {decl}", "", "   " + summary, ""]
                body += ["   " + l if l.strip() else "" for l in text.splitlines()]
                out += self.parse("\n".join(body), os.path.join(srctree, f))
        return out

    def run(self):
        env = self.state.document.settings.env
        cfg = env.config
        srctree = os.path.abspath(cfg.kerneldoc_srctree)
        script = cfg.kerneldoc_bin
        if not script or not os.access(script, os.X_OK):
            self.warn(f"no executable scripts/kernel-doc (kerneldoc_bin = '{script}'): "
                      "install the Debian kernel headers (make deps) or set KERNELDOC")
            return []
        try:
            files = expand(srctree, self.arguments[0], "kernel-doc file")
            opts, extra = self.selection(srctree)
        except ValueError as e:
            self.warn(str(e))
            return []
        cmd = [script, "-rst", "-enable-lineno", "-sphinx-version",
               sphinx.__version__] + opts
        out, missing, empty = [], None, 0
        for f in files + extra:
            env.note_dependency(os.path.join(srctree, f))
        for f in files:
            text, errs = self.run_one(cmd, srctree, f)
            nf = set()
            for e in errs:
                m = NOT_FOUND.match(e)
                if m:
                    nf.add(m.group(1))
                elif NO_COMMENTS.match(e):
                    empty += 1
                else:
                    self.warn(e)
            missing = nf if missing is None else missing & nf
            out += self.parse(text, os.path.join(srctree, f))
        if "export" in self.options:
            out += self.exported_vars(cmd[:5], srctree, files, extra)
        for n in sorted(missing or ()):
            self.warn(f"'{n}' not found in {self.arguments[0]}")
        if files and empty == len(files):
            self.warn(f"no structured comments found in {self.arguments[0]}")
        return out


def find_kerneldoc(srctree):
    """$KERNELDOC, else scripts/kernel-doc of the installed Debian headers."""
    if os.environ.get("KERNELDOC"):
        return os.environ["KERNELDOC"]
    try:
        kver = subprocess.run([os.path.join(srctree, "tools/kver")],
                              capture_output=True, text=True).stdout.strip()
    except OSError:
        kver = ""
    cands = []
    if kver:
        cands.append(f"/usr/src/linux-headers-{kver}/scripts/kernel-doc")
        common = re.sub(r"-[^-]+$", "-common", kver)
        cands.append(f"/usr/src/linux-headers-{common}/scripts/kernel-doc")
    cands += sorted(glob.glob("/usr/src/linux-headers-*/scripts/kernel-doc"),
                    key=lambda p: [int(x) if x.isdigit() else x
                                   for x in re.split(r"(\d+)", p)], reverse=True)
    for c in cands:
        if os.access(c, os.X_OK):
            return c
    return ""


def setup(app):
    srctree = os.path.abspath(os.path.join(app.confdir, ".."))
    app.add_config_value("kerneldoc_srctree", srctree, "env")
    app.add_config_value("kerneldoc_bin", find_kerneldoc(srctree), "env")
    app.add_directive("kernel-doc", KernelDocDirective)
    return {"version": __version__, "parallel_read_safe": True,
            "parallel_write_safe": True}
