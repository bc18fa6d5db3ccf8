"""`ti-assistant fetch URL…`: keep the corpus current from official sites (see `fetch.run`)."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime
from typing import Any

from ti_assistant.config import Settings


def register(sub: Any) -> None:
    p = sub.add_parser(
        "fetch",
        help="collecter les communiqués de sites officiels (pages, PDF, flux RSS/Atom, plans de site)",
    )
    p.add_argument("urls", nargs="+", help="adresses : page de communiqué, PDF, flux RSS/Atom ou sitemap.xml")
    p.add_argument("--corpus", help="dossier où écrire les communiqués (défaut : TI_CORPUS_DIR ou corpus)")
    p.add_argument(
        "--every",
        type=float,
        metavar="MINUTES",
        help="recommencer toutes les MINUTES minutes (Ctrl-C pour arrêter)",
    )
    p.add_argument("--quiet", action="store_true", help="pas de barre de progression")
    p.set_defaults(handler=_fetch)


def _fetch(args: argparse.Namespace, settings: Settings) -> int:
    from ti_assistant.app.progress import progress_bar
    from ti_assistant.fetch.run import fetch

    if args.every is not None and args.every <= 0:
        print("Erreur : --every attend un nombre de minutes positif.", file=sys.stderr)
        return 2
    while True:
        with progress_bar("Collecte", args.quiet) as progress:
            report = fetch(settings, args.urls, progress)
        for url, reason in report.failed:
            print(f"Échec : {url} — {reason}", file=sys.stderr)
        for path in report.written:
            print(f"Écrit : {path}")
        print(report.summary())
        if args.every is None:
            return 1 if report.failed else 0
        print(f"Prochaine collecte à {datetime.now().astimezone():%H:%M} + {args.every:g} min.", flush=True)
        time.sleep(args.every * 60)
