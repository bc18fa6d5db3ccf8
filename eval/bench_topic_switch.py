"""Does an unrelated earlier question change the answer? A conversation's follow-ups are rewritten from
the previous question (`answer/conversation.py`); a question that stands alone must not be. Pairs of
dev questions (the real releases' dev part and the project's dev questions on the shipped release, all
20 releases indexed together), the second about another release than the first, are asked twice: the
second question alone, then after the first. Every answer the first question changed is listed, with
how the second was understood; a change that loses a right answer, or makes an out-of-corpus question
sure, is a follow-up read where there was none.

    python eval/bench_topic_switch.py [DATA_DIR] [PAIRS]

Dev parts only (the frozen test parts are never read here). Writes eval/reports/bench-topic-switch.md.
"""

from __future__ import annotations

import json
import random
import sys

from benchlib import ROOT, data_dir_or_exit, joint_index, write

from ti_assistant.evaluation import datasets
from ti_assistant.evaluation import metrics as m
from ti_assistant.evaluation.datasets import EvalQuestion
from ti_assistant.models import Answer

SEED = 0
PAIRS = 400  # about a minute on two cores


def outcome(q: EvalQuestion, answer: Answer) -> tuple[str, bool]:
    """(status, right): right when the quotes hold one of the question's answers."""
    quotes = [c.quote for c in answer.citations]
    right = not q.is_trap and not answer.refused and any(m.quote_answers(quotes, s) for s in q.spans)
    return answer.status, right


def main() -> None:
    data = data_dir_or_exit(sys.argv)
    count = int(sys.argv[2]) if len(sys.argv) > 2 else PAIRS
    assistant, released = joint_index(data)
    split = json.loads((ROOT / datasets.FROZEN).read_text(encoding="utf-8"))["releases-test"]
    own = datasets.own_parts(ROOT / datasets.OWN)["dev"]
    pool = [q for q in [*datasets.releases_parts(released, split)["dev"], *own] if not q.conversation]
    firsts = [q for q in pool if not q.is_trap]
    rng = random.Random(SEED)
    pairs: list[tuple[EvalQuestion, EvalQuestion]] = []
    while len(pairs) < count:
        first, second = rng.choice(firsts), rng.choice(pool)
        if first is not second and not (first.doc_ids and first.doc_ids == second.doc_ids):
            pairs.append((first, second))
    alone: dict[str, tuple[str, bool]] = {}
    turns = {}
    changed = []
    for first, second in pairs:
        if second.question not in alone:
            alone[second.question] = outcome(second, assistant.ask(second.question))
        if first.question not in turns:
            turns[first.question] = assistant.turn(assistant.ask(first.question))
        answer = assistant.ask(second.question, history=[turns[first.question]])
        after = outcome(second, answer)
        if after != alone[second.question]:
            changed.append((first, second, alone[second.question], after, answer.standalone_question))
    lost = [c for c in changed if c[2][1] and not c[3][1]]
    gained = [c for c in changed if c[3][1] and not c[2][1]]
    trap_sure = [c for c in changed if c[1].is_trap and c[3][0] == "answer" and c[2][0] != "answer"]
    lines = [
        f"{len(pairs)} paires de questions dev (graine {SEED}) : la seconde, sur un autre communiqué, posée "
        "seule puis après la première.",
        "",
        "| réponses changées par la question précédente | justes perdues | justes gagnées | "
        "hors corpus devenues sûres |",
        "|---|---|---|---|",
        f"| {len(changed)} | {len(lost)} | {len(gained)} | {len(trap_sure)} |",
        "",
    ]
    if changed:
        lines += [
            "| question précédente | question | seule | après | comprise comme |",
            "|---|---|---|---|---|",
        ]
        lines += [
            f"| {f.question} | {s.question} | {a[0]}{' (juste)' if a[1] else ''} | "
            f"{b[0]}{' (juste)' if b[1] else ''} | {understood} |"
            for f, s, a, b, understood in changed
        ]
    write(
        "topic-switch",
        lines,
        {
            "pairs": len(pairs),
            "changed": len(changed),
            "lost": len(lost),
            "gained": len(gained),
            "trap_sure": len(trap_sure),
        },
    )


if __name__ == "__main__":
    main()
