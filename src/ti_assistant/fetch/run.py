"""`collect(settings, urls)`: read each address (a release page, a PDF, an RSS/Atom feed or a sitemap)
and write the releases that are new or changed into the corpus. Indexing them is the caller's next step
(`app.cli_fetch.fetch_and_ingest`): the releases to index are kept in `Pending` until it is done.

Incremental: every request is conditional (ETag / Last-Modified) and every write compares content, so
a second run over an unchanged site downloads nothing. An address that fails is named with its reason
and the run goes on; nothing already in the corpus is removed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ti_assistant.config import Settings
from ti_assistant.fetch.corpus import write_markdown, write_pdf
from ti_assistant.fetch.http import FetchError, PoliteClient, Response
from ti_assistant.fetch.sources import Link, feed_links, kind_of, release_from_page, sitemap_links
from ti_assistant.fetch.state import FetchState, Pending

Progress = Callable[[str, int, int], None]


@dataclass
class FetchReport:
    written: list[Path] = field(default_factory=list)  # releases new or changed
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (address, reason in French)
    to_index: list[Path] = field(default_factory=list)  # written now or by a run whose ingestion failed
    resumed: int = 0  # of those, written by an earlier run

    def summary(self) -> str:
        line = (
            f"Collecte terminée : {len(self.written)} communiqué(s) nouveau(x) ou modifié(s), "
            f"{self.unchanged} inchangé(s), {len(self.failed)} en échec"
        )
        if self.resumed:
            line += f", {self.resumed} écrit(s) lors d'une collecte précédente et à indexer maintenant"
        return line


def collect(
    settings: Settings, urls: list[str], progress: Progress | None = None, client: PoliteClient | None = None
) -> FetchReport:
    report = FetchReport()
    state = FetchState.load(Path(settings.index_dir))
    client = client or PoliteClient(settings)
    try:
        releases, given = _releases(client, state, urls, settings.fetch_max_pages, report)
        for done, (url, listed) in enumerate(releases.items(), start=1):
            try:
                response = given.get(url) or _get(client, state, url)
                _keep_release(state, Path(settings.corpus_dir), url, response, listed, report)
            except FetchError as exc:
                report.failed.append((url, str(exc)))
            if progress:
                progress(url, done, len(releases))
    finally:
        client.close()
        state.save()
    pending = Pending(Path(settings.index_dir))
    earlier = [p for p in pending.load() if p.is_file() and p not in report.written]
    report.to_index, report.resumed = report.written + earlier, len(earlier)
    pending.save(report.to_index)  # done only once indexed: a locked-out ingestion is retried next run
    return report


def _releases(
    client: PoliteClient, state: FetchState, urls: list[str], limit: int, report: FetchReport
) -> tuple[dict[str, Link | None], dict[str, Response]]:
    """(release address -> what its listing said of it, responses already read for addresses given
    directly). Feeds and sitemaps are read here, conditionally: an unchanged listing gives the releases
    it gave last time, which are then checked one by one, conditionally too."""
    found: dict[str, Link | None] = {}
    given: dict[str, Response] = {}
    pending = list(urls)
    children_read = 0
    while pending:
        url = pending.pop(0)
        try:
            response = _get(client, state, url)
            kind = "" if response.status == 304 else kind_of(response)
        except FetchError as exc:
            report.failed.append((url, str(exc)))
            continue
        seen = state.get(url)
        if response.status == 304:  # unchanged since last time: a release, or a listing and its releases
            found.update({link: found.get(link) for link in seen.links} if seen.links else {url: None})
            if not seen.links:
                given[url] = response
            continue
        if kind in ("page", "pdf"):
            found.setdefault(url, None)
            given[url] = response
            continue
        if kind == "sitemap":
            links, children = sitemap_links(response.body)
            pending += children[: max(0, 20 - children_read)]  # a sitemap index: its sitemaps, 20 at most
            children_read += len(children)
        else:
            links = feed_links(response.body)
        for link in links[:limit]:
            found.setdefault(link.url, link)
        seen.links = [link.url for link in links[:limit]]
        _validated(state, url, response)
    return found, given


def _get(client: PoliteClient, state: FetchState, url: str) -> Response:
    """Conditional, unless the release written from it last time has gone from the corpus."""
    seen = state.get(url)
    if seen.path and not Path(seen.path).is_file():
        return client.get(url)
    return client.get(url, seen.etag, seen.last_modified)


def _validated(state: FetchState, url: str, response: Response) -> None:
    """Remember the validators of a response once it has been used: a failure is retried next run."""
    seen = state.get(url)
    seen.etag, seen.last_modified = response.etag, response.last_modified


def _keep_release(
    state: FetchState, corpus: Path, url: str, response: Response, listed: Link | None, report: FetchReport
) -> None:
    seen = state.get(url)
    digest = hashlib.sha256(response.body).hexdigest()
    if response.status == 304 or (digest == seen.sha256 and Path(seen.path).is_file()):
        report.unchanged += 1
        return
    kind = kind_of(response)
    if kind == "pdf":
        path, changed = write_pdf(corpus, response.url, response.body, listed)
    elif kind == "page":
        path, changed = write_markdown(corpus, release_from_page(response, listed))
    else:
        raise FetchError("une liste (flux ou plan de site) là où un communiqué était attendu")
    seen.sha256, seen.path = digest, str(path)
    _validated(state, url, response)
    if changed:
        report.written.append(path)
    else:
        report.unchanged += 1
