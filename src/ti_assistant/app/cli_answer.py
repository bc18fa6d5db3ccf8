"""CLI commands that answer: ask (one question or a batch), chat (a conversation), verifier (check
statements against the releases), serve (web chat)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ti_assistant.answer.conversation import Turn
from ti_assistant.config import Settings
from ti_assistant.errors import InputError, TiAssistantError
from ti_assistant.models import Answer, Citation

if TYPE_CHECKING:  # retrieval pulls in llama-index: not needed to parse the command line
    from ti_assistant.answer.verify import Verdict
    from ti_assistant.store.retrieval import Filters


def register(sub: Any) -> None:
    p = sub.add_parser("ask", help="poser une question (ou un lot de questions)")
    p.add_argument("question", nargs="?", help="la question, en français")
    p.add_argument("--batch", type=Path, help="fichier : une question indépendante par ligne")
    _answer_options(p)
    p.set_defaults(handler=_ask)

    p = sub.add_parser("chat", help="conversation : une question par ligne sur l'entrée standard")
    _answer_options(p)
    p.set_defaults(handler=_chat)

    p = sub.add_parser(
        "verifier", help="vérifier une affirmation : confirmé, contredit, dépassé ou introuvable"
    )
    p.add_argument("claim", nargs="?", metavar="affirmation", help="l'affirmation, en français")
    p.add_argument(
        "--batch", type=Path, help="fichier : une affirmation par ligne (sortie : une ligne JSON chacune)"
    )
    p.add_argument("--json", action="store_true", help="sortie JSON")
    _filter_options(p)
    p.set_defaults(handler=_verify)

    p = sub.add_parser("serve", help="démarrer le chat web (Gradio)")
    p.add_argument("--host", help="adresse d'écoute (défaut : TI_HOST ou 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (défaut : TI_PORT ou 7860)")
    p.set_defaults(handler=_serve)

    from ti_assistant.evaluation.cli import register as register_eval

    register_eval(sub)


def _answer_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="sortie JSON (une ligne par réponse)")
    p.add_argument("--passages", action="store_true", help="inclure tous les passages retrouvés (JSON)")
    _filter_options(p)


def _filter_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--publisher", help="filtrer sur l'émetteur (ex. « Préfecture »)")
    p.add_argument("--since", help="date minimale AAAA-MM-JJ")
    p.add_argument("--until", help="date maximale AAAA-MM-JJ")


def _filters(args: argparse.Namespace) -> Filters | None:
    from ti_assistant.store.retrieval import Filters

    since, until = (
        _iso_option(name, value) for name, value in (("--since", args.since), ("--until", args.until))
    )
    filters = Filters(publisher=args.publisher, date_from=since, date_to=until)
    return filters if filters.active else None


def _iso_option(name: str, value: str | None) -> str | None:
    from ti_assistant.text.dates import parse_iso

    if value is None:
        return None
    found = parse_iso(value)
    if found is None:
        raise InputError(f"{name} attend une date réelle au format AAAA-MM-JJ (reçu : « {value} »).")
    return found


def _assistant(settings: Settings) -> Any:
    from ti_assistant.answer.engine import Assistant

    return Assistant(settings)


def _emit(answer: Answer, args: argparse.Namespace, out: TextIO) -> None:
    if args.json:
        out.write(json.dumps(answer.to_json(with_passages=args.passages), ensure_ascii=False) + "\n")
        out.flush()
        return
    out.write(answer.answer + "\n")
    _sources(answer.citations, out)


def _sources(citations: list[Citation], out: TextIO) -> None:
    for c in citations:
        when = f", {c.date}" if c.date else ""
        out.write(f"  [{c.n}] {c.title}{when} — {c.publisher or 'émetteur inconnu'} — {c.source}\n")
    out.write("\n")


def _emit_verdict(verdict: Verdict, as_json: bool, out: TextIO) -> None:
    if as_json:
        out.write(json.dumps(verdict.to_json(), ensure_ascii=False) + "\n")
        out.flush()
        return
    out.write(f"{verdict.answer}\n")
    for fact in verdict.facts:
        found = f" (les communiqués disent : {fact['found']})" if fact["found"] else ""
        cited = f" [{fact['citation']}]" if fact["citation"] else ""
        out.write(f"  – {fact['text']} ({fact['kind']}) : {fact['verdict']}{found}{cited}\n")
    _sources(verdict.citations, out)


def _verify(args: argparse.Namespace, settings: Settings) -> int:
    from ti_assistant.answer.verify import Checker

    if bool(args.claim) == bool(args.batch):
        raise TiAssistantError("Donnez une affirmation, ou --batch FICHIER (mais pas les deux).")
    filters = _filters(args)
    checker = Checker(_assistant(settings))
    if args.claim:
        _emit_verdict(checker.check(args.claim, filters), args.json, sys.stdout)
        return 0
    for line in _lines(args.batch, "d'affirmations"):
        _emit_verdict(checker.check(line, filters), True, sys.stdout)
    return 0


def _lines(path: Path, what: str) -> list[str]:
    """The non-empty lines of a batch file, or a French error."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise TiAssistantError(f"Impossible de lire le fichier {what} {path} : {exc}") from exc
    return [line.strip() for line in lines if line.strip()]


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    if bool(args.question) == bool(args.batch):
        raise TiAssistantError("Donnez une question, ou --batch FICHIER (mais pas les deux).")
    filters = _filters(args)  # a bad date is reported before anything is loaded
    assistant = _assistant(settings)
    if args.question:
        _emit(assistant.ask(args.question, filters=filters), args, sys.stdout)
        return 0
    for line in _lines(args.batch, "de questions"):
        _emit(assistant.ask(line, filters=filters), args, sys.stdout)
    return 0


def _chat(args: argparse.Namespace, settings: Settings) -> int:
    filters = _filters(args)
    assistant = _assistant(settings)
    history: list[Turn] = []
    interactive = sys.stdin.isatty() and not args.json
    if interactive:
        print("Posez vos questions sur les communiqués (Ctrl-D pour quitter).")
    while True:
        if interactive:
            print("> ", end="", flush=True)
        line = sys.stdin.readline()
        if not line:
            return 0
        if not line.strip():
            continue
        answer = assistant.ask(line.strip(), history, filters=filters)
        history.append(assistant.turn(answer))
        if not interactive and not args.json:  # read from a file: the transcript says what was asked
            print(f"> {line.strip()}")
        _emit(answer, args, sys.stdout)


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from ti_assistant.app.server import serve

    chosen = settings.with_(host=args.host or settings.host, port=args.port or settings.port)
    _require_free_port(chosen.host, chosen.port)
    serve(chosen)
    return 0


def _require_free_port(host: str, port: int) -> None:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise InputError(
                f"Le port {port} de {host} est déjà pris ({exc.strerror}). Choisissez-en un autre avec "
                "--port ou TI_PORT, ou arrêtez le programme qui l'occupe."
            ) from exc
