"""The claims set: statements to check, built from the question sets' reference answers, and how a checker
scores on them (`ti-assistant eval --set claims`).

Mostly built, not written, from material with verbatim answers (the real releases of ../shared/data/releases,
PIAF and the dated set), so that its dev and test parts follow those sets' parts: a claim is in the test part when
the question it comes from is. For each answerable single question whose answer is a checkable fact:
- true: the clause of the release that holds the answer, its figures rewritten in another form ("8 200"
  -> "8200", "M€" -> "millions d'euros") -> confirmé; from a dated question on a past state ("en 2022")
  -> dépassé, a newer release giving another value;
- changed: the same clause with the answer replaced by another answer of the same kind taken from
  another question -> contredit;
- left out (real releases and PIAF): the true clause, its release (PIAF: its whole article) hidden
  from retrieval -> introuvable.
Beside them, statements written by hand in other words (`eval/claims/dev.jsonl`, `test.jsonl`, the
latter frozen by hash) on the shipped release and the dated set.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ti_assistant.answer.facts import AMOUNT, NUMBER, Fact, facts
from ti_assistant.answer.verify import CONFIRMED, CONTRADICTED, NOT_FOUND, OUTDATED, VERDICTS, Verdict
from ti_assistant.evaluation import datasets
from ti_assistant.evaluation.datasets import EvalQuestion, article_of
from ti_assistant.evaluation.gate import Target, missed
from ti_assistant.evaluation.metrics import percentile
from ti_assistant.evaluation.training import TRAINING_SETS, split_by_article
from ti_assistant.store.retrieval import Filters
from ti_assistant.text import lexicon
from ti_assistant.text.french import fold, sentence_spans, terms

Check = Callable[[str, Filters | None], Verdict]

# Targets of the test part (issue 27), also the gate's floors.
TARGETS: tuple[Target, ...] = (
    ("precision_contredit", "min", 0.90, "« contredit » juste"),
    ("recall_contredit", "min", 0.75, "chiffres changés dits « contredit »"),
    ("precision_confirmé", "min", 0.90, "« confirmé » juste"),
    ("recall_introuvable", "min", 0.80, "sujets absents dits « introuvable »"),
    ("changed_confirmed", "max", 0.05, "chiffres changés dits « confirmé »"),
)

_OPENING = re.compile(rf"^{lexicon.OPENING_CONNECTORS.pattern()}\s*,?\s*", re.I)


@dataclass(frozen=True)
class Claim:
    id: str
    text: str
    expected: str
    hidden: frozenset[str] = frozenset()  # releases left out of retrieval (its release, or its article)


def build(questions: list[EvalQuestion], texts: dict[str, str]) -> list[Claim]:
    """Claims from answerable single questions whose release holds the answer verbatim in a clause. `texts`:
    doc_id -> release text. Dated questions on a past state (kind "at_date") give "dépassé"; real
    releases (doc ids under releases/) also give a left-out claim."""
    usable: list[tuple[EvalQuestion, str, str, Fact]] = []
    for q in questions:
        if q.conversation or q.is_trap or not q.answers or len(q.doc_ids) != 1:
            continue
        doc_id = next(iter(q.doc_ids))
        clause = _clause(texts.get(doc_id, ""), q.answers[0])
        fact = _main_fact(q.answers[0])
        if clause and fact and fact.text in clause:
            usable.append((q, doc_id, clause, fact))
    read = [(set(terms(text)), fold(text)) for text in texts.values()]  # each text's words, read once
    claims: list[Claim] = []
    for i, (q, doc_id, clause, fact) in enumerate(usable):
        true = clause.replace(fact.text, _reworded(fact), 1)
        claims.append(Claim(f"{q.id}-vrai", true, OUTDATED if q.kind == "at_date" else CONFIRMED))
        other = _other_value(usable, i, _on_subject(clause, read))
        if other is not None:
            claims.append(Claim(f"{q.id}-change", clause.replace(fact.text, other, 1), CONTRADICTED))
        if q.kind != "at_date" and "/" in doc_id:  # the dated set's versions stay: none is left out
            article = article_of(doc_id) if q.kind in TRAINING_SETS else doc_id
            hidden = frozenset(d for d in texts if d == doc_id or article_of(d) == article)
            claims.append(Claim(f"{q.id}-absent", true, NOT_FOUND, hidden))
    return claims


def material(
    corpus: Path, data_dir: Path, shipped: Path, parts: tuple[str, ...], with_piaf: bool = True
) -> list[Claim]:
    """The claims of the given parts; writes the texts they are checked against under `corpus` (the
    dated set, the shipped release(s) of `shipped`, the real releases and — `with_piaf` — PIAF of
    `data_dir`, PIAF split by article as for training)."""
    shutil.copytree(datasets.DATED / "corpus", corpus, dirs_exist_ok=True)
    shutil.copytree(shipped, corpus, dirs_exist_ok=True)
    dated = datasets.dated_parts(datasets.DATED / "questions.jsonl")
    split = json.loads(datasets.FROZEN.read_text(encoding="utf-8"))["releases-test"]
    releases = datasets.releases_parts(datasets.load_releases(data_dir, corpus), split)
    piaf: dict[str, list[EvalQuestion]] = {part: [] for part in parts}
    if with_piaf:
        squad = datasets.materialize_squad(datasets.squad_path(data_dir, "piaf"), "piaf", corpus)
        piaf = split_by_article(squad)
    questions = [q for part in parts for q in releases[part] + dated[part] + piaf[part]]
    built = build(questions, datasets.documents(corpus))
    return built + [c for part in parts for c in load_written(datasets.CLAIMS / f"{part}.jsonl")]


def load_written(path: Path) -> list[Claim]:
    """Hand-written statements (`eval/claims/<part>.jsonl`: id, claim, expected), reworded as a member of
    staff would write them; none is left out of the index."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [Claim(r["id"], r["claim"], r["expected"]) for r in rows]


