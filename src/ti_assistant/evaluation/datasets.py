"""Evaluation datasets: the project's own question sets (JSONL), the real releases of
../shared/data/releases, and French SQuAD-format sets.

A SQuAD set is turned into a corpus folder (one `.txt` per paragraph, with a `.meta.json` sidecar
for its title) so that evaluation goes through the real ingestion path.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import shutil
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ti_assistant.ingest.loaders import SIDECAR_SUFFIX

# The project's own sets, relative to the repository (where `ti-assistant eval` runs).
OWN = Path("eval/own")  # questions on the shipped release: dev.jsonl, test.jsonl
FROZEN = Path("eval/frozen.json")  # the frozen test parts: hashes, and the releases set's split
DATED = Path("eval/dated")  # fictional releases that update one another, and questions on their dates
CLAIMS = Path("eval/claims")  # hand-written statements to check: dev.jsonl, test.jsonl (frozen)


@dataclass(frozen=True)
class EvalQuestion:
    id: str
    question: str
    answers: tuple[str, ...]  # accepted short answers (variants), empty for traps
    doc_ids: frozenset[str]  # gold documents
    support: tuple[str, ...] = ()  # passages of the release that answer it
    kind: str = "fact"
    require_all: bool = False
    conversation: str | None = None
    turn: int = 0
    spans: tuple[str, ...] = field(default=())  # gold answer spans (SQuAD)

    @property
    def is_trap(self) -> bool:
        return self.kind == "trap"


def load_own(path: Path) -> list[EvalQuestion]:
    questions = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        questions.append(
            EvalQuestion(
                id=row["id"],
                question=row["question"],
                answers=tuple(row["answers"]),
                doc_ids=frozenset([row["doc_id"]] if row.get("doc_id") else []),
                support=tuple(row["support"]),
                kind=row["kind"],
                require_all=bool(row.get("require_all")),
                conversation=row.get("conversation"),
                turn=int(row.get("turn") or 0),
                spans=tuple(row["answers"]),
            )
        )
    return questions


def dated_parts(path: Path) -> dict[str, list[EvalQuestion]]:
    """The dated set by its declared parts: "dev" (read while building the time rules) and "test"
    (written before them on another topic, frozen: only reported)."""
    parts: dict[str, list[EvalQuestion]] = {"dev": [], "test": []}
    declared = {
        json.loads(line)["id"]: json.loads(line).get("part", "dev")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
    for q in load_own(path):
        parts[declared[q.id]].append(q)
    return parts


def own_parts(folder: Path) -> dict[str, list[EvalQuestion]]:
    """The own set on the shipped release: `dev.jsonl` (rules may look at it) and `test.jsonl`
    (written on 2026-12-02 before any further rule change; frozen by hash in `eval/frozen.json`)."""
    return {part: load_own(folder / f"{part}.jsonl") for part in ("dev", "test")}


def frozen_hash(path: Path, ids: set[str] | None = None) -> str:
    """sha256 of the JSON lines of the given questions (all when `ids` is None), in file order: any
    edit changes it."""
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    chosen = [ln for ln in lines if ids is None or json.loads(ln)["id"] in ids]
    return hashlib.sha256("\n".join(chosen).encode("utf-8")).hexdigest()


RELEASES = "releases"  # ../shared/data/releases: real releases of administrations, with questions


def load_releases(data_dir: Path, corpus: Path) -> list[EvalQuestion]:
    """Copy the real releases under corpus/releases/ and return their questions. A two-turn
    conversation gives two questions: the first only sets the context (kind "contexte", no gold), the
    second carries the gold answer; unanswerable questions are traps."""
    source = data_dir / RELEASES
    target = corpus / RELEASES
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted((source / "corpus").glob("*.md")):
        (target / path.name).write_bytes(path.read_bytes())
    questions: list[EvalQuestion] = []
    for line in (source / "questions.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if not row.get("answerable"):
            questions.append(EvalQuestion(row["id"], row["question"], (), frozenset(), kind="trap"))
            continue
        gold = dict(
            answers=(row["answer"],),
            doc_ids=frozenset([f"{RELEASES}/{row['doc']}"]),
            spans=(row["answer"],),
            support=(row["answer"],),
        )
        if "turns" not in row:
            questions.append(EvalQuestion(row["id"], row["question"], kind=row.get("kind", "fact"), **gold))  # type: ignore[arg-type]
            continue
        *context, last = row["turns"]
        for n, text in enumerate(context, start=1):
            questions.append(
                EvalQuestion(
                    f"{row['id']}-{n}", text, (), frozenset(), kind="contexte", conversation=row["id"], turn=n
                )
            )
        questions.append(
            EvalQuestion(
                f"{row['id']}-{len(row['turns'])}",
                last,
                kind="followup",
                conversation=row["id"],
                turn=len(row["turns"]),
                **gold,  # type: ignore[arg-type]
            )
        )
    return questions


def releases_parts(questions: list[EvalQuestion], split: dict[str, Any]) -> dict[str, list[EvalQuestion]]:
    """Dev and test parts of the releases set, by the ids frozen in `eval/frozen.json` (a conversation's
    turns follow their conversation)."""
    test = set(split["test"])
    key = lambda q: q.conversation or q.id  # noqa: E731
    return {
        "dev": [q for q in questions if key(q) not in test],
        "test": [q for q in questions if key(q) in test],
    }


SQUAD_SETS = {
    "piaf": "piaf/piaf-v1.0.json",
    "cnil": "piaf-ml/cnil_squad.json",
    "crpa": "piaf-ml/crpa_squad.json",
    "dila": "piaf-ml/dila_manual_dataset_aide.json",
}


def squad_path(data_dir: Path, name: str) -> Path:
    return data_dir / SQUAD_SETS[name]


def materialize_squad(path: Path, name: str, corpus: Path) -> list[EvalQuestion]:
    """Write one text file per paragraph under corpus/<name>/ and return the set's questions."""
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    target = corpus / name
    target.mkdir(parents=True, exist_ok=True)
    questions: list[EvalQuestion] = []
    for a, article in enumerate(data):
        for p, paragraph in enumerate(article["paragraphs"]):
            filename = f"{a:04d}-{p:03d}.txt"
            doc_id = f"{name}/{filename}"
            (target / filename).write_text(paragraph["context"], encoding="utf-8")
            (target / (filename + SIDECAR_SUFFIX)).write_text(
                json.dumps({"title": article.get("title") or name}, ensure_ascii=False), encoding="utf-8"
            )
            for qa in paragraph["qas"]:
                if not qa.get("question", "").strip():
                    continue
                spans = tuple(dict.fromkeys(ans["text"] for ans in qa.get("answers", []) if ans.get("text")))
                questions.append(
                    EvalQuestion(
                        id=str(qa.get("id") or f"{doc_id}#{len(questions)}"),
                        question=qa["question"],
                        answers=spans,
                        doc_ids=frozenset([doc_id]),
                        kind=name,
                        spans=spans,
                    )
                )
    return questions


