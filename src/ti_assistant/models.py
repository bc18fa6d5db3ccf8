"""The data that flows through the assistant: documents, chunks, citations and answers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar


def is_web_address(source: str) -> bool:
    """A release's own web address (`source:` metadata, or the page it was fetched from), as opposed to
    a file of the corpus."""
    return source.startswith(("http://", "https://"))


@dataclass(frozen=True)
class Document:
    doc_id: str  # path relative to the corpus root (or the release URL): stable across re-indexing
    title: str
    date: str | None  # ISO 8601 (YYYY-MM-DD) or None when the release gives none
    publisher: str | None
    source: str  # file path or URL
    sha256: str
    text: str
    region: str | None = None


@dataclass(frozen=True)
class Chunk:
    chunk_id: str  # doc_id#n
    doc_id: str
    n: int
    text: str  # quotable text: an exact slice document.text[start:end]
    start: int
    end: int
    heading_path: tuple[str, ...]
    header: str  # title, date and publisher: embedded with the text, never quoted
    sentences: tuple[tuple[int, int], ...] = ()  # sentence spans, relative to `text`

    def embed_text(self) -> str:
        return f"{self.header}\n{self.text}" if self.header else self.text


@dataclass
class Citation:
    n: int
    doc_id: str
    chunk_id: str
    title: str
    date: str | None
    publisher: str | None
    source: str
    quote: str

    @classmethod
    def of(cls, n: int, passage: Passage, quote: str) -> Citation:
        """Citation `n` of `quote`, an exact extract of `passage`."""
        return cls(
            n,
            passage.doc_id,
            passage.chunk_id,
            passage.title,
            passage.date,
            passage.publisher,
            passage.source,
            quote,
        )


@dataclass
class Passage:
    """A retrieved chunk with its provenance and fused score (what the staff "Vérifier" view lists)."""

    chunk_id: str
    doc_id: str
    text: str
    score: float
    title: str
    date: str | None
    publisher: str | None
    source: str
    heading: str = ""
    sentences: tuple[tuple[int, int], ...] = ()
    dense: float = 0.0  # cosine similarity to the question (0 when only BM25 found it)
    lexical: float = 0.0  # BM25 score (0 when only dense retrieval found it)

    @property
    def frame(self) -> str:
        """What frames its sentences: its title and heading."""
        return f"{self.title} {self.heading}"

    def cut(self, start: int, end: int) -> tuple[bool, bool]:
        """Whether text[start:end] starts, and ends, inside one of the passage's sentences (an excerpt
        rather than whole sentences); (False, False) when the sentences are unknown."""
        if not self.sentences:
            return False, False
        return all(a != start for a, _ in self.sentences), all(b != end for _, b in self.sentences)

    def is_excerpt(self, quote: str) -> bool:
        """The quote (its first occurrence in the passage) cuts a sentence."""
        start = self.text.find(quote)
        return start >= 0 and any(self.cut(start, start + len(quote)))


@dataclass(frozen=True)
class DenseSpread:
    """How the cosines of the nearest passages fall off from the best (query-performance prediction):
    `gap`, the best's lead over the fifth; `nqc`, their spread over their mean (normalised query
    commitment). A question its corpus answers finds a passage standing out from its neighbours; one it
    does not finds a crowd of look-alikes. Read over the `HITS` nearest visible passages."""

    gap: float = 0.0
    nqc: float = 0.0
    # A crowd to stand out from: `HITS` candidates from `NTH` documents at least. A corpus of one release
    # (13 passages) has none — its passages all look alike, whether it answers or not (the shipped
    # release's dev questions: 8 right sure answers of 55 refused when the spread was read there).
    crowd: bool = False

    HITS: ClassVar[int] = 20
    NTH: ClassVar[int] = 5

    @classmethod
    def of(cls, cosines: Sequence[float], documents: Sequence[str] = ()) -> DenseSpread:
        """`cosines`: the nearest passages' cosines to the question, best first; `documents`: the
        document of each."""
        near = list(cosines[: cls.HITS])
        if len(near) < 2:
            return cls()
        mean = sum(near) / len(near)
        spread = (sum((c - mean) ** 2 for c in near) / len(near)) ** 0.5
        crowd = len(near) == cls.HITS and len(set(documents[: cls.HITS])) >= cls.NTH
        return cls(near[0] - near[min(cls.NTH, len(near)) - 1], spread / abs(mean) if mean else 0.0, crowd)


STATUSES = ("answer", "uncertain", "refused")


@dataclass
class Answer:
    question: str
    answer: str
    refused: bool
    citations: list[Citation] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)
    standalone_question: str | None = None
    short_answer: str | None = None
    passages: list[Passage] = field(default_factory=list)
    status: str = ""  # "answer" | "uncertain" | "refused"; derived from `refused` when left empty
    confidence: float = 0.0  # calibrated probability that the answer is right

    def __post_init__(self) -> None:
        if not self.status:
            self.status = "refused" if self.refused else "answer"
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}")
        self.refused = self.status == "refused"

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Answer:
        """The answer as `to_json` wrote it (citations included, passages left out)."""
        return cls(
            question=str(data["question"]),
            answer=str(data["answer"]),
            refused=bool(data["refused"]),
            citations=[Citation(**c) for c in data.get("citations", [])],
            status=str(data.get("status", "")),
            confidence=float(data.get("confidence", 0.0)),
            standalone_question=data.get("standalone_question"),
            timings_ms=dict(data.get("timings_ms", {})),
            short_answer=data.get("short_answer"),
        )

    def to_json(self, with_passages: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "question": self.question,
            "answer": self.answer,
            "status": self.status,
            "confidence": round(self.confidence, 4),
            "refused": self.refused,
            "citations": [asdict(c) for c in self.citations],
            "timings_ms": {k: round(v, 2) for k, v in self.timings_ms.items()},
        }
        if self.standalone_question and self.standalone_question != self.question:
            data["standalone_question"] = self.standalone_question
        if self.short_answer:
            data["short_answer"] = self.short_answer
        if with_passages:
            data["passages"] = [asdict(p) for p in self.passages]
        return data