def _main_fact(answer: str) -> Fact | None:
    """The fact an answer is (its longest), when it covers most of the answer: "60 adultes" -> 60."""
    found = sorted(facts(answer), key=lambda f: len(f.text), reverse=True)
    if not found or len(found[0].text) < len(answer.strip()) / 3:
        return None
    return found[0]


def _clause(text: str, answer: str) -> str | None:
    """The part of the release's sentence holding `answer`, between semicolons or a colon, without an
    opening connector, on one line of 4 to 60 words; None when there is none."""
    for a, b in sentence_spans(text):
        for piece in re.split(r"\s*[;:]\s+", text[a:b]):
            if answer not in piece or "\n" in piece.strip():
                continue
            piece = _OPENING.sub("", piece.strip(" -*•"))
            if 4 <= len(piece.split()) <= 60:
                return piece[0].upper() + piece[1:]
    return None


def _reworded(fact: Fact) -> str:
    """A figure written in another form French allows, same value ("8 200" <-> "8200", "M€" -> "millions
    d'euros"); dates and names as they are."""
    if fact.kind not in (NUMBER, AMOUNT):
        return fact.text
    if re.search(r"\d[ \u00a0\u202f]\d{3}", fact.text):
        other = re.sub(r"(?<=\d)[ \u00a0\u202f](?=\d{3})", "", fact.text)
    else:
        other = re.sub(r"(?<=\d)(?=(?:\d{3})+(?!\d))", " ", fact.text)
    return other.replace("M€", "millions d'euros").replace("Md€", "milliards d'euros")


def _on_subject(clause: str, read: list[tuple[set[str], str]]) -> list[str]:
    """The folded texts (given with their terms) holding at least half of the clause's words: those that
    speak of its subject (a changed value must be absent from all of them, or it would be true of
    another version)."""
    wanted = set(terms(clause))
    return [folded for held, folded in read if wanted and len(wanted & held) >= len(wanted) / 2]


