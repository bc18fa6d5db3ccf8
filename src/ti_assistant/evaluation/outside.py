"""Out-of-corpus questions made from answerable ones (leave-one-out): the same question, asked with
every document that holds its answer hidden from retrieval.

That is its article — and every other document that restates a sentence of its reference answer. An
FAQ repeats itself: 22 of the CNIL's 102 dev questions (58 of its 309 train questions) have a sentence
of eight words or more of their reference answer in another sheet — sheets copied whole ("… (Copie)"),
the same paragraph under two titles. With only its article hidden, such a question was no question
out of the corpus: an answer quoting the copy, right by the measure every answerable question gets,
was counted as an out-of-corpus question answered, and training learned to doubt exactly those
answers. PIAF's answers are short spans (no sentence of eight words: none restated); the real
releases' are their supporting passages.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ti_assistant.answer.engine import Assistant
from ti_assistant.evaluation.datasets import EvalQuestion, article_of, documents
from ti_assistant.evaluation.metrics import lies_within, normalize
from ti_assistant.store.retrieval import Filters
from ti_assistant.text.french import sentence_spans

# A restated sentence says something: eight words or more once normalised (articles dropped). Shorter
# ones are names, dates, headings and links that many documents share without answering ("En savoir
# plus : …"). Set before counting what it hides.
RESTATED_WORDS = 8
_OPENING = 4  # words a sentence is looked up by


class Restatements:
    """Which documents restate part of an answer: hold a sentence of `RESTATED_WORDS` words or more that
    lies within it (the measure that calls a quote right when it is one of the reference's sentences:
    `metrics.lies_within`)."""

    def __init__(self, texts: Mapping[str, str]):
        self._by_opening: dict[str, list[tuple[str, str]]] = defaultdict(list)  # (sentence, doc_id)
        for doc_id, text in texts.items():
            for start, end in sentence_spans(text):
                said = normalize(text[start:end]).split()
                if len(said) >= RESTATED_WORDS:
                    self._by_opening[" ".join(said[:_OPENING])].append((text[start:end], doc_id))

    def of(self, answers: Iterable[str]) -> set[str]:
        found = set()
        for answer in answers:
            said = normalize(answer).split()
            for i in range(len(said) - _OPENING + 1):
                for sentence, doc_id in self._by_opening.get(" ".join(said[i : i + _OPENING]), ()):
                    if lies_within(sentence, answer):
                        found.add(doc_id)
        return found


@dataclass(frozen=True)
class Outside:
    """The documents indexed, and how to hide a question's answer among them."""

    doc_ids: tuple[str, ...]
    restatements: Restatements

    @classmethod
    def of(cls, assistant: Assistant) -> Outside:
        """The assistant's index, its documents' texts read from its corpus folder."""
        doc_ids = tuple(sorted(assistant.index.snapshot()[0]))
        return cls(doc_ids, Restatements(documents(assistant.settings.corpus_dir)))

    def filters(self, question: EvalQuestion) -> Filters:
        """Filters that hide the question's article and every document restating its answer."""
        articles = {article_of(d) for d in question.doc_ids}
        restating = self.restatements.of(question.spans or question.support)
        return Filters(
            exclude=frozenset(d for d in self.doc_ids if article_of(d) in articles or d in restating)
        )

    def leaves_some(self, question: EvalQuestion) -> bool:
        """Some document stays visible once the question's answer is hidden."""
        return bool(set(self.doc_ids) - self.filters(question).exclude)
