"""The citation check every answer passes: markers and citations match one to one, and every quote
is a verbatim substring of the chunk it cites."""

from __future__ import annotations

import re
from collections.abc import Callable

from ti_assistant.models import Answer

MARKER = re.compile(r"\[(\d+)\]")


def citation_problems(answer: Answer, chunk_text: Callable[[str], str | None]) -> list[str]:
    """Everything wrong with an answer's citations (empty when they are all valid)."""
    problems: list[str] = []
    markers = {int(m) for m in MARKER.findall(answer.answer)}
    numbers = [c.n for c in answer.citations]
    if len(numbers) != len(set(numbers)):
        problems.append("deux citations portent le même numéro")
    if markers != set(numbers):
        problems.append(f"marqueurs {sorted(markers)} ≠ citations {sorted(numbers)}")
    if answer.refused and answer.citations:
        problems.append("une réponse refusée ne cite rien")
    for citation in answer.citations:
        text = chunk_text(citation.chunk_id)
        if text is None:
            problems.append(f"[{citation.n}] cite un passage absent de l'index ({citation.chunk_id})")
        elif not citation.quote or citation.quote not in text:
            problems.append(f"[{citation.n}] la citation n'est pas un extrait exact de {citation.chunk_id}")
        elif not citation.chunk_id.startswith(citation.doc_id + "#"):
            problems.append(f"[{citation.n}] doc_id et chunk_id ne concordent pas")
    return problems
