"""What the indexed releases cover, said in French: the corpus description shown by the chat, the
refusal's pointer to where else to look, and example questions. Derived from the index (counts,
publishers, dates, titles) and from settings, never written in code, so the engine serves any corpus.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ti_assistant.text.dates import french_date, french_month

EXAMPLE_COUNT = 4
EXAMPLE = "Que dit le communiqué « {} » ?"
EXAMPLE_MAX_CHARS = 60  # Gradio shows an example's first 60 characters: a longer one is cut mid-word
NAMED_PUBLISHERS = 3  # the chat's description names at most this many publishers
REFUSAL_PUBLISHERS = 2  # a refusal is one short sentence: it names fewer, then only counts them
# A release says who speaks and when: a corpus is taken for releases when at least this share of its
# documents carries a date or a publisher (measured 2026-12-02: the real releases 100 %, the shipped and
# the dated ones 100 %; PIAF's paragraphs 1 %, the CNIL's FAQ, CRPA and DILA 0 %).
RELEASES_SHARE = 0.5
# A FAQ titles its sheets with the question they answer: a corpus that is not releases is taken for a
# FAQ when at least this share of its documents' titles ends with a question mark (measured 2026-12-05:
# the CNIL's sheets 490 of 506, PIAF's Wikipedia articles 0 of 191, the real releases 0 of 19).
FAQ_SHARE = 0.5
RELEASES, FAQ, OTHERS = "communiques", "faq", "autres"  # the kinds of text (TI_CORPUS_KIND)


@dataclass(frozen=True)
class CorpusProfile:
    description: str  # "13 communiqués de presse publiés par …, du … au …"
    publishers: tuple[str, ...]
    examples: tuple[str, ...]
    coverage: str = ""  # brief: "19 communiqués de 17 émetteurs, de juillet 2017 à décembre 2023"
    kind: str = RELEASES  # the kind of text the corpus looks like: RELEASES, FAQ or OTHERS

    @classmethod
    def from_stats(
        cls, stats: dict[str, Any], label: str = "", examples: list[str] | None = None
    ) -> CorpusProfile:
        """`stats`: `Index.stats()`; `label`: the corpus's subject from settings, if any."""
        publishers = tuple(stats.get("publishers") or ())
        return cls(
            _describe(stats, label),
            publishers,
            tuple(examples or _examples(stats.get("titles") or [])),
            _brief(stats, label),
            _kind(stats),
        )

    def courtesy(self) -> str:
        """The reply to a greeting or thanks: what the assistant does, on which releases."""
        return (
            f"Je réponds aux questions sur les communiqués dont je dispose ({self.coverage}), en citant "
            "leur passage exact : posez la vôtre."
        )

    def refusal(self) -> str:
        """One short sentence: the releases do not answer, what they cover, where else to look."""
        return (
            f"Les communiqués dont je dispose ({self.coverage}) ne répondent pas à cette question : "
            "reformulez-la ou consultez les sites officiels."
        )


def _kind(stats: dict[str, Any]) -> str:
    n = int(stats.get("documents") or 0)
    releases = int(stats.get("dated_or_published") or 0)
    if not n or releases >= RELEASES_SHARE * n:
        return RELEASES
    questions = sum(1 for title in stats.get("titles") or () if title.rstrip().endswith("?"))
    return FAQ if questions >= FAQ_SHARE * n else OTHERS


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


def _brief(stats: dict[str, Any], label: str) -> str:
    """What the releases cover in a few words: how many, by whom (named when they are few), when (months)."""
    n = int(stats.get("documents") or 0)
    parts = [f"{n} communiqué{'s' if n > 1 else ''}"]
    publishers = list(stats.get("publishers") or [])
    if 0 < len(publishers) <= REFUSAL_PUBLISHERS:
        parts.append(f"publié{'s' if n > 1 else ''} par " + _and(publishers))
    elif publishers:
        parts.append(f"de {len(publishers)} émetteurs")
    text = " ".join(parts)
    if stats.get("date_range"):
        first, last = (french_month(d) for d in stats["date_range"])
        text += f", {first}" if first == last else f", de {first} à {last}"
    return text + (f", {label}" if label else "")


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
    """One question per most recent release: what does it say (its title shortened at a word, so that
    the whole question shows)."""
    budget = EXAMPLE_MAX_CHARS - len(EXAMPLE.format(""))
    found = []
    for title in titles[:EXAMPLE_COUNT]:
        short = title if len(title) <= budget else title[: budget - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
        found.append(EXAMPLE.format(short))
    return found
