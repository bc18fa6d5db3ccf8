"""The engine every interface shares: `Assistant.ask(question, history) -> Answer`.

It rewrites follow-ups, retrieves, answers (extractive by default, LLM when configured), verifies
the citations, and times each stage. It is thread-safe: the web chat shares one instance.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from functools import partial

import numpy as np

from ti_assistant.answer.budget import Budget
from ti_assistant.answer.citations import citation_problems
from ti_assistant.answer.confidence import ANSWER, REFUSED, UNCERTAIN, shipped_models
from ti_assistant.answer.conversation import CLARIFY, Turn, refers_back, replay, standalone
from ti_assistant.answer.corpus import CorpusProfile
from ti_assistant.answer.extractive import (
    UNCERTAIN_LEAD,
    UNCERTAIN_TAIL,
    Analysis,
    Semantic,
    analyse_passages,
    extractive_answer,
    quotable,
    with_versions,
)
from ti_assistant.answer.question import Question, analyse, is_small_talk, unframed
from ti_assistant.answer.roles import resolve as resolve_offices
from ti_assistant.answer.timeline import (
    TimeFrame,
    latest_release,
    period_refusal,
    present_terms,
    staleness,
    time_frame,
    without_present_words,
)
from ti_assistant.config import Settings
from ti_assistant.errors import IndexCorruptError, InputError, checked_text
from ti_assistant.models import Answer, DenseSpread, Passage
from ti_assistant.store.embeddings import SentenceVectors, TiEmbedding, embedder_for, sentence_embedder_for
from ti_assistant.store.index import Index
from ti_assistant.store.retrieval import Filters, HybridRetriever, Retrieved
from ti_assistant.text import dictionary
from ti_assistant.text.french import looks_english

FILTERED_OUT = (
    "Aucun communiqué ne correspond aux filtres choisis (émetteur ou dates) : élargissez-les ou "
    "retirez-les, puis reposez la question."
)


MAX_HISTORY = 20  # earlier questions a client may send with a follow-up
AGREEING_SENTENCES = 2  # an LLM answer is sure only if it quotes one of the reader's best sentences


def _agrees(answer: Answer, analysis: Analysis) -> bool:
    """Every sentence the LLM kept quotes a passage sentence; one of them is among the sentences the
    learned reader ranks first."""
    best = [c.text for c in analysis.ranked[:AGREEING_SENTENCES]]
    return any(c.quote in b or b in c.quote for c in answer.citations for b in best)


class Assistant:
    def __init__(self, settings: Settings, embedder: TiEmbedding | None = None):
        self.settings = settings
        self.index = Index(settings)
        self.index.require_ready()
        missing = self.index.missing_parts()
        if missing:  # answering from half an index would look right and be wrong
            raise IndexCorruptError(
                f"Index incomplet : {' et '.join(missing)}. Réparez-le avec : ti-assistant ingest"
            )
        self.embedder = embedder or embedder_for(settings)
        self.index.check_compatible(self.embedder.embedder_id)
        self.retriever = HybridRetriever(self.index, self.embedder, settings)
        self.sentence_embedder = sentence_embedder_for(settings, self.embedder, given=embedder is not None)
        self.sentence_vectors = SentenceVectors(self.sentence_embedder)
        self.shipped = shipped_models(self.embedder.embedder_id, self.sentence_embedder.embedder_id)
        self.models = self.shipped
        self._profile: tuple[int, CorpusProfile] | None = None
        self.profile()  # which kind of text the corpus is: its models
        self.llm = None
        if settings.llm_enabled:
            from ti_assistant.answer.llm import LLMAnswerer

            self.llm = LLMAnswerer(settings)

    def warm(self) -> None:
        """Load what the first question would otherwise load: the embedding model, BM25 and the list of
        French words the typo corrector leaves alone."""
        self.embedder.encode_queries(["."])
        self.index.snapshot()
        dictionary.load()

    def profile(self) -> CorpusProfile:
        """What the corpus covers (refusals and the UI say it): computed once per state of the index,
        with the models of its kind of text (TI_CORPUS_KIND, or what the corpus looks like)."""
        generation = self.index.manifest.generation()
        if self._profile is None or self._profile[0] != generation:
            profile = CorpusProfile.from_stats(
                self.index.stats(), self.settings.corpus_label, self.settings.examples
            )
            self._profile = (generation, profile)
            kind = profile.kind if self.settings.corpus_kind == "auto" else self.settings.corpus_kind
            self.models = self.shipped.for_kind(kind)
        return self._profile[1]

    def ask(
        self,
        question: str,
        history: list[Turn] | None = None,
        filters: Filters | None = None,
        budget: float | None = None,
    ) -> Answer:
        """`budget`: seconds of computing the question may take (served questions: TI_REQUEST_BUDGET);
        past it, `OverBudgetError` at the next stage. None: unlimited (command line, evaluation)."""
        return self.ask_with_analysis(question, history, filters, budget)[0]

    def ask_with_analysis(
        self,
        question: str,
        history: list[Turn] | None = None,
        filters: Filters | None = None,
        budget: float | None = None,
    ) -> tuple[Answer, Analysis]:
        """The answer and what it was decided from (features, ranked sentences: what training reads).
        Steps: check the question, make it standalone, retrieve, analyse the sentences, write the
        answer (extractive or LLM), add the age of the releases, verify every citation."""
        started = time.perf_counter()
        spent = Budget(budget)
        question = checked_text(
            question, self.settings.max_question_chars, "La question", "résumez-la en une ou deux phrases"
        )
        query = standalone(question, history or [])
        dangling = not history and refers_back(unframed(question), strongly=True)
        courtesy = is_small_talk(question)  # "Bonjour !", "Merci." asks nothing of the releases
        visible = self.retriever.visibility(filters)  # releases filtered out count as never indexed
        query, understood, vector, found = self._search(
            query, filters, visible, skip=not question or dangling or courtesy, budget=spent
        )
        passages = found.passages
        retrieved = time.perf_counter()
        refusal = self.profile().refusal()
        if filters is not None and filters.narrows and not passages:
            refusal = FILTERED_OUT
        spent.check()
        frame = time_frame(query, self.settings.today())
        analysis = self._analysis(query, understood, vector, found, visible)
        analysis = self._latest(query, understood, vector, analysis, found.spread, visible, frame)
        analysis = replace(analysis, frame=frame)
        if self.llm is None:  # only the extractive answer leads with a version (`answer_versions`)
            analysis = with_versions(analysis, self.models)
        spent.check()
        if dangling:
            answer = Answer(question, CLARIFY, refused=True)
        elif courtesy:
            answer = Answer(question, self.profile().courtesy(), refused=True)
        else:
            answer = self._write(question, query, analysis, refusal)
        answered = time.perf_counter()
        read_on = answer.passages  # passages the answer read on into, beyond those retrieved (a list)
        texts = {p.chunk_id: p.text for p in (*passages, *read_on)}
        if citation_problems(answer, texts.get):
            answer = Answer(question, refusal, refused=True)
        answer.standalone_question = query
        answer.passages = [*passages, *read_on] if not answer.refused else passages
        answer.timings_ms = {
            "retrieval": (retrieved - started) * 1000,
            "answer": (answered - retrieved) * 1000,
            "total": (time.perf_counter() - started) * 1000,
        }
        return answer, analysis

    def evidence(self, text: str, filters: Filters | None = None, budget: float | None = None) -> Analysis:
        """What the releases hold about `text` (a statement to check): its passages and their sentences
        ranked by the learned reader, without writing an answer."""
        spent = Budget(budget)
        self.profile()  # the models of the corpus's kind, for its current state
        visible = self.retriever.visibility(filters)
        query, understood, vector, found = self._search(text, filters, visible, skip=False, budget=spent)
        spent.check()
        return self._analysis(query, understood, vector, found, visible, grounding=False)

    def _search(
        self,
        query: str,
        filters: Filters | None,
        visible: Callable[[str], bool] | None,
        skip: bool,
        budget: Budget,
    ) -> tuple[str, Question, np.ndarray | None, Retrieved]:
        """The query as finally searched, its analysis, its vector and what it retrieved. When the passages
        name the holder of an office the query asks about ("le maire d'Alès" -> "Max Roustan"), the
        search runs again for what that person said. Words asking for the present are not searched
        for: they choose among dated versions (`timeline`)."""
        understood = self._analyse(without_present_words(query), visible)
        if skip:
            return query, understood, None, Retrieved([], DenseSpread())
        vector, found = self._retrieve(understood, filters)
        resolved = resolve_offices(query, [p.text for p in found.passages])
        if resolved != query:
            budget.check()
            understood = self._analyse(without_present_words(resolved), visible)
            vector, found = self._retrieve(understood, filters)
        return resolved, understood, vector, found

    def _analysis(
        self,
        query: str,
        understood: Question,
        vector: np.ndarray | None,
        found: Retrieved,
        visible: Callable[[str], bool] | None,
        grounding: bool = True,
    ) -> Analysis:
        """Every candidate sentence scored, the outcome and its confidence (an English question is read
        without the French lexicon: cross-lingual)."""
        english = looks_english(query)
        _, bm25 = self.index.snapshot()
        return analyse_passages(
            analyse(query) if english else understood,
            found.passages,
            self.models,
            known=None if english or bm25 is None else partial(bm25.known, visible=visible),
            lexical_ceiling=bm25.ceiling(list(understood.terms), visible) if bm25 is not None else 0.0,
            semantic=self._semantic(understood, vector),
            cross_lingual=english,
            grounding=grounding,
            spread=found.spread,
            today=self.settings.today(),
        )

    def _latest(
        self,
        query: str,
        understood: Question,
        vector: np.ndarray | None,
        analysis: Analysis,
        spread: DenseSpread,
        visible: Callable[[str], bool] | None,
        frame: TimeFrame,
    ) -> Analysis:
        """To a question asking for the present, how sure the answer is is read in the most recent
        release that answers it (`timeline.latest_release`), which the answer quotes first
        (`timeline.versions`): the older releases' sentences are earlier versions, and counted as rival
        answers they made a question they all answer look contested. The answer is still written from
        every passage, the earlier versions listed after the latest."""
        if not analysis.ranked or not frame.present:
            return analysis
        # among the lines the answer may quote, as `answer_versions` gives them to `versions`
        latest = latest_release(analysis.question, quotable(analysis.ranked))
        if latest is None:
            return analysis
        kept = [p for p in analysis.passages if p.doc_id == latest or not p.date]
        # "la dernière cérémonie": the release's date says it is the last, not its sentences
        latest_words = present_terms(query)
        said = tuple(t for t in understood.terms if t not in latest_words)
        understood = replace(understood, terms=said) if said else understood
        alone = self._analysis(query, understood, vector, Retrieved(kept, spread), visible)
        return replace(
            analysis,
            features=alone.features,
            confidence=alone.confidence,
            status=alone.status,
            flags=alone.flags,
        )

    def _write(self, question: str, query: str, analysis: Analysis, refusal: str) -> Answer:
        """The answer's text: quoted (extractive) or written by the LLM, whose outcome and confidence
        stay the learned ones; in both modes, a question about a period no retrieved release speaks of
        is refused, and an answer drawn from old releases says so."""
        today = self.settings.today()
        off_period = self.off_period(analysis) if analysis.status != REFUSED else None
        if off_period:  # the releases on the subject are of another time
            confidence = min(analysis.confidence, self.models.below_refusal)
            return Answer(question, off_period, refused=True, status=REFUSED, confidence=confidence)
        if self.llm is not None and analysis.status != REFUSED:
            answer = self.llm.answer(question, query, analysis.passages, refusal)
            if not answer.refused:
                answer.status, answer.confidence = analysis.status, analysis.confidence
                if answer.status == ANSWER and not _agrees(answer, analysis):
                    # What the model wrote rests on other sentences than those the learned reader
                    # trusts: the confidence measured the reader's answer, not this one.
                    answer.status = UNCERTAIN
                    answer.confidence = min(answer.confidence, self.models.below_answer)
                if answer.status == UNCERTAIN:
                    answer.answer = f"{UNCERTAIN_LEAD}\n{answer.answer}\n{UNCERTAIN_TAIL}"
        else:
            answer = extractive_answer(
                question,
                analysis,
                self.models,
                max_quotes=self.settings.max_quotes,
                refusal=refusal,
                following=self.retriever.following,
            )
        if not answer.refused:
            note = staleness([c.date for c in answer.citations], today, self.settings.answer_max_age_days)
            answer.answer += f"\n{note}" if note else ""
        return answer

    def off_period(self, analysis: Analysis) -> str | None:
        """The refusal of a question about a closed period none of its passages speaks of, whatever
        the confidence (`timeline.period_refusal`, as `_write` applies it); None when it may be answered."""
        return period_refusal(analysis.frame, analysis.passages, self.settings.today())

    def _analyse(self, query: str, visible: Callable[[str], bool] | None) -> Question:
        """The query's type and terms, each term typo-corrected once against the vocabulary of the
        releases the reader may see (`visible`: a chunk_id predicate, None: all)."""
        return analyse(query, self.retriever.corrector(visible))

    def _retrieve(self, question: Question, filters: Filters | None) -> tuple[np.ndarray, Retrieved]:
        """The query's vector (encoded once, for retrieval and sentence scoring) and its passages."""
        vector = self.embedder.encode_queries([question.text])[0]
        found = self.retriever.search(
            question.text, filters=filters, embedding=vector.tolist(), query_terms=list(question.terms)
        )
        return vector, found

    def _semantic(self, question: Question, q: np.ndarray | None) -> Semantic | None:
        if q is None:
            return None
        if self.sentence_embedder is not self.embedder:
            q = self.sentence_embedder.encode_queries([question.text])[0]

        def similarities(passages: list[Passage]) -> list[np.ndarray]:
            items = [
                (f"{p.chunk_id}:{hash(p.text)}", [p.text[a:b] for a, b in p.sentences]) for p in passages
            ]
            self.sentence_vectors.warm(items)
            return [self.sentence_vectors.for_chunk(key, sentences) @ q for key, sentences in items]

        return similarities

    def conversation(self, questions: object) -> list[Turn]:
        """The turns a stateless client's previous questions stand for, bounded so that no request
        costs more than a few questions: at most `MAX_HISTORY` of them, each no longer than a question."""
        if not isinstance(questions, list) or not all(isinstance(q, str) for q in questions):
            raise InputError("L'historique (« history ») est une liste des questions précédentes (textes).")
        if len(questions) > MAX_HISTORY:
            raise InputError(f"L'historique garde au plus {MAX_HISTORY} questions précédentes.")
        limit = self.settings.max_question_chars
        if any(len(q) > limit for q in questions):
            raise InputError(f"Une question de l'historique dépasse {limit} caractères : raccourcissez-la.")
        return replay(questions)

    @staticmethod
    def turn(answer: Answer) -> Turn:
        return Turn(answer.question, answer.standalone_question or answer.question, answer.short_answer)
