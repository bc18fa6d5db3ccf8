"""`ti-assistant` command line: ingest, fetch, stats, ask, chat, serve, eval, config.

Errors reach the user as one French line (exit code 2), never as a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import Any, NoReturn

from ti_assistant.config import Settings
from ti_assistant.errors import IndexMissingError, TiAssistantError, as_disk_full
from ti_assistant.text.french import decimal


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:  # told by the command's own parser, with its usage ("ask --jsn" shows ask's options)
        commands = getattr(parser, "commands", {})
        command = commands.get(getattr(args, "command", None), parser)
        command.error(f"unrecognized arguments: {' '.join(unknown)}")
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        settings = Settings.from_env(index_dir=args.index_dir, corpus_dir=getattr(args, "corpus", None))
        return int(args.handler(args, settings) or 0)
    except TiAssistantError as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Interrompu.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (`… | head`): stop quietly, as Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return 141
    except Exception as exc:
        full = as_disk_full(exc)  # from SQLite, Chroma or a plain write: one French message
        if full is None:
            raise
        print(f"Erreur : {full}", file=sys.stderr)
        return 2


# argparse's own messages, in French (it ships no translation); matched on their English wording.
_ARGPARSE_FRENCH = (
    (r"the following arguments are required: (.*)", r"arguments obligatoires manquants : \1"),
    (r"unrecognized arguments: (.*)", r"arguments inconnus : \1"),
    (
        r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)",
        r"argument \1 : choix invalide \2 (choix possibles : \3)",
    ),
    (r"argument (\S+): invalid (\w+) value: (.*)", r"argument \1 : valeur invalide \3"),
    (r"argument (\S+): expected one argument", r"argument \1 : une valeur est attendue"),
    (r"invalid choice: (.*?) \(choose from (.*)\)", r"commande inconnue \1 (commandes : \2)"),
)


class FrenchParser(argparse.ArgumentParser):
    """argparse speaking French: its errors, its usage line and its help option."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self.add_argument("-h", "--help", action="help", help="afficher cette aide et quitter")

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "utilisation :", 1)

    def format_help(self) -> str:
        text = super().format_help().replace("usage:", "utilisation :", 1)
        text = text.replace("\noptions:", "\noptions :").replace("positional arguments:", "arguments :")
        return text.replace("\ncommandes:", "\ncommandes :")

    def error(self, message: str) -> NoReturn:
        for pattern, french in _ARGPARSE_FRENCH:
            if re.fullmatch(pattern, message):
                message = re.sub(pattern, french, message)
                break
        self.print_usage(sys.stderr)
        self.exit(2, f"Erreur : {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = FrenchParser(prog="ti-assistant", description="Assistant sur les communiqués officiels.")
    parser.add_argument("--index-dir", help="dossier de l'index (défaut : TI_INDEX_DIR ou indexes)")
    sub = parser.add_subparsers(dest="command", title="commandes", parser_class=FrenchParser)

    p = sub.add_parser("ingest", help="indexer les communiqués (incrémental)")
    p.add_argument("paths", nargs="*", type=Path, help="fichiers ou dossiers (défaut : tout le corpus)")
    p.add_argument("--corpus", help="dossier racine du corpus (défaut : TI_CORPUS_DIR ou corpus)")
    p.add_argument("--rebuild", action="store_true", help="effacer l'index et tout réindexer")
    p.add_argument("--quiet", action="store_true", help="pas de barre de progression")
    p.set_defaults(handler=_ingest)

    p = sub.add_parser("stats", help="état de l'index (code 1 s'il est à réparer)")
    p.add_argument("--json", action="store_true", help="sortie JSON (communiqués, passages, état…)")
    p.set_defaults(handler=_stats)

    p = sub.add_parser("config", help="liste des réglages TI_*")
    p.set_defaults(handler=_config)
    _add_answer_commands(sub)
    parser.commands = sub.choices  # type: ignore[attr-defined]
    return parser


def _add_answer_commands(sub: Any) -> None:
    from ti_assistant.app import cli_answer, cli_fetch

    cli_fetch.register(sub)
    cli_answer.register(sub)


def _ingest(args: argparse.Namespace, settings: Settings) -> int:
    from ti_assistant.app.progress import progress_bar
    from ti_assistant.ingest.pipeline import ingest

    with progress_bar("Indexation", args.quiet) as progress:
        report = ingest(settings, args.paths, rebuild=args.rebuild, progress=progress)
    for line in report.failures():
        print(line, file=sys.stderr)
    if report.repaired:
        print(f"Réparation : {report.repaired} vecteur(s) sans communiqué validé supprimé(s).")
    if report.rebuilt:
        print(
            f"Réparation : une partie de l'index manquait ({' et '.join(report.rebuilt)}) ; reconstruite, "
            f"{report.restored} communiqué(s) indexé(s) à nouveau."
        )
    if not (report.added or report.updated or report.removed or report.failed):
        print(
            f"Rien à faire : les {report.skipped} communiqué(s) sont déjà à jour (aucun calcul d'embedding)."
        )
    print(report.summary())
    return 1 if report.failed else 0


def _stats(args: argparse.Namespace, settings: Settings) -> int:
    from ti_assistant.store.index import Index

    if not (Path(settings.index_dir) / "manifest.sqlite").exists():
        raise IndexMissingError(
            f"Aucun index dans « {settings.index_dir} ». Construisez-le avec : ti-assistant ingest"
        )
    stats = Index(settings).stats()
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=2))
        return 0
    last = stats["last_ingest"] or {}
    print(f"Communiqués : {stats['documents']}")
    print(f"Passages : {stats['chunks']}")
    print(f"Embedder : {stats['embedder'] or '—'} ({stats['dimension']} dimensions)")
    print(f"Découpage : {stats['chunking'] or '—'}")
    print(f"Dernière ingestion : {last.get('at', 'jamais')}")
    size = decimal(stats["index_bytes"] / 1e6)
    print(f"Taille de l'index : {size} Mo ({stats['chroma']})")
    problems = stats["health"]
    print(
        "État : " + ("bon" if not problems else "à réparer (ti-assistant ingest) — " + " ; ".join(problems))
    )
    return 1 if problems else 0


def _config(args: argparse.Namespace, settings: Settings) -> int:
    for variable, value, help_text in settings.shown():
        if len(value) > 20:  # a long value (a path, a list) gets its own line: columns never run together
            print(f"{variable:<22} = {value}\n{'':<25}{help_text}")
        else:
            print(f"{variable:<22} = {value:<20} {help_text}")
    return 0
