"""eval/RESULTS.md from the test-run ledger (eval/reports/test-runs.jsonl): for each held-out part, its
latest run and the first run of the same day before it (the "before" of a change), and how many times
each part was looked at; the targets the latest runs miss, each miss with its count and its exact 95 %
interval (a part too small to tell a miss from the draw of its questions says so); and the README's
short table and that list, between its `<!-- results -->` markers. Run by `make eval` after the
evaluations; no figure is typed by hand.

    python eval/write_results.py [LEDGER] [OUT]
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ti_assistant.evaluation.training import exact_share_bound

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Target:
    """A figure's target, as the "missed" list checks it against each part's latest run."""

    key: str  # the ledger's figure
    label: str  # its column in the results table
    at_least: bool  # ≥ (else ≤)
    bound: float
    of: str | None  # the ledger's count the figure is a share of ("sure": the sure answers among the
    # answerable questions); None: not a share (a median), no interval
    parts: dict[str, float] = field(default_factory=dict)  # a part's own bound, when it differs
    only: tuple[str, ...] = ()  # the parts (and their small corpora) it applies to; () = every part
    note: str = ""  # where a target not set by issue 24 comes from (`target_notes`)

    def bound_for(self, part: str) -> float | None:
        """The bound the part must meet; None when the target does not apply to it."""
        small = _SMALL.match(part)
        base = small[1] if small else part
        if self.only and base not in self.only:
            return None
        return self.parts.get(base, self.bound)

    def met(self, value: float, bound: float) -> bool:
        """The value meets the bound (a part's: `bound_for`)."""
        return value >= bound if self.at_least else value <= bound

    def text(self) -> str:
        """'≥ 25 % (communiqués réels ≥ 60 %)', as the results table's last row shows it."""
        sign = "≥" if self.at_least else "≤"
        said = f"{sign} {_number(self.bound, self.key)}"
        said += "".join(
            f" ({LABELS[p].split(',')[0]} {sign} {_number(b, self.key)})" for p, b in self.parts.items()
        )
        said += "".join(f" ({LABELS[p].split(',')[0]})" for p in self.only)
        return said + (f" {self.note}" if self.note else "")


# Issue 24's targets ("réponses utiles") — on every part unless it names some — and two set elsewhere;
# the results table's columns, in this order.
TARGETS = (
    Target("sure_answerable", "questions avec réponse répondues avec assurance", True, 0.25, "answerable",
           parts={"releases-test": 0.60}),
    Target("confident_correct", "réponses sûres justes", True, 0.90, "sure"),
    Target("out_confident", "hors corpus répondues avec assurance", False, 0.05, "out_of_corpus"),
    Target("out_refused", "hors corpus refusées", True, 0.80, "out_of_corpus"),
    Target("answerable_refused", "questions avec réponse refusées", False, 0.15, "answerable"),
    Target("gold_in_quotes", "citations contenant la réponse", True, 0.70, "answerable", only=("piaf-test",)),
    Target("gold_top5", "passage contenant la réponse parmi les 5 lus", True, 0.90, "answerable"),
    Target("gold_shown", "passage de référence montré", True, 0.85, "answerable", note="¹"),
    Target("quoted_words_median", "mots cités (médiane)", False, 60, None, note="²"),
)  # fmt: skip
RERANKER_REPORT = ROOT / "eval" / "reports" / "bench-reranker.json"  # `eval/bench_reranker.py`'s figures


def target_notes(reranker: Path = RERANKER_REPORT) -> tuple[str, ...]:
    """Where the targets not set by issue 24 ("réponses utiles") come from; the reranker's costs read
    from its benchmark's last run (none quoted when it has not run)."""
    if reranker.exists():
        bench = json.loads(reranker.read_text(encoding="utf-8"))
        room = f"{bench['latency_room_ms']:g}".replace(".", ",")
        cost = (
            f" lirait 5 phrases en {bench['pairs_ms_median']['5']:.0f} ms, "
            f"{bench['pairs_5_4_layers_ms_median']:.0f} ms réduit à 4 couches, pour {room} ms de marge de "
            "latence (`eval/reports/bench-reranker.md`, CHANGELOG.md)."
        )
    else:
        cost = " coûte plus que la marge de latence (`eval/bench_reranker.py` le mesure)."
    return (
        "¹ objectif de l'issue 10 (réponses honnêtes), déclarée bloquée sur ce seul point : il faudrait un "
        "modèle de reclassement qu'aucun paquet ne livre, et un reclassement appris à partir de mE5" + cost,
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


def _number(value: float, key: str) -> str:
    """A target as '25 %' or '24,5 %' (a table cell without its useless decimal), a median of words as '60'."""
    return _cell(value, key).replace(",0 %", " %")


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


def claims_spells(runs: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The claims runs cut into spells of consecutive runs with the same statements and verdict figures:
    one row each, so that the table shows when the checker's figures changed (as shown, to the tenth of a
    point), not every run that changed nothing."""

    def shown(run: dict[str, Any]) -> tuple[Any, ...]:
        return (run.get("claims"), *(_cell(run.get(key), key) for key, _, _ in CLAIMS))

    spells: list[list[dict[str, Any]]] = []
    for run in runs:
        if spells and shown(spells[-1][-1]) == shown(run):
            spells[-1].append(run)
        else:
            spells.append([run])
    return spells


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
        "| partie | commit | embedder | " + " | ".join(t.label for t in TARGETS) + " | regards |",
        "|---|---|---|" + "---|" * len(TARGETS) + "---|",
    ]
    for part in sorted(by_part, key=_order):
        runs = by_part[part]
        latest = runs[-1]
        same_day = [r for r in runs if r["date"][:10] == latest["date"][:10]]
        before = same_day[0] if len(same_day) > 1 else None
        cells = []
        for key in (t.key for t in TARGETS):
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
        "| objectif (issue 24, « réponses utiles ») | | | " + " | ".join(t.text() for t in TARGETS) + " | |"
    )
    lines += [
        "",
        "« regards » : combien de fois la partie a été évaluée depuis que le registre existe (2026-12-02).",
        "Une réponse est **juste** si ses citations contiennent la réponse de référence ou, quand celle-ci "
        "est plus longue qu'une phrase, si l'une d'elles, faite de phrases entières, en est une partie.",
        "Les rapports détaillés (question par question, graphiques) sont dans [reports/](reports/).",
        "« — » : la mesure n'a pas de sens pour la partie, ou le registre ne la tenait pas encore (le "
        "passage parmi les 5 lus y est noté depuis le 2026-12-05).",
        *target_notes(),
    ]
    gaps = missed(entries)
    if gaps:
        lines += ["", "## Objectifs manqués", "", MISSED_HEADING, "", *gaps]
    if claims:
        lines += ["", "## Vérification d'affirmations (jeu claims, partie test)", ""]
        lines += ["| exécution | affirmations | " + " | ".join(label for _, label, _ in CLAIMS) + " | p95 |"]
        lines += ["|---|---|" + "---|" * len(CLAIMS) + "---|"]
        for runs in claims_spells(claims):
            first, last = runs[0], runs[-1]
            verdicts = " | ".join(_cell(last.get(key), key) for key, _, _ in CLAIMS)
            when = f"{first['date'][:10]}, {first['commit']}"
            if len(runs) > 1:
                when = f"{when} → {last['date'][:10]}, {last['commit']} ({len(runs)} exécutions)"
            p95 = sorted(round(r["p95_ms"]) for r in runs)
            latency = f"{p95[0]}–{p95[-1]} ms" if p95[0] != p95[-1] else f"{p95[0]} ms"
            lines.append(f"| {when} | {last['claims']} | {verdicts} | {latency} |")
        lines.append("| objectif | | " + " | ".join(t for _, _, t in CLAIMS) + " | ≤ 150 ms |")
    return "\n".join(lines) + "\n"


SHORT = ("sure_answerable", "confident_correct", "out_refused", "gold_in_quotes")
MARKERS = ("<!-- results -->", "<!-- /results -->")


def _latest(entries: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each part's latest run, the parts in the order of `LABELS`."""
    latest: dict[str, dict[str, Any]] = {}
    for entry in entries:
        latest[entry["part"]] = entry
    return {part: latest[part] for part in sorted(latest, key=_order)}


def interval(k: int, n: int) -> tuple[float, float]:
    """The exact (Clopper-Pearson) 95 % interval of a share of k in n: each end a one-sided bound at
    97.5 % (`training.exact_share_bound`)."""
    flags = [True] * k + [False] * (n - k)
    return 1.0 - exact_share_bound([not f for f in flags], 0.975), exact_share_bound(flags, 0.975)


def _count(entry: dict[str, Any], target: Target) -> tuple[int, int] | None:
    """The figure as k of n questions, when it is a share and the run recorded its count."""
    if target.of == "sure":
        answerable, sure = entry.get("answerable"), entry.get("sure_answerable")
        n = None if answerable is None or sure is None else round(sure * answerable)
    else:
        n = entry.get(target.of) if target.of else None
    return None if not n else (round(entry[target.key] * n), int(n))


def missed(entries: list[dict[str, Any]]) -> list[str]:
    """One line per target some part's latest run misses: the parts, each with its count and the exact
    95 % interval of its share — "marge" when the interval holds the target, the part being too small
    to tell the system's miss from the draw of its questions."""
    latest = {part: e for part, e in _latest(entries).items() if not _is_claims(e)}
    lines = []
    for target in TARGETS:
        misses = []
        for part, entry in latest.items():
            value, bound = entry.get(target.key), target.bound_for(part)
            if value is None or bound is None or target.met(value, bound):
                continue
            said = f"{_label(part)} : {_cell(value, target.key)}"
            count = _count(entry, target)
            if count is not None:
                low, high = interval(*count)
                margin = " : marge" if low <= bound <= high else ""
                said += f" ({count[0]} sur {count[1]} ; {_cell(low, target.key)} – {_cell(high, target.key)}{margin})"
            misses.append(said)
        if misses:
            lines.append(f"- {target.label} {target.text()} — " + " ; ".join(misses))
    return lines


MISSED_HEADING = (
    "Objectifs manqués à la dernière exécution de chaque partie, entre parenthèses le compte et "
    "l'intervalle de confiance exact à 95 % (Clopper-Pearson) ; « marge » : l'intervalle contient "
    "l'objectif, la partie test est trop petite pour distinguer un manque du hasard de ses questions."
)


def short_table(entries: list[dict[str, Any]]) -> str:
    """The README's table: the latest run of each part, four figures; then the targets missed."""
    latest = _latest(entries)
    claims = latest.pop("claims-test", None)
    names = {t.key: t.label for t in TARGETS}
    lines = [
        "| partie (dernière exécution) | " + " | ".join(names[k] for k in SHORT) + " |",
        "|---|" + "---|" * len(SHORT),
    ]
    for part, e in latest.items():
        cells = " | ".join(_cell(e.get(k), k) for k in SHORT)
        lines.append(f"| {_label(part)}, {e['date'][:10]}, {e.get('embedder') or '—'} | {cells} |")
    if claims is not None:
        figures = ", ".join(f"{label} {_cell(claims.get(key), key)}" for key, label, _ in CLAIMS)
        lines += ["", f"Vérification d'affirmations (partie test, {claims['date'][:10]}, {claims['claims']} "
                  f"affirmations) : {figures} ; p95 {claims['p95_ms']:.0f} ms."]  # fmt: skip
    gaps = missed(entries)
    if gaps:
        lines += ["", MISSED_HEADING, "", *gaps, "", *target_notes()]
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
