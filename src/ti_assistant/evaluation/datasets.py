"""Evaluation datasets: the project's own question set (JSONL) and French SQuAD-format sets.

A SQuAD set is turned into a corpus folder (one `.txt` per paragraph, with a `.meta.json` sidecar
for its title) so that evaluation goes through the real ingestion path.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from ti_assistant.ingest.loaders import SIDECAR_SUFFIX


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


def _group(row: dict[str, object]) -> str:
    return str(row.get("conversation") or row["id"])


def own_split(path: Path, split_file: Path) -> dict[str, list[EvalQuestion]]:
    """The own set's frozen parts: "test" (ids listed in `split_file`, checked by hash in the tests)
    and "dev" (everything else: rules may look at it)."""
    test_ids = set(json.loads(split_file.read_text(encoding="utf-8"))["test"])
    questions = load_own(path)
    return {
        "dev": [q for q in questions if q.id not in test_ids],
        "test": [q for q in questions if q.id in test_ids],
    }


def frozen_hash(path: Path, ids: set[str]) -> str:
    """sha256 of the JSON lines of the given questions, in file order: any edit changes it."""
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    chosen = [ln for ln in lines if json.loads(ln)["id"] in ids]
    return hashlib.sha256("\n".join(chosen).encode("utf-8")).hexdigest()


def make_own_split(path: Path) -> dict[str, object]:
    """Half of the conversations and single questions, chosen by a hash of their id (stable)."""
    rows = [json.loads(ln) for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    test = [r["id"] for r in rows if hashlib.sha256(_group(r).encode()).digest()[0] % 2 == 0]
    return {"test": test, "sha256": frozen_hash(path, set(test))}


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
