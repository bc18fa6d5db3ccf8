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


MAX_TEXT = 20_000  # characters of a question or an answer: far above any real one
MAX_CITATIONS = 20


class FeedbackLog:
    def __init__(self, data_dir: Path):
        self.path = Path(data_dir) / "feedback.jsonl"
        self._lock = threading.Lock()

    def record(
        self,
        answer: Answer,
        helpful: bool,
        reasons: list[str] | None = None,
        changed_from: bool | None = None,
    ) -> dict[str, object]:
        """`changed_from`: the vote this one replaces, when the reader changed their mind."""
        # Bad or oversized input is refused with a French message, never stored.
        if not isinstance(helpful, bool):
            raise TiAssistantError("Avis refusé : « utile » doit valoir vrai ou faux.")
        if not isinstance(reasons or [], list) or len(reasons or []) > len(REASONS):
            raise TiAssistantError("Avis refusé : les motifs forment une liste de codes connus.")
        unknown = {str(r)[:40] for r in reasons or []} - set(REASONS)
        if unknown:
            raise TiAssistantError(f"Motif d'avis inconnu : {', '.join(sorted(unknown))}.")
        if (
            len(answer.question) > MAX_TEXT
            or len(answer.answer) > MAX_TEXT
            or len(answer.citations) > MAX_CITATIONS
        ):
            raise TiAssistantError(
                "Avis refusé : la réponse transmise dépasse la taille d'une réponse de l'assistant."
            )
        entry = {
            "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
            "helpful": helpful,
            "reasons": sorted(reasons or []),
            "question": answer.question,
            "understood": answer.standalone_question or answer.question,
            "answer": answer.answer,
            "status": answer.status,
            "refused": answer.refused,
            "cited_chunks": [c.chunk_id[:300] for c in answer.citations],
        }
        if changed_from is not None:
            entry["changed_from"] = changed_from
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as f:
                f.write(json.dumps(entry, ensure_ascii=False) + "\n")
        return entry
