"""Evaluation datasets: a SQuAD set turned into a corpus, and cut down to a small corpus."""

from __future__ import annotations

import json
from pathlib import Path

from ti_assistant.evaluation.datasets import article_of, keep_articles, materialize_squad


def _squad(path: Path, articles: int, paragraphs: int) -> Path:
    data = {
        "data": [
            {
                "title": f"Article {a}",
                "paragraphs": [
                    {
                        "context": f"Le paragraphe {p} de l'article {a} date de {2000 + p}.",
                        "qas": [
                            {
                                "id": f"q{a}-{p}",
                                "question": "De quand date-t-il ?",
                                "answers": [{"text": f"{2000 + p}", "answer_start": 0}],
                            }
                        ],
                    }
                    for p in range(paragraphs)
                ],
            }
            for a in range(articles)
        ]
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_small_corpus_keeps_whole_articles_and_only_their_questions(tmp_path: Path) -> None:
    """`keep_articles`: n articles drawn with a fixed seed, every paragraph of each (and its sidecar)
    kept, every paragraph of the others deleted, and the questions of the articles kept."""
    corpus = tmp_path / "corpus"
    questions = materialize_squad(_squad(tmp_path / "set.json", 8, 3), "set", corpus)
    kept = keep_articles(questions, corpus, 3)
    articles = {article_of(min(q.doc_ids)) for q in kept}
    assert len(articles) == 3 and len(kept) == 9
    left = sorted(p.relative_to(corpus).as_posix() for p in corpus.rglob("*.txt"))
    assert left == sorted(d for q in kept for d in q.doc_ids)
    assert len(list(corpus.rglob("*.meta.json"))) == 9
    again = tmp_path / "again"
    assert keep_articles(materialize_squad(tmp_path / "set.json", "set", again), again, 3) == kept
