"""Every benchmark and tuning script answers --help with its usage instead of running (or crashing on
'--help' read as a number)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT

SCRIPTS = sorted(p.name for p in (ROOT / "eval").glob("*.py") if p.name.startswith(("bench_", "tune_")))


@pytest.mark.parametrize("script", SCRIPTS)
def test_help_prints_the_usage_and_exits(script: str) -> None:
    done = subprocess.run(
        [sys.executable, script, "--help"], cwd=ROOT / "eval", capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert f"python eval/{script}" in done.stdout and "--out DOSSIER" in done.stdout
