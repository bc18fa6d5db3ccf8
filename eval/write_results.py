"""eval/RESULTS.md from the test-run ledger (eval/reports/test-runs.jsonl): for each held-out part, its
latest run and the first run of the same day before it (the "before" of a change), and how many times
each part was looked at; and the README's short table, between its `<!-- results -->` markers. Run by
`make eval` after the evaluations; no figure is typed by hand.

    python eval/write_results.py [LEDGER] [OUT]
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
COLUMNS = (
    ("sure_answerable", "questions avec réponse répondues avec assurance", "≥ 25 % (releases ≥ 60 %)"),
    ("confident_correct", "réponses sûres justes", "≥ 90 %"),
    ("out_confident", "hors corpus répondues avec assurance", "≤ 5 %"),
    ("out_refused", "hors corpus refusées", "≥ 80 %"),
    ("answerable_refused", "questions avec réponse refusées", "≤ 15 %"),
    ("gold_in_quotes", "citations contenant la réponse", "≥ 70 % (PIAF)"),
    ("gold_top5", "passage contenant la réponse parmi les 5 lus", "≥ 90 %"),
    ("gold_shown", "passage de référence montré", "≥ 85 % ¹"),
    ("quoted_words_median", "mots cités (médiane)", "≤ 60 ²"),
)
# Where the targets not set by issue 24 ("réponses utiles") come from.
TARGET_NOTES = (
    "¹ objectif de l'issue 10 (réponses honnêtes), déclarée bloquée sur ce seul point : il faudrait un "
    "modèle de reclassement qu'aucun paquet ne livre (CHANGELOG.md).",
    "² budget que le projet s'est fixé pour une réponse incertaine (`UNCERTAIN_WORDS`), pas un objectif "
    "d'issue.",
)
LABELS = {
    "own-test": "projet (communiqué livré), test",
    "releases-test": "communiqués réels, test",
    "piaf-test": "PIAF, test",
    "cnil-test": "CNIL, test",
    "dated-test": "communiqués datés, test",
    "crpa": "CRPA (jamais utilisé pour régler)",
    "dila": "DILA (jamais utilisé pour régler)",
}


_SMALL = re.compile(r"^(.+)-(\d+)-articles$")  # a small corpus of the set (`eval --articles N`)


def _label(part: str) -> str:
    """The part's name in French; a small corpus after its set's."""
    small = _SMALL.match(part)
    return (
        f"{LABELS.get(small[1], small[1])}, petit corpus de {small[2]} articles"
        if small
        else LABELS.get(part, part)
    )


def _order(part: str) -> tuple[int, bool]:
    """Parts in the order of `LABELS`, a small corpus right after its set."""
    small = _SMALL.match(part)
    base = small[1] if small else part
    return (list(LABELS).index(base) if base in LABELS else len(LABELS)), bool(small)


def _cell(value: Any, key: str) -> str:
    if value is None:
        return "—"
    if key == "quoted_words_median":
        return f"{value:g}".replace(".", ",")
    return f"{100 * value:.1f} %".replace(".", ",")


# The claims set's runs (statement checking): their own figures, kept apart from the questions' table.
CLAIMS = (
    ("precision_contredit", "« contredit » juste", "≥ 90 %"),
    ("recall_contredit", "chiffres changés dits « contredit »", "≥ 75 %"),
    ("precision_confirmé", "« confirmé » juste", "≥ 90 %"),
    ("recall_introuvable", "sujets absents dits « introuvable »", "≥ 80 %"),
    ("changed_confirmed", "chiffres changés dits « confirmé »", "≤ 5 %"),
)


def _is_claims(entry: dict[str, Any]) -> bool:
    return str(entry["part"]).startswith("claims")


def render(entries: list[dict[str, Any]]) -> str:
    claims = [e for e in entries if _is_claims(e)]
    entries = [e for e in entries if not _is_claims(e)]
    by_part: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entry in entries:
        by_part[entry["part"]].append(entry)
    last = max((e["date"] for e in entries), default="")
    lines = [
        "# Résultats sur les parties test",
        "",
        f"Écrit par `eval/write_results.py` depuis le registre des exécutions test "
        f"([test-runs.jsonl](reports/test-runs.jsonl)), dernière exécution : {last[:10]}. Chaque "
        "case : **dernière exécution**, puis entre parenthèses la première exécution du même jour quand "
        "il y en a une autre avant (l'état avant le changement). Les parties test ne servent à rien "
        "choisir : seuils et règles sont choisis sur les parties dev (eval/README.md).",
        "",
        "| partie | commit | embedder | " + " | ".join(label for _, label, _ in COLUMNS) + " | regards |",
        "|---|---|---|" + "---|" * len(COLUMNS) + "---|",
    ]
    for part in sorted(by_part, key=_order):
        runs = by_part[part]
        latest = runs[-1]
        same_day = [r for r in runs if r["date"][:10] == latest["date"][:10]]
        before = same_day[0] if len(same_day) > 1 else None
        cells = []
        for key, _, _ in COLUMNS:
            cell = f"**{_cell(latest.get(key), key)}**"
            if before is not None:
                cell += f" ({_cell(before.get(key), key)})"
            cells.append(cell)
        lines.append(
            f"| {_label(part)} | {latest['commit']} | {latest.get('embedder') or '—'} | "
            + " | ".join(cells)
            + f" | {len(runs)} |"
        )
    lines.append(
        "| objectif (issue 24, « réponses utiles ») | | | " + " | ".join(t for _, _, t in COLUMNS) + " | |"
    )
    lines += [
        "",
        "« regards » : combien de fois la partie a été évaluée depuis que le registre existe (2026-12-02).",
        "Une réponse est **juste** si ses citations contiennent la réponse de référence ou, quand celle-ci "
        "est plus longue qu'une phrase, si l'une d'elles, faite de phrases entières, en est une partie.",
        "Les rapports détaillés (question par question, graphiques) sont dans [reports/](reports/).",
        "« — » : la mesure n'a pas de sens pour la partie, ou le registre ne la tenait pas encore (le "
        "passage parmi les 5 lus y est noté depuis le 2026-12-05).",
        *TARGET_NOTES,
    ]
    if claims:
        lines += ["", "## Vérification d'affirmations (jeu claims, partie test)", ""]
        lines += ["| exécution | affirmations | " + " | ".join(label for _, label, _ in CLAIMS) + " | p95 |"]
        lines += ["|---|---|" + "---|" * len(CLAIMS) + "---|"]
        for run in claims:
            verdicts = " | ".join(_cell(run.get(key), key) for key, _, _ in CLAIMS)
            lines.append(
                f"| {run['date'][:10]}, {run['commit']} | {run['claims']} | {verdicts} | {run['p95_ms']:.0f} ms |"
            )
        lines.append("| objectif | | " + " | ".join(t for _, _, t in CLAIMS) + " | ≤ 150 ms |")
    return "\n".join(lines) + "\n"


SHORT = ("sure_answerable", "confident_correct", "out_refused", "gold_in_quotes")
MARKERS = ("<!-- results -->", "<!-- /results -->")


def short_table(entries: list[dict[str, Any]]) -> str:
    """The README's table: the latest run of each part, four figures."""
    latest: dict[str, dict[str, Any]] = {}
    for entry in entries:
        latest[entry["part"]] = entry
    claims = latest.pop("claims-test", None)
    names = {key: label for key, label, _ in COLUMNS}
    lines = [
        "| partie (dernière exécution) | " + " | ".join(names[k] for k in SHORT) + " |",
        "|---|" + "---|" * len(SHORT),
    ]
    for part in sorted(latest, key=_order):
        e = latest[part]
        cells = " | ".join(_cell(e.get(k), k) for k in SHORT)
        lines.append(f"| {_label(part)}, {e['date'][:10]}, {e.get('embedder') or '—'} | {cells} |")
    if claims is not None:
        figures = ", ".join(f"{label} {_cell(claims.get(key), key)}" for key, label, _ in CLAIMS)
        lines += ["", f"Vérification d'affirmations (partie test, {claims['date'][:10]}, {claims['claims']} "
                  f"affirmations) : {figures} ; p95 {claims['p95_ms']:.0f} ms."]  # fmt: skip
    return "\n".join(lines)


def update_readme(readme: Path, table: str) -> None:
    text = readme.read_text(encoding="utf-8")
    start, end = (text.index(m) for m in MARKERS)
    readme.write_text(text[: start + len(MARKERS[0])] + "\n" + table + "\n" + text[end:], encoding="utf-8")


def main() -> None:
    ledger = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "eval" / "reports" / "test-runs.jsonl"
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "eval" / "RESULTS.md"
    entries = [json.loads(line) for line in ledger.read_text(encoding="utf-8").splitlines() if line.strip()]
    out.write_text(render(entries), encoding="utf-8")
    update_readme(ROOT / "README.md", short_table(entries))
    print(f"Écrit : {out} et le tableau du README")


if __name__ == "__main__":
    main()