def _other_value(
    usable: list[tuple[EvalQuestion, str, str, Fact]], i: int, subject_texts: list[str]
) -> str | None:
    """The next answer's fact of the same kind with another value, absent from every release on the
    clause's subject (the list read as a ring)."""
    fact = usable[i][3]
    for step in range(1, len(usable)):
        other = usable[(i + step) % len(usable)][3]
        if other.kind != fact.kind or other.value.split()[0] == fact.value.split()[0]:
            continue
        if not any(fold(other.text) in text for text in subject_texts):
            return other.text
    return None


def run(
    claims: list[Claim], check: Check, progress: Callable[[int, int], None] | None = None
) -> list[dict[str, Any]]:
    rows = []
    for i, claim in enumerate(claims, start=1):
        started = time.perf_counter()
        verdict = check(claim.text, Filters(exclude=claim.hidden) if claim.hidden else None)
        rows.append(
            {
                "id": claim.id,
                "claim": claim.text,
                "expected": claim.expected,
                "verdict": verdict.verdict,
                "confidence": verdict.confidence,
                "answer": verdict.answer,
                "facts": verdict.facts,
                "ms": (time.perf_counter() - started) * 1000,
            }
        )
        if progress:
            progress(i, len(claims))
    return rows


def summarize(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Per-verdict precision and recall, the confusion table (expected -> given) and latency."""
    confusion = {e: Counter(r["verdict"] for r in rows if r["expected"] == e) for e in VERDICTS}
    summary: dict[str, Any] = {"claims": len(rows), "confusion": {e: dict(c) for e, c in confusion.items()}}
    for v in VERDICTS:
        given = sum(1 for r in rows if r["verdict"] == v)
        expected = sum(1 for r in rows if r["expected"] == v)
        right = confusion[v][v]
        summary[f"precision_{v}"] = right / given if given else None
        summary[f"recall_{v}"] = right / expected if expected else None
    changed = [r for r in rows if r["id"].endswith("-change")]
    summary["changed_confirmed"] = (
        sum(r["verdict"] == CONFIRMED for r in changed) / len(changed) if changed else None
    )
    times = [r["ms"] for r in rows]
    summary["p95_ms"] = percentile(times, 95) if times else None
    summary["median_ms"] = percentile(times, 50) if times else None
    return summary


def failures(summary: dict[str, Any]) -> list[str]:
    """Missed targets in French; an unmeasurable one (a checker that never says « contredit ») fails."""
    return missed(summary, TARGETS)


def markdown(label: str, summary: dict[str, Any], rows: list[dict[str, Any]]) -> str:
    """The report: targets, the confusion table, and every claim with its verdict."""
    lines = [f"# Vérification d'affirmations — {label}", "", f"{summary['claims']} affirmations.", ""]
    lines += ["| mesure | valeur | objectif |", "|---|---|---|"]
    for key, direction, bound, text in TARGETS:
        value = summary.get(key)
        shown = "—" if value is None else f"{100 * value:.1f} %"
        lines.append(f"| {text} | {shown} | {'≤' if direction == 'max' else '≥'} {100 * bound:g} % |")
    lines.append(f"| p95 par affirmation | {summary['p95_ms']:.0f} ms | ≤ 150 ms |" if rows else "")
    lines += ["", "Confusion (lignes : attendu ; colonnes : donné)", ""]
    lines += ["| attendu | " + " | ".join(VERDICTS) + " |", "|---" * (len(VERDICTS) + 1) + "|"]
    for e in VERDICTS:
        lines.append(
            f"| {e} | " + " | ".join(str(summary["confusion"][e].get(v, 0)) for v in VERDICTS) + " |"
        )
    lines += ["", "| id | attendu | donné | affirmation |", "|---|---|---|---|"]
    lines += [f"| {r['id']} | {r['expected']} | {r['verdict']} | {r['claim'][:120]} |" for r in rows]
    return "\n".join(lines) + "\n"