_PARAGRAPH = re.compile(r"\d{4}-\d{3}\.txt$")


def article_of(doc_id: str) -> str:
    """'piaf/0161-001.txt' -> 'piaf/0161': the paragraphs of one article share it (the names
    `materialize_squad` gives); any other document is its own article."""
    return doc_id.rsplit("-", 1)[0] if _PARAGRAPH.search(doc_id) else doc_id


def keep_articles(questions: list[EvalQuestion], corpus: Path, n: int, seed: int = 0) -> list[EvalQuestion]:
    """A small corpus: `n` of the questions' articles (drawn with a fixed seed), the others' paragraphs
    deleted from `corpus` (as `materialize_squad` wrote them); the questions of the articles kept."""
    of = [(q, article_of(min(q.doc_ids))) for q in questions if q.doc_ids]
    articles = sorted({article for _, article in of})
    kept = set(random.Random(seed).sample(articles, min(n, len(articles))))
    for path in corpus.rglob("*"):
        name = path.relative_to(corpus).as_posix().removesuffix(SIDECAR_SUFFIX)
        if _PARAGRAPH.search(name) and article_of(name) not in kept:
            path.unlink()
    return [q for q, article in of if article in kept]


def copy_articles(corpus: Path, target: Path, articles: Collection[str]) -> None:
    """Copy the paragraphs of these articles (`article_of`), with their sidecars, from a corpus
    `materialize_squad` wrote to another."""
    for article in articles:
        name, stem = article.split("/", 1)
        (target / name).mkdir(parents=True, exist_ok=True)
        for path in (corpus / name).glob(f"{stem}-*"):
            shutil.copy(path, target / name / path.name)


def documents(corpus: Path) -> dict[str, str]:
    """doc_id (path under the corpus folder) -> text of its Markdown and text files."""
    return {
        p.relative_to(corpus).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(corpus.rglob("*"))
        if p.suffix in (".md", ".txt")
    }
