"""The test-run ledger: one JSON line per evaluation of a held-out part, so that the number of looks
at a test part is visible (`eval/reports/test-runs.jsonl` by default). Appended by `ti-assistant eval`; never
rewritten."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HEADLINES = (
    "answerable",
    "sure_answerable",
    "out_of_corpus",
    "confident_correct",
    "out_confident",
    "out_refused",
    "answerable_refused",
    "gold_in_quotes",
    "gold_shown",
    "quoted_words_median",
)


def commit() -> str:
    """The checked-out commit, with '+' when the work tree differs from it ('?' outside git)."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True
        )
    except (OSError, subprocess.CalledProcessError):
        return "?"
    return head.stdout.strip() + ("+" if dirty.stdout.strip() else "")


def entry(label: str, summary: dict[str, Any], gate: list[str] | None) -> dict[str, Any]:
    honesty = summary["honesty"]
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": commit(),
        "part": label,
        "embedder": summary.get("settings", {}).get("embedder"),
        "questions": summary["questions"],
        "recall@1": summary["retrieval"]["pipeline"]["recall@1"],
        "gold_top5": summary["answers"]["chunk_recall@5"],  # a passage holding the answer among the 5 read
        **{k: honesty.get(k) for k in HEADLINES},
        "gate": None if gate is None else (gate or "passée"),
    }


def append(path: Path, record: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path
