"""The README shows what the assistant really says: its JSON example is compared with a fresh run of
the command line over the bundled corpus (shipped settings)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from conftest import ROOT

_SPEC = importlib.util.spec_from_file_location("readme_example", ROOT / "eval" / "readme_example.py")
assert _SPEC is not None and _SPEC.loader is not None
readme_example = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(readme_example)

pytestmark = pytest.mark.integration


def test_the_readme_json_example_is_the_real_output(tmp_path: Path) -> None:
    real = readme_example.real_output(tmp_path)
    shown = readme_example.shown()
    assert readme_example.comparable(shown) == readme_example.comparable(real), (
        "the README's example is not what ti-assistant says: run python eval/readme_example.py"
    )
    assert set(shown["timings_ms"]) == set(real["timings_ms"])
