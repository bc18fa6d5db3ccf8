"""The engine every interface shares: `Assistant.ask(question, history) -> Answer`.

It rewrites follow-ups, retrieves, answers (extractive by default, LLM when configured), verifies
the citations, and times each stage. It is thread-safe: the web chat shares one instance.
"""

from __future__ import annotations

import time

import numpy as np

from ti_assistant.answer import Semantic, extractive_answer, refusal_text
from ti_assistant.citations import citation_problems
from ti_assistant.config import Settings
from ti_assistant.conversation import CLARIFY, Turn, refers_back, standalone
from ti_assistant.embeddings import SentenceVectors, TiEmbedding, build_embedder
from ti_assistant.errors import IndexMismatchError
from ti_assistant.french import looks_english
from ti_assistant.index import REBUILD_HINT, Index
from ti_assistant.metadata import french_date
from ti_assistant.models import Answer, Passage
from ti_assistant.retrieval import Filters, HybridRetriever
from ti_assistant.roles import resolve as resolve_offices


class Assistant:
    def __init__(self, settings: Settings, embedder: TiEmbedding | None = None):
        self.settings = settings
        self.index = Index(settings)
        self.index.require_ready()
        self.embedder = embedder or build_embedder(settings.embedder, settings.embed_batch, settings.threads)
        built_with = self.index.manifest.get("embedder")
        if built_with != self.embedder.embedder_id:
            raise IndexMismatchError(
                f"L'index a été construit avec l'embedder « {built_with} » et la question serait encodée avec "
                f"« {self.embedder.embedder_id} ». Réglez TI_EMBEDDER={built_with}, ou {REBUILD_HINT.lower()}"
            )
        self.retriever = HybridRetriever(self.index, self.embedder, settings)
        self.sentence_vectors = SentenceVectors(self.embedder)
        self._coverage: tuple[int, str] | None = None
        self.llm = None
        if settings.llm_enabled:
            from ti_assistant.llm import LLMAnswerer

            self.llm = LLMAnswerer(settings)

    def coverage(self) -> str:
        """What the corpus covers, in one French phrase (refusals and the UI say it); computed once
        per state of the index, not per question."""
        generation = self.index.manifest.generation()
        if self._coverage is None or self._coverage[0] != generation:
            self._coverage = (generation, self._describe_corpus())
        return self._coverage[1]

    def _describe_corpus(self) -> str:
        stats = self.index.stats()
        n = stats["documents"]
        parts = [f"{n} communiqué{'s' if n > 1 else ''} de presse"]
        if stats["publishers"]:
            parts.append("publiés par " + ", ".join(stats["publishers"]))
        if stats["date_range"]:
            first, last = stats["date_range"]
            parts.append(
                f"du {french_date(first)}"
                if first == last
                else f"du {french_date(first)} au {french_date(last)}"
            )
        return " ".join(parts) + " (programme Territoires d'industrie)"

    def ask(self, question: str, history: list[Turn] | None = None, filters: Filters | None = None) -> Answer:
        started = time.perf_counter()
        question = question.strip()
        query = standalone(question, history or [])
        dangling = not history and refers_back(question, strongly=True)
        vector, passages = self._retrieve(query, filters) if question and not dangling else (None, [])
        resolved = resolve_offices(query, [p.text for p in passages])
        if resolved != query:  # "le maire d'Alès" -> "Max Roustan": search again for what the person said
            query = resolved
            vector, passages = self._retrieve(query, filters)
        retrieved = time.perf_counter()
        if dangling:
            answer = Answer(question, CLARIFY, refused=True)
        elif self.llm is not None and passages:
            answer = self.llm.answer(question, query, passages, self.coverage())
        else:
            english = looks_english(query)
            _, bm25 = self.index.snapshot()
            answer = extractive_answer(
                question,
                query,
                passages,
                max_quotes=self.settings.max_quotes,
                threshold=self.settings.refusal_threshold,
                speller=None if english or bm25 is None else bm25.speller,
                coverage=self.coverage(),
                semantic=self._semantic(vector),
                cross_lingual=english,
            )
        answered = time.perf_counter()
        texts = {p.chunk_id: p.text for p in passages}
        if citation_problems(answer, texts.get):
            answer = Answer(question, refusal_text(self.coverage()), refused=True)
        answer.standalone_question = query
        answer.passages = passages
        answer.timings_ms = {
            "retrieval": (retrieved - started) * 1000,
            "answer": (answered - retrieved) * 1000,
            "total": (time.perf_counter() - started) * 1000,
        }
        return answer

    def _retrieve(self, query: str, filters: Filters | None) -> tuple[np.ndarray, list[Passage]]:
        """The query's vector (encoded once, for retrieval and sentence scoring) and its passages."""
        vector = self.embedder.encode_queries([query])[0]
        return vector, self.retriever.retrieve(query, filters=filters, embedding=vector.tolist())

    def _semantic(self, q: np.ndarray | None) -> Semantic | None:
        if q is None:
            return None

        def similarities(passages: list[Passage]) -> list[np.ndarray]:
            items = [
                (f"{p.chunk_id}:{hash(p.text)}", [p.text[a:b] for a, b in p.sentences]) for p in passages
            ]
            self.sentence_vectors.warm(items)
            return [self.sentence_vectors.for_chunk(key, sentences) @ q for key, sentences in items]

        return similarities

    @staticmethod
    def turn(answer: Answer) -> Turn:
        return Turn(answer.question, answer.standalone_question or answer.question, answer.short_answer)
