"""The refusal bar for an FAQ (a corpus whose documents are titled by the question they answer), chosen
on the dev part of the CNIL's FAQ. Training chooses one refusal bar for every text that is not releases:
the lowest of its dev sets' bars, PIAF's (an encyclopaedia's answerable questions get lower confidences);
on the CNIL's FAQ it refused 0 of 102 answerable dev questions and 25 of 102 out-of-corpus ones. An FAQ
gets its own, by training's rule (`training.refusal_bar`): the highest confidence under which the
bootstrap 95th percentile of the share of answerable dev questions refused stays ≤ 15 %, read on the CNIL's
dev part indexed alone (as a user's FAQ would be), its questions also asked with their article left out.
The sure-answer bar stays the general one: this changes what is refused, not what is sure. CRPA's FAQ,
never used to choose anything, is where it is checked (`ti-assistant eval --set crpa`).

    python eval/tune_faq_bar.py [DATA_DIR]

Writes the bar into the shipped models (`kinds`, kind "faq", read when TI_CORPUS_KIND is "faq", or
"auto", the default, and half of the documents' titles are questions: `CorpusProfile.kind`), its line
in the data card, and eval/reports/bench-faq-bar.md. Rerun after `ti-assistant train`.
"""

from __future__ import annotations

import sys

from benchlib import data_dir_or_exit, save_kind, scratch, write

from ti_assistant.answer.confidence import KindRules, model_file
from ti_assistant.answer.corpus import FAQ
from ti_assistant.answer.engine import Assistant
from ti_assistant.config import Settings
from ti_assistant.evaluation import datasets
from ti_assistant.evaluation.cli import scratch as scratch_settings
from ti_assistant.evaluation.training import ask_all, refusal_bar, share_bound, split_by_article
from ti_assistant.ingest.pipeline import ingest

SET = "cnil"
KIND_LINE = "- pour une FAQ"  # the data card's line about this kind's rules


def kind_line(refuse_below: float, general: float) -> str:
    return (
        f"{KIND_LINE} (`TI_CORPUS_KIND=faq`, ou `auto` quand la moitié des documents ont pour titre une "
        f"question) : refus en dessous de {refuse_below:.3f} (autres textes : {general:.3f}), choisi par "
        "`eval/tune_faq_bar.py` sur la partie dev de la FAQ de la CNIL indexée seule, par la règle de "
        "l'entraînement (95e centile bootstrap des questions avec réponse refusées ≤ 15 %) ; seuil de "
        "réponse sûre inchangé ([rapport](../../../../eval/reports/bench-faq-bar.md)) ;"
    )


def main() -> None:
    data = data_dir_or_exit(sys.argv)
    work = scratch("ti-faq-bar-")
    found = datasets.materialize_squad(datasets.squad_path(data, SET), SET, work / "corpus")
    dev = split_by_article(found)["dev"]
    settings = scratch_settings(Settings.from_env(), corpus_dir=work / "corpus", index_dir=work / "index")
    ingest(settings)
    assistant = Assistant(settings)
    if (kind := assistant.profile().kind) != FAQ:
        sys.exit(f"Le jeu {SET} n'est pas reconnu comme une FAQ (genre « {kind} ») : rien n'est écrit.")
    general = assistant.shipped  # the probability an FAQ reads: the general one, not recalibrated
    doc_ids = sorted(assistant.index.snapshot()[0])
    asked = ask_all(assistant, dev, doc_ids, False) + ask_all(assistant, dev, doc_ids, True)
    scores = [(a.left_out, a.probability(general)) for a in asked]
    answerable = [p for out, p in scores if not out]
    chosen = min(refusal_bar(answerable), general.answer_at)
    lines = [
        f"Seuil de refus d'une FAQ : **{chosen:.3f}** (autres textes : {general.refuse_below:.3f}) ; "
        f"seuil de réponse sûre inchangé ({general.answer_at:.3f}). Partie dev de la FAQ de la CNIL, "
        f"{len(answerable)} questions avec réponse, autant hors corpus (article retiré).",
        "",
        "| seuil de refus | avec réponse refusées | 95e centile bootstrap | hors corpus refusées |",
        "|---|---|---|---|",
    ]
    for bar in sorted({general.refuse_below, chosen, 0.15, 0.2, 0.25, 0.3, 0.4}):
        inside = [p < bar for out, p in scores if not out]
        outside = [p < bar for out, p in scores if out]
        lines.append(
            f"| {bar:.3f}{' (choisi)' if bar == chosen else ''} | {sum(inside)}/{len(inside)} | "
            f"{share_bound(inside):.3f} | {sum(outside)}/{len(outside)} |"
        )
    lines += [
        "",
        "Refus comptés sur la confiance seule ; le moteur refuse aussi, quelle que soit sa confiance, une "
        "question dont un nom n'est dans aucun passage retrouvé.",
    ]
    path = model_file(assistant.embedder.embedder_id, assistant.sentence_embedder.embedder_id)
    rules = KindRules(general.answer_at, chosen)
    save_kind(path, FAQ, rules.to_json(), KIND_LINE, kind_line(chosen, general.refuse_below))
    lines += ["", f"Écrit dans `{path.name}` (`kinds`) et sa fiche."]
    write("faq-bar", lines, {"refuse_below": chosen, "general_refuse_below": general.refuse_below})


if __name__ == "__main__":
    main()
