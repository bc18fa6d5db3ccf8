"""`ti-assistant fetch URL…`: keep the corpus current from official sites — collect the releases
(`fetch.run`), then index what was written (`ingest.pipeline`)."""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ti_assistant.config import Settings

if TYPE_CHECKING:
    from ti_assistant.fetch.http import PoliteClient
    from ti_assistant.fetch.run import FetchReport, Progress
    from ti_assistant.ingest.pipeline import IngestReport


@dataclass
class FetchRun:
    fetched: FetchReport
    ingested: IngestReport | None  # None: nothing to index

    def summary(self) -> str:
        done = f" — {self.ingested.summary()}" if self.ingested else " — rien à indexer"
        return self.fetched.summary() + done


def fetch_and_ingest(
    settings: Settings, urls: list[str], progress: Progress | None = None, client: PoliteClient | None = None
) -> FetchRun:
    """Collect, then index what this run and any earlier run wrote but did not get indexed; the
    pending list is cleared only once the ingestion went through (a locked index keeps it)."""
    from ti_assistant.fetch.run import collect
    from ti_assistant.fetch.state import Pending
    from ti_assistant.ingest.pipeline import ingest

    fetched = collect(settings, urls, progress, client)
    if not fetched.to_index:
        return FetchRun(fetched, None)
    ingested = ingest(settings, fetched.to_index)
    Pending(Path(settings.index_dir)).save([])
    return FetchRun(fetched, ingested)


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

    if args.every is not None and args.every <= 0:
        print("Erreur : --every attend un nombre de minutes positif.", file=sys.stderr)
        return 2
    while True:
        with progress_bar("Collecte", args.quiet) as progress:
            report = fetch_and_ingest(settings, args.urls, progress)
        for url, reason in report.fetched.failed:
            print(f"Échec : {url} — {reason}", file=sys.stderr)
        for path in report.fetched.written:
            print(f"Écrit : {path}")
        print(report.summary())
        if args.every is None:
            return 1 if report.fetched.failed else 0
        print(f"Prochaine collecte à {datetime.now().astimezone():%H:%M} + {args.every:g} min.", flush=True)
        time.sleep(args.every * 60)
