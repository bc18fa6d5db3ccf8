"""Feedback from the chat (👍/👎 with reason codes), appended as JSON lines under the data directory.

Only what the user typed and what the assistant answered is stored: no name, address or cookie.
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from pathlib import Path

from ti_assistant.errors import TiAssistantError
from ti_assistant.models import Answer

REASONS = {
    "incorrecte": "Réponse incorrecte",
    "incomplete": "Réponse incomplète",
    "source_manquante": "Source manquante",
    "hors_sujet": "Hors sujet",
}


class FeedbackLog:
    def __init__(self, data_dir: Path):
        self.path = Path(data_dir) / "feedback.jsonl"
        self._lock = threading.Lock()

    def record(self, answer: Answer, helpful: bool, reasons: list[str] | None = None) -> dict[str, object]:
        unknown = set(reasons or []) - set(REASONS)
        if unknown:
            raise TiAssistantError(f"Motif d'avis inconnu : {', '.join(sorted(unknown))}.")
        entry = {
            "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
            "helpful": helpful,
            "reasons": sorted(reasons or []),
            "question": answer.question,
            "answer": answer.answer,
            "refused": answer.refused,
            "cited_chunks": [c.chunk_id for c in answer.citations],
        }
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as f:
                f.write(json.dumps(entry, ensure_ascii=False) + "\n")
        return entry
