# SPDX-License-Identifier: GPL-2.0
# Sphinx configuration of vro's Documentation/ ("make htmldocs").
import os
import sys

sys.path.insert(0, os.path.join(os.path.abspath(os.path.dirname(__file__)), "sphinx"))

project = "vro"
copyright = "The vro authors; GPL-2.0"
author = "The vro authors"

extensions = ["kerneldoc"]
root_doc = "index"
exclude_patterns = ["output", "sphinx"]
primary_domain = "c"
highlight_language = "none"

# Kernel attributes and annotations that appear in kernel-doc prototypes
# (as the kernel's own Documentation/conf.py lists them for Sphinx >= 3.1).
c_id_attributes = [
    "__init", "__exit", "__cold", "__user", "__iomem", "__rcu", "__percpu",
    "__must_check", "__always_inline", "__noreturn", "__printf", "__weak",
    "__used", "__maybe_unused", "__read_mostly", "__ro_after_init",
    "noinline", "notrace", "asmlinkage", "inline",
]

try:
    import sphinx_rtd_theme  # noqa: F401  (python3-sphinx-rtd-theme)
    html_theme = "sphinx_rtd_theme"
except ImportError:
    html_theme = "alabaster"
html_title = "vro documentation"
html_show_sourcelink = False
html_copy_source = False
