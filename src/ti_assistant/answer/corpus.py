"""What the indexed releases cover, said in French: the corpus description shown by the chat, the
refusal's pointer to where else to look, and example questions. Derived from the index (counts,
publishers, dates, titles) and from settings, never written in code, so the engine serves any corpus.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ti_assistant.text.dates import french_date

EXAMPLE_COUNT = 4
EXAMPLE_TITLE_CHARS = 70
NAMED_PUBLISHERS = 3  # a refusal is one short sentence: it names at most this many publishers


@dataclass(frozen=True)
class CorpusProfile:
    description: str  # "13 communiqués de presse publiés par …, du … au …"
    publishers: tuple[str, ...]
    examples: tuple[str, ...]

    @classmethod
    def from_stats(
        cls, stats: dict[str, Any], label: str = "", examples: list[str] | None = None
    ) -> CorpusProfile:
        """`stats`: `Index.stats()`; `label`: the corpus's subject from settings, if any."""
        publishers = tuple(stats.get("publishers") or ())
        return cls(
            _describe(stats, label), publishers, tuple(examples or _examples(stats.get("titles") or []))
        )

    def refusal(self) -> str:
        return (
            "Je n'ai pas trouvé la réponse à cette question dans les communiqués dont je dispose "
            f"({self.description}). Vous pouvez la reformuler ou consulter directement les sites officiels."
        )


def _describe(stats: dict[str, Any], label: str) -> str:
    n = int(stats.get("documents") or 0)
    plural = "s" if n > 1 else ""
    parts = [f"{n} communiqué{plural} de presse"]
    if stats.get("publishers"):
        parts.append(f"publié{plural} par " + _few(list(stats["publishers"])))
    if stats.get("date_range"):
        first, last = stats["date_range"]
        parts.append(
            f"du {french_date(first)}" if first == last else f"du {french_date(first)} au {french_date(last)}"
        )
    return ", ".join(parts) + (f" ({label})" if label else "")


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " et " + items[-1]


def _few(publishers: list[str]) -> str:
    """At most `NAMED_PUBLISHERS` names, then how many others: "A, B, C et 147 autres émetteurs"."""
    if len(publishers) <= NAMED_PUBLISHERS:
        return _and(publishers)
    rest = len(publishers) - NAMED_PUBLISHERS
    return (
        ", ".join(publishers[:NAMED_PUBLISHERS])
        + f" et {rest} autre{'s' if rest > 1 else ''} émetteur{'s' if rest > 1 else ''}"
    )


def _examples(titles: list[str]) -> list[str]:
    """One question per most recent release: what does it say (its title shortened at a word)."""
    found = []
    for title in titles[:EXAMPLE_COUNT]:
        short = (
            title
            if len(title) <= EXAMPLE_TITLE_CHARS
            else title[:EXAMPLE_TITLE_CHARS].rsplit(" ", 1)[0] + "…"
        )
        found.append(f"Que dit le communiqué « {short} » ?")
    return found
