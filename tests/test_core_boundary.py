"""The core never imports Textual: it must run in scripts, the plain mode and on servers."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import ldnwizard.core


def test_core_modules_do_not_import_textual():
    # walk_packages, not iter_modules: the core is grouped in subpackages
    names = [m.name for m in pkgutil.walk_packages(ldnwizard.core.__path__, prefix="ldnwizard.core.")]
    assert "ldnwizard.core.answering.assess" in names
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}: importlib.import_module(name)\n"
        "import ldnwizard.cli\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.') or m == 'rich')\n"
        "print(','.join(bad))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ""


def test_summarize_does_not_load_textual(tmp_path):
    answers = tmp_path / "a.toml"
    answers.write_text('benzo = "none"\nopioids = "no"\n', encoding="utf-8")
    code = (
        "import sys\nfrom ldnwizard.cli import main\n"
        f"rc = main(['summarize', {str(answers)!r}])\n"
        "print('TEXTUAL' if any(m.startswith('textual') for m in sys.modules) else 'CLEAN', rc, file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.stderr.strip().endswith("CLEAN 0"), proc.stderr
