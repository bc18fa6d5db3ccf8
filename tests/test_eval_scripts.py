"""Every benchmark and tuning script answers --help with its usage instead of running (or crashing on
'--help' read as a number)."""

from __future__ import annotations

import json
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


def test_a_kind_of_text_is_written_into_the_model_file_and_its_card_once(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Training rewrites the model file without kinds and the data card without their lines; each tuning
    script puts its kind back (the other kinds kept) and its line after the general bar's, replacing the
    one an earlier run wrote."""
    sys.path.insert(0, str(ROOT / "eval"))
    try:
        from benchlib import save_kind
        from tune_faq_bar import KIND_LINE as FAQ_LINE
        from tune_faq_bar import kind_line as faq_line
        from tune_sure_bar import KIND_LINE, kind_line
    finally:
        sys.path.remove(str(ROOT / "eval"))
    model = tmp_path / "model.json"
    model.write_text('{"answer_at": 0.8, "kinds": {"other": {"answer_at": 0.7}}}', encoding="utf-8")
    card = model.with_suffix(".md")
    card.write_text(
        "# Fiche\n\n- réponse donnée comme sûre à partir de 0.833 ;\n- refus en dessous de 0.125 ;\n"
    )
    save_kind(
        model, "communiques", {"answer_at": 0.5}, KIND_LINE, kind_line(0.5, 0.1, frozenset(), ("logit_line",))
    )
    once = card.read_text(encoding="utf-8")
    lines = once.splitlines()
    assert lines[3].startswith(KIND_LINE) and "0.50" in lines[3] and "0.100" in lines[3]
    assert lines[2].startswith("- réponse donnée") and lines[4].startswith("- refus")
    # the line says which readings of the confidence the calibration weighs
    assert "lecture linéaire" in lines[3] and "arbres" not in lines[3]
    line = kind_line(0.4, 0.1, frozenset({"untyped", "unsaid"}), ("logit", "logit_line"))
    save_kind(model, "communiques", {"answer_at": 0.4}, KIND_LINE, line)
    save_kind(model, "faq", {"answer_at": 0.8, "refuse_below": 0.3}, FAQ_LINE, faq_line(0.3, 0.1))
    again = card.read_text(encoding="utf-8")
    assert again.count(KIND_LINE) == 1 and "à partir de 0.40" in again and "arbres" in again
    assert "aucun passage lu" in again and "aucun passage lu" not in once
    assert again.count(FAQ_LINE) == 1 and "refus en dessous de 0.300 (autres textes : 0.100)" in again
    assert again.splitlines()[-1].startswith("- refus en dessous de 0.125")
    kinds = json.loads(model.read_text(encoding="utf-8"))["kinds"]
    assert kinds == {"other": {"answer_at": 0.7}, "communiques": {"answer_at": 0.4}, "faq": kinds["faq"]}


def test_the_releases_bar_keeps_a_margin_of_one_out_of_corpus_question() -> None:
    """With 117 out-of-corpus questions, one sure would keep the exact 95 % bound under 5 % (4.0 %): the
    bar would slide to wherever exactly one is sure, and mending that one would lower it. The rule
    counts one more, so none may be sure."""
    sys.path.insert(0, str(ROOT / "eval"))
    try:
        from tune_sure_bar import Row, holds
    finally:
        sys.path.remove(str(ROOT / "eval"))

    def row(p: float, out: bool) -> Row:
        return Row(p, {}, False, frozenset(), out, not out)

    right = [row(0.9, False)] * 60
    assert holds(0.7, [right + [row(0.5, True)] * 117])
    assert not holds(0.7, [right + [row(0.5, True)] * 116 + [row(0.8, True)]])
    assert holds(0.85, [right + [row(0.5, True)] * 116 + [row(0.8, True)]])
