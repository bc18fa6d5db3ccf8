"""Evaluation reports: a Markdown summary with PNG plots, and a JSON file of per-question results."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ti_assistant.evaluation.runner import KS


def _fmt(value: float | None, percent: bool = True) -> str:
    if value is None:
        return "—"
    return f"{value:.1%}" if percent else f"{value:.3f}"


# Text fields of a result row. Runs that index external data (../shared/data) drop them from the
# report: that data is read at run time, never copied into the repository, and ids suffice to diff runs.
TEXT_FIELDS = ("question", "standalone", "answer", "short_answer")


def write_report(
    out: Path,
    stem: str,
    label: str,
    summary: dict[str, Any],
    rows: list[dict[str, Any]],
    external: bool = False,
) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    if external:
        rows = [{k: v for k, v in r.items() if k not in TEXT_FIELDS} for r in rows]
    (out / f"{stem}.json").write_text(
        json.dumps({"summary": summary, "questions": rows}, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    plots = _plots(out, stem, summary, rows)
    lines = [
        f"# Évaluation — {label} — {stem[:10]}",
        "",
        f"{summary['questions']} questions ({summary['answerable']} avec réponse, {summary['traps']} pièges) "
        f"sur {summary.get('documents', '?')} documents. Réglages : `{summary.get('settings', {})}`.",
        "",
    ]
    lines += _honesty_section(summary)
    lines += _retrieval_section(summary) + _answers_section(summary) + _refusal_section(summary)
    lines += _kinds_and_latency(summary)
    lines += [""] + [f"![{title}]({name})" for title, name in plots]
    if not external:
        lines += _failures(rows)
    path = out / f"{stem}.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _honesty_section(summary: dict[str, Any]) -> list[str]:
    h = summary.get("honesty")
    if not h:
        return []
    rows = [
        (
            "réponses sûres justes (citations contenant la réponse ou l'une de ses phrases)",
            "confident_correct",
            "≥ 85 %",
        ),
        ("réponses sûres mais fausses, sur les questions avec réponse", "wrong_confident", ""),
        ("questions hors corpus répondues avec assurance", "out_confident", "≤ 10 %"),
        ("questions hors corpus refusées", "out_refused", ""),
        ("questions avec réponse refusées", "answerable_refused", ""),
        ("passage de référence montré (réponse ou incertain)", "gold_shown", "≥ 85 %"),
        (
            "citations contenant la réponse ou l'une de ses phrases (réponse ou incertain)",
            "gold_in_quotes",
            "",
        ),
        (f"réponse courte juste ({h['headlines']} réponses courtes)", "headline_correct", ""),
        ("réponse courte du type demandé (montant, date, nombre)", "headline_fits", "100 %"),
    ]
    lines = [
        "## Ce que vivent les utilisateurs",
        "",
        f"{h['answerable']} questions avec réponse, {h['out_of_corpus']} hors corpus (pièges, ou question posée "
        f"sans son article). Issues : {h['status']}.",
        "",
        "| mesure | résultat | objectif |",
        "|---|---|---|",
    ]
    lines += [f"| {label} | {_fmt(h[key])} | {goal} |" for label, key, goal in rows]
    lines.append(f"| mots cités par réponse (médiane) | {h['quoted_words_median']} | ≤ 40 |")
    lost = h.get("gold_lost")
    if lost and lost["retrieval"] is not None:
        lines += [
            "",
            f"Passage de référence non montré : absent des {summary['settings']['top_k']} passages retrouvés "
            f"{_fmt(lost['retrieval'])}, retrouvé mais question refusée {_fmt(lost['refused'])}, retrouvé "
            f"mais non cité (la réponse cite d'autres passages) {_fmt(lost['not_quoted'])}.",
        ]
    return [*lines, ""]


def _retrieval_section(summary: dict[str, Any]) -> list[str]:
    lines = [
        "## Recherche (documents)",
        "",
        "| système | " + " | ".join(f"R@{k}" for k in KS) + " | MRR@10 | MRR pipeline / système |",
        "|---|" + "---|" * (len(KS) + 2),
    ]
    reference = summary["retrieval"]["pipeline"]["mrr@10"]
    for name, values in summary["retrieval"].items():
        ratio = f"{reference / values['mrr@10']:.2f}" if reference and values["mrr@10"] else "—"
        lines.append(
            f"| {name} | "
            + " | ".join(_fmt(values[f"recall@{k}"]) for k in KS)
            + f" | {_fmt(values['mrr@10'], False)} | {ratio} |"
        )
    pipeline = summary["retrieval"]["pipeline"]
    return [*lines, "", f"nDCG@10 (pipeline) : {_fmt(pipeline.get('ndcg@10'), False)}", ""]


def _answers_section(summary: dict[str, Any]) -> list[str]:
    a = summary["answers"]
    return [
        "## Réponses",
        "",
        "| mesure | pipeline | réponse naïve (phrase la plus proche, top 3) |",
        "|---|---|---|",
        f"| réponse correcte | {_fmt(a['correct'])} | {_fmt(a['naive_correct'])} |",
        f"| première citation : le bon communiqué, et la réponse | {_fmt(a['lead_correct'])} | |",
        f"| citation contenant la réponse (ou l'une de ses phrases) | {_fmt(a['quote_contains_span'])} | {_fmt(a['naive_contains_span'])} |",
        f"| F1 (mots) | {_fmt(a['token_f1'], False)} | |",
        f"| passage contenant la réponse dans le top 5 | {_fmt(a['chunk_recall@5'])} | |",
        f"| citations valides (extrait exact, marqueurs = citations) | {_fmt(a['citations_valid'])} | |",
        f"| citation d'un passage de référence | {_fmt(a['citation_correct'])} | |",
        f"| questions avec réponse refusées | {_fmt(a['refused_answerable'])} | |",
        "",
    ]


def _refusal_section(summary: dict[str, Any]) -> list[str]:
    r = summary["refusal"]
    if not r:
        return []
    return [
        "## Refus",
        "",
        f"Rappel sur les pièges : {_fmt(r['recall'])} — précision : {_fmt(r['precision'])} — "
        f"refus à tort : {_fmt(r['false_refusal_rate'])}",
        "",
    ]


def _kinds_and_latency(summary: dict[str, Any]) -> list[str]:
    lines = ["## Par type de question", "", "| type | n | réussite |", "|---|---|---|"]
    lines += [f"| {k} | {v['n']} | {_fmt(v['ok'])} |" for k, v in summary["by_kind"].items()]
    lines += ["", "## Latence (ms)", "", "| étape | p50 | p95 |", "|---|---|---|"]
    lines += [f"| {k} | {v['p50']:.1f} | {v['p95']:.1f} |" for k, v in summary["latency_ms"].items()]
    plain = summary["latency_ms"].get("plain llama-index retrieval")
    if plain and plain["p50"]:
        lines += [
            "",
            f"Ratio p50 pipeline complet / recherche llama-index simple : "
            f"{summary['latency_ms']['total']['p50'] / plain['p50']:.1f}×",
        ]
    return lines


def _failures(rows: list[dict[str, Any]]) -> list[str]:
    failures = [
        r for r in rows if (r["trap"] and not r["refused"]) or (not r["trap"] and r.get("correct") is False)
    ]
    if not failures or len(failures) > 40:
        return []
    return ["", "## Échecs", ""] + [
        f"- `{r['id']}` ({r['kind']}) {r['question']} → {'refus' if r['refused'] else r['answer'][:160]!r}"
        for r in failures
    ]


def _plots(
    out: Path, stem: str, summary: dict[str, Any], rows: list[dict[str, Any]]
) -> list[tuple[str, str]]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    made = []
    fig, ax = plt.subplots(figsize=(6, 4))
    for name, values in summary["retrieval"].items():
        ys = [values[f"recall@{k}"] for k in KS]
        if all(y is not None for y in ys):
            ax.plot(KS, ys, marker="o", label=name)
    ax.set(xlabel="k", ylabel="Recall@k (documents)", title="Rappel des documents", ylim=(0, 1.02))
    ax.legend()
    made.append(("Rappel@k", _save(fig, out / f"{stem}-recall.png")))
    fig, ax = plt.subplots(figsize=(6, 4))
    for stage in ("retrieval", "answer", "total"):
        ax.hist([r["timings_ms"][stage] for r in rows], bins=30, alpha=0.5, label=stage)
    ax.set(xlabel="ms", ylabel="questions", title="Latence par étape")
    ax.legend()
    made.append(("Latence", _save(fig, out / f"{stem}-latency.png")))
    fig, ax = plt.subplots(figsize=(6, 4))
    kinds = summary["by_kind"]
    judged = {k: v["ok"] for k, v in kinds.items() if v["ok"] is not None}
    ax.bar(list(judged), list(judged.values()))
    ax.set(ylabel="réussite", title="Réussite par type de question", ylim=(0, 1.02))
    ax.tick_params(axis="x", rotation=45)
    made.append(("Par type", _save(fig, out / f"{stem}-kinds.png")))
    table = summary.get("honesty", {}).get("calibration") or []
    if table:
        fig, ax = plt.subplots(figsize=(5, 5))
        ax.plot([0, 1], [0, 1], linestyle="--", color="grey", label="calibration parfaite")
        ax.plot([b["confidence"] for b in table], [b["right"] for b in table], marker="o", label="mesurée")
        for b in table:
            ax.annotate(str(b["n"]), (b["confidence"], b["right"]), fontsize=7)
        ax.set(
            xlabel="confiance annoncée", ylabel="part de réponses justes", title="Fiabilité de la confiance"
        )
        ax.legend()
        made.append(("Fiabilité", _save(fig, out / f"{stem}-calibration.png")))
    return made


def _save(fig: Any, path: Path) -> str:
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    import matplotlib.pyplot as plt

    plt.close(fig)
    return path.name
