"""Tune mE5's query side on French questions (`ti-assistant train-queries`, `make train`).

The reader quotes the sentence it ranks first, and mE5's cosine between the question and each candidate
sentence is one of its strongest signals; a passage is retrieved by the same cosine. Here only the
query side moves: the biases and norms of mE5 (`e5_torch.Side.tunable`, 61k numbers, a 0.2 MB file)
are tuned on the PIAF and CNIL train questions, passages keep the model's own vectors, so no index or
cached vector changes and a question costs what it cost.

- Each train question is an item: the sentences of its article (split as the reader splits passages,
  embedded as the reader embeds them: "passage: " and the cache), the ones holding a gold answer span,
  and its paragraph's vector.
- Loss: a softmax over the article's sentences, the gold ones against the others (its near neighbours
  are the hard negatives), plus a softmax of each question's paragraph against the other questions'
  paragraphs of the batch, so that retrieval is taught too and not unlearned. Temperature 0.05, AdamW,
  batches of 32, learning rate 1e-3, seed 0.
- The epoch kept is the one whose dev questions rank a gold sentence first among their article's most
  often (`choose`); the dev figures of every epoch go in the data card.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ti_assistant.evaluation.datasets import EvalQuestion, article_of, documents
from ti_assistant.store.e5_torch import E5Encoder, Side
from ti_assistant.text.french import sentence_spans

TEMPERATURE = 0.05
BATCH = 32
LEARNING_RATE = 1e-3
EPOCHS = 6
SEED = 0
PREFIX = "query: "


@dataclass(frozen=True)
class Item:
    """A question, the sentences of its article (vectors), those holding its answer, its paragraph."""

    question: str
    doc: str  # its paragraph
    sentences: np.ndarray  # (n, dim), L2-normalized
    gold: tuple[int, ...]  # rows of `sentences` holding a gold span
    in_paragraph: tuple[int, ...]  # rows that are sentences of its own paragraph
    paragraph: np.ndarray  # its paragraph's vector (`items`' second value has every paragraph's)


@dataclass(frozen=True)
class Scores:
    """Dev figures of one query side."""

    sentence_at_1: float  # a gold sentence ranked first among its article's sentences
    paragraph_sentence_at_1: float  # ... among its own paragraph's
    paragraph_at_5: float  # its paragraph among the 5 closest of all paragraphs (cosine alone)


def gold_sentences(text: str, spans: Iterable[str], bounds: list[tuple[int, int]]) -> tuple[int, ...]:
    """Indices of the sentences (bounds in `text`) where some occurrence of a span starts."""
    found: set[int] = set()
    for span in spans:
        at = text.find(span) if span else -1
        while at >= 0:
            found.update(i for i, (a, b) in enumerate(bounds) if a <= at < b)
            at = text.find(span, at + 1)
    return tuple(sorted(found))


def items(
    questions: list[EvalQuestion], corpus: Path, embed: Callable[[list[str]], np.ndarray]
) -> tuple[list[Item], dict[str, np.ndarray]]:
    """The questions whose answer a sentence holds, as items, and every paragraph's vector. `embed`
    turns passages or sentences into vectors (the embedder's `encode_passages`)."""
    texts = documents(corpus)
    bounds = {doc: sentence_spans(text) for doc, text in texts.items()}
    flat = [texts[doc][a:b] for doc in texts for a, b in bounds[doc]]
    vectors = embed(flat)
    sentences, at = {}, 0
    for doc in texts:
        sentences[doc] = vectors[at : at + len(bounds[doc])]
        at += len(bounds[doc])
    paragraphs = dict(zip(texts, embed(list(texts.values())), strict=True))
    articles: dict[str, list[str]] = {}
    for doc in texts:
        articles.setdefault(article_of(doc), []).append(doc)
    out = []
    for q in questions:
        doc = min(q.doc_ids)
        gold = gold_sentences(texts[doc], q.spans, bounds[doc])
        if not gold:
            continue
        pool = articles[article_of(doc)]
        offset = sum(len(bounds[d]) for d in pool[: pool.index(doc)])
        own = range(offset, offset + len(bounds[doc]))
        out.append(
            Item(
                q.question,
                doc,
                np.concatenate([sentences[d] for d in pool]),
                tuple(offset + g for g in gold),
                tuple(own),
                paragraphs[doc],
            )
        )
    return out, paragraphs


def _pooled(encoder: E5Encoder, texts: list[str], side: Side) -> Any:
    """Normalized query vectors as a torch tensor (differentiable in the side's tensors)."""
    functional = encoder._torch.nn.functional
    width = encoder.positions - 2
    batch = [encoder.tokenize(PREFIX + text)[:width] for text in texts]
    return functional.normalize(encoder.pooled(batch, side), dim=-1)


def score(encoder: E5Encoder, side: Side, dev: list[Item], paragraphs: dict[str, np.ndarray]) -> Scores:
    """Dev figures of a side: where its query vectors rank the gold sentences and paragraphs."""
    torch = encoder._torch
    with torch.inference_mode():
        queries = np.concatenate(
            [
                _pooled(encoder, [i.question for i in dev[s : s + 64]], side).numpy()
                for s in range(0, len(dev), 64)
            ]
        )
    names, every = list(paragraphs), np.stack(list(paragraphs.values()))
    first = in_paragraph = top5 = 0
    for item, q in zip(dev, queries, strict=True):
        cosines = item.sentences @ q
        first += int(np.argmax(cosines)) in item.gold
        own = list(item.in_paragraph)
        in_paragraph += own[int(np.argmax(cosines[own]))] in item.gold
        top5 += item.doc in {names[i] for i in np.argsort(-(every @ q))[:5]}
    n = max(len(dev), 1)
    return Scores(first / n, in_paragraph / n, top5 / n)


def tune(
    encoder: E5Encoder,
    train: list[Item],
    epochs: int = EPOCHS,
    after_epoch: Callable[[int, Side], None] = lambda epoch, side: None,
) -> Side:
    """The query side after `epochs` passes over `train` (seeded); `after_epoch` sees each epoch's side."""
    torch = encoder._torch
    functional = torch.nn.functional
    torch.manual_seed(SEED)
    named = {
        name: torch.nn.Parameter(tensor.detach().clone())
        for name, tensor in encoder.passage_side.tunable().items()
    }
    side = encoder.passage_side.with_tensors(named)
    optimizer = torch.optim.AdamW(list(named.values()), lr=LEARNING_RATE, weight_decay=0.0)
    order = list(train)
    for epoch in range(epochs):
        random.Random(SEED + epoch).shuffle(order)
        for start in range(0, len(order), BATCH):
            batch = order[start : start + BATCH]
            queries = _pooled(encoder, [i.question for i in batch], side)
            loss = queries.new_zeros(())
            for item, q in zip(batch, queries, strict=True):
                logits = torch.from_numpy(item.sentences) @ q / TEMPERATURE
                loss = loss + torch.logsumexp(logits, 0) - torch.logsumexp(logits[list(item.gold)], 0)
            own = torch.from_numpy(np.stack([i.paragraph for i in batch]))
            retrieval = functional.cross_entropy(queries @ own.T / TEMPERATURE, torch.arange(len(batch)))
            optimizer.zero_grad()
            (loss / len(batch) + retrieval).backward()
            optimizer.step()
        after_epoch(
            epoch, encoder.passage_side.with_tensors({k: v.detach().clone() for k, v in named.items()})
        )
    return side


def choose(scores: list[Scores]) -> int:
    """The epoch kept: most dev golds first among their article's sentences, the earliest on a tie."""
    return max(range(len(scores)), key=lambda e: (scores[e].sentence_at_1, -e))


def save(side: Side, path: Path) -> None:
    """Write a side's tuned tensors (`Side.tunable`) to `path`, read back by `E5Encoder(query_side=…)`."""
    np.savez_compressed(path, **{name: t.detach().numpy() for name, t in side.tunable().items()})


def card(scores: list[Scores], chosen: int, train: int, dev: int) -> str:
    """The data card of a tuned query side (French: it ships next to the file)."""
    rows = "\n".join(
        f"| {'avant' if e == 0 else e} | {s.sentence_at_1:.1%} | {s.paragraph_sentence_at_1:.1%} | "
        f"{s.paragraph_at_5:.1%} |"
        for e, s in enumerate(scores)
    )
    return f"""# Côté questions de mE5 — fiche de données

Les biais et les normes de mE5 (61 000 nombres ; les matrices, les passages et les index ne changent
pas) réglés pour les questions, par `ti-assistant train-queries` (`make train`) : {train} questions de
la partie train de PIAF et de la FAQ de la CNIL (découpage par article, graine 0, celui de
`ti-assistant train`), dont une phrase de l'article contient la réponse. Chaque question apprend à
placer la phrase qui répond avant les autres phrases de son article, et son paragraphe avant ceux des
autres questions du lot (température {TEMPERATURE}, lots de {BATCH}, pas {LEARNING_RATE}, graine {SEED}).

Époque gardée : {chosen} (la plus haute part de phrases de référence classées premières parmi celles de
leur article sur la partie dev, {dev} questions ; les parties test ne sont jamais lues ici).

| époque | phrase de référence première (article) | (paragraphe) | paragraphe parmi les 5 plus proches (cosinus seul) |
|---|---|---|---|
{rows}

Les modèles de réponse (`answer/model`) lisent les cosinus de ce côté : réentraînez-les après
(`make train` fait les deux dans l'ordre).
"""
