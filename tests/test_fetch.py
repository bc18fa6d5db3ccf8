"""`ti-assistant fetch` against a real HTTP server started by the test (pytest-httpserver): pages in the
shapes official sites use, an RSS feed, a sitemap and a PDF, and every way a site can fail."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from email.utils import formatdate
from pathlib import Path

import pytest
from conftest import cli, make_settings, settings_env
from helpers import make_pdf
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from ti_assistant.answer.engine import Assistant
from ti_assistant.app.cli_fetch import fetch_and_ingest
from ti_assistant.config import Settings
from ti_assistant.errors import IndexBusyError
from ti_assistant.fetch.run import collect
from ti_assistant.store.embeddings import TiEmbedding
from ti_assistant.store.index import Index

pytestmark = pytest.mark.integration

MENU = ["Accueil", "Actualités", "Démarches administratives", "Services de l'État", "Publications"]
COOKIES = "Ce site utilise des cookies de mesure d'audience. Tout accepter Tout refuser Personnaliser"
FOOTER = "Mentions légales — Accessibilité : partiellement conforme — Plan du site — Gestion des cookies"


def official_page(title: str, published: str, paragraphs: list[str]) -> str:
    """A release page as préfecture sites lay them out (fictional content)."""
    menu = "".join(f'<li><a href="/{m.lower()}">{m}</a></li>' for m in MENU)
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{title} - Préfecture de la Haute-Vallée</title>
<meta property="og:site_name" content="Préfecture de la Haute-Vallée"></head><body>
<div class="cookie-banner" id="tarteaucitron"><p>{COOKIES}</p></div>
<header><nav class="menu"><ul>{menu}</ul></nav></header>
<nav class="breadcrumb"><a href="/">Accueil</a> &gt; <a href="/actualites">Actualités</a> &gt; Communiqués de presse</nav>
<main><article><h1>{title}</h1><p class="date">Publié le {published}</p>{body}
<div class="attachments"><h2>Documents joints</h2><ul><li><a href="/docs/communique.pdf">Télécharger le communiqué (PDF, 120 Ko)</a></li></ul></div>
</article></main>
<footer><p>{FOOTER}</p></footer></body></html>"""


PAGES = {
    "/actualites/guichet-industrie": official_page(
        "Ouverture d'un guichet unique pour les industriels",
        "12/03/2024",
        [
            "La préfecture de la Haute-Vallée ouvre le 2 avril 2024 un guichet unique destiné aux entreprises "
            "industrielles du département, installé à la sous-préfecture de Valbrume.",
            "Le guichet accompagnera 40 entreprises la première année dans leurs démarches de financement "
            "et de recrutement, avec une équipe de quatre agents.",
        ],
    ),
    "/actualites/friches": official_page(
        "Appel à projets pour la reconversion des friches",
        "5 juin 2024",
        [
            "Un appel à projets doté de 3 millions d'euros est lancé pour reconvertir les friches industrielles "
            "de la Haute-Vallée ; les dossiers sont attendus avant le 30 septembre 2024.",
            "Les communes et les intercommunalités peuvent déposer un dossier auprès de la direction "
            "départementale des territoires.",
        ],
    ),
}


class Site:
    """The test's web site: answers with ETag / Last-Modified and honours conditional requests;
    counts the full responses (200 with a body) it sent."""

    def __init__(self, server: HTTPServer):
        self.server = server
        self.full: list[str] = []
        self.times: list[float] = []

    def serve(self, path: str, body: bytes, content_type: str) -> None:
        etag = f'"{hash(body) & 0xFFFFFFFF:x}"'

        def handler(request: Request) -> Response:
            self.times.append(time.monotonic())
            if request.headers.get("If-None-Match") == etag:
                return Response(status=304)
            self.full.append(path)
            return Response(
                body,
                content_type=content_type,
                headers={"ETag": etag, "Last-Modified": formatdate(0, usegmt=True)},
            )

        self.server.expect_request(path).respond_with_handler(handler)

    def url(self, path: str) -> str:
        return self.server.url_for(path)


@pytest.fixture()
def site(httpserver: HTTPServer, tmp_path: Path) -> Site:
    site = Site(httpserver)
    site.serve("/robots.txt", b"User-agent: *\nDisallow: /prive/\n", "text/plain")
    for path, html in PAGES.items():
        site.serve(path, html.encode("utf-8"), "text/html; charset=utf-8")
    pdf = make_pdf(
        tmp_path / "avis.pdf",
        [
            "Avis de la prefecture de la Haute-Vallee.",
            "La route de Valbrume rouvre le 15 juillet 2024 apres six mois de travaux.",
        ],
    )
    site.serve("/docs/avis-route.pdf", pdf.read_bytes(), "application/pdf")
    items = "".join(
        f"<item><title>{title}</title><link>{site.url(path)}</link><pubDate>{when}</pubDate></item>"
        for title, path, when in (
            ("Guichet unique", "/actualites/guichet-industrie", "Tue, 12 Mar 2024 09:00:00 +0100"),
            ("Friches", "/actualites/friches", "Wed, 05 Jun 2024 10:00:00 +0200"),
            (
                "Réouverture de la route de Valbrume",
                "/docs/avis-route.pdf",
                "Mon, 01 Jul 2024 08:00:00 +0200",
            ),
        )
    )
    rss = f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Communiqués</title>{items}</channel></rss>'
    site.serve("/rss.xml", rss.encode("utf-8"), "application/rss+xml")
    urls = "".join(f"<url><loc>{site.url(p)}</loc><lastmod>2024-06-05</lastmod></url>" for p in PAGES)
    sitemap = f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    site.serve("/sitemap.xml", sitemap.encode("utf-8"), "application/xml")
    return site


def fetch_settings(tmp_path: Path, **overrides: object) -> Settings:
    return make_settings(tmp_path, **{"fetch_hosts": ["localhost"], "fetch_delay": 0.0, **overrides})


def test_a_feed_brings_pages_and_a_pdf_cleanly_and_a_second_run_fetches_nothing(
    site: Site, tmp_path: Path, use_embedder: TiEmbedding
) -> None:
    settings = fetch_settings(tmp_path)
    run = fetch_and_ingest(settings, [site.url("/rss.xml")])
    report = run.fetched
    assert report.failed == [] and len(report.written) == 3
    assert run.ingested is not None and run.ingested.added == 3

    page = next(p for p in report.written if "guichet-industrie" in p.name).read_text(encoding="utf-8")
    assert "title: Ouverture d'un guichet unique pour les industriels\n" in page
    assert "date: 2024-03-12\n" in page and "publisher: Préfecture de la Haute-Vallée\n" in page
    assert f"source: {site.url('/actualites/guichet-industrie')}\n" in page
    assert "40 entreprises" in page
    for noise in [*MENU[2:], "cookies", "Mentions légales", "Communiqués de presse", "Télécharger"]:
        assert noise not in page.split("---", 2)[2], noise  # no menu, banner, breadcrumb or footer
    friches = next(p for p in report.written if "friches" in p.name).read_text(encoding="utf-8")
    assert "date: 2024-06-05\n" in friches  # "Publié le 5 juin 2024"

    answer = Assistant(settings, embedder=use_embedder).ask(
        "Combien d'entreprises le guichet unique accompagnera-t-il ?"
    )
    assert answer.status != "refused" and "40 entreprises" in answer.answer
    assert answer.citations[0].source == site.url("/actualites/guichet-industrie")  # the official address
    answer = Assistant(settings, embedder=use_embedder).ask("Quand la route de Valbrume rouvre-t-elle ?")
    assert "15 juillet 2024" in answer.answer and answer.citations[0].source == site.url(
        "/docs/avis-route.pdf"
    )

    full_before = len(site.full)
    again = fetch_and_ingest(settings, [site.url("/rss.xml")])
    assert again.ingested is None and "rien à indexer" in again.summary()
    assert again.fetched.written == [] and again.fetched.unchanged == 3 and again.fetched.failed == []
    downloaded = [p for p in site.full[full_before:] if p != "/robots.txt"]  # robots.txt: read each run
    assert downloaded == []  # the feed and every release answered 304: nothing downloaded


def test_a_sitemap_lists_the_pages(site: Site, tmp_path: Path, use_embedder: TiEmbedding) -> None:
    report = collect(fetch_settings(tmp_path), [site.url("/sitemap.xml")])
    names = sorted(p.name for p in report.written)
    assert report.failed == [] and len(names) == 2
    assert names[0].startswith("friches-") and names[1].startswith("guichet-industrie-")


def test_every_failure_is_named_and_the_rest_goes_on(
    site: Site, httpserver: HTTPServer, tmp_path: Path, use_embedder: TiEmbedding
) -> None:
    httpserver.expect_request("/absent").respond_with_data("introuvable", status=404)
    httpserver.expect_request("/boucle").respond_with_data("", status=302, headers={"Location": "/boucle"})
    httpserver.expect_request("/lent").respond_with_handler(
        lambda r: (time.sleep(2), Response("<p>tard</p>", content_type="text/html"))[1]
    )
    httpserver.expect_request("/gros").respond_with_data(
        "<p>" + "x" * 120_000 + "</p>", content_type="text/html"
    )
    httpserver.expect_request("/image.png").respond_with_data(b"\x89PNG....", content_type="image/png")
    httpserver.expect_request("/prive/note").respond_with_data(
        PAGES["/actualites/friches"], content_type="text/html"
    )
    elsewhere = site.url("/actualites/friches").replace("localhost", "127.0.0.1")
    settings = fetch_settings(tmp_path, fetch_timeout=0.5, fetch_max_mb=0.1)
    urls = [site.url(p) for p in ("/absent", "/boucle", "/gros", "/image.png", "/prive/note", "/lent")]
    # the slow page last: the test server answers one request at a time
    run = fetch_and_ingest(
        settings, [*urls[:-1], elsewhere, site.url("/actualites/guichet-industrie"), urls[-1]]
    )
    report = run.fetched
    reasons = dict(report.failed)
    assert "404" in reasons[urls[0]]
    assert "redirections" in reasons[urls[1]]
    assert "trop volumineux" in reasons[urls[2]]
    assert "image/png" in reasons[urls[3]]
    assert "robots.txt" in reasons[urls[4]]
    assert "à temps" in reasons[urls[5]]
    assert "liste autorisée" in reasons[elsewhere] and "TI_FETCH_HOSTS" in reasons[elsewhere]
    assert len(report.written) == 1 and run.ingested is not None and run.ingested.added == 1  # the rest


def test_a_page_trickled_byte_by_byte_hits_the_whole_request_deadline(
    site: Site, httpserver: HTTPServer, tmp_path: Path
) -> None:
    """Each read arrives within the read timeout, but the page never ends: the request as a whole is
    given up after TI_FETCH_TIMEOUT, and the next address is fetched."""

    def trickle() -> Iterator[bytes]:
        yield b"<html><body><p>"
        for _ in range(200):
            time.sleep(0.1)
            yield b"x"

    httpserver.expect_request("/goutte").respond_with_handler(
        lambda r: Response(trickle(), content_type="text/html", direct_passthrough=True)
    )
    settings = fetch_settings(tmp_path, fetch_timeout=1.0)
    started = time.monotonic()
    report = collect(settings, [site.url("/goutte"), site.url("/actualites/guichet-industrie")])
    assert time.monotonic() - started < 10  # the trickle alone would take 20 s
    assert "à temps" in dict(report.failed)[site.url("/goutte")]
    assert len(report.written) == 1


def test_releases_fetched_while_another_ingestion_runs_are_indexed_by_the_next_run(
    site: Site, tmp_path: Path
) -> None:
    """The pages are written but the index is locked: the run stops with the French message, and the
    next run, though nothing changed on the site, indexes what was written instead of saying
    'rien à indexer'."""
    settings = fetch_settings(tmp_path)
    with Index.writer_lock(Path(settings.index_dir)), pytest.raises(IndexBusyError):
        fetch_and_ingest(settings, [site.url("/actualites/guichet-industrie")])
    again = fetch_and_ingest(settings, [site.url("/actualites/guichet-industrie")])
    assert again.fetched.written == [] and again.fetched.resumed == 1
    assert again.ingested is not None and again.ingested.added == 1
    assert "à indexer maintenant" in again.summary()
    assert fetch_and_ingest(settings, [site.url("/actualites/guichet-industrie")]).ingested is None  # once


def test_one_request_at_a_time_per_host_with_the_delay(site: Site, tmp_path: Path) -> None:
    settings = fetch_settings(tmp_path, fetch_delay=0.4)
    collect(settings, [site.url("/sitemap.xml")])
    gaps = [b - a for a, b in zip(site.times, site.times[1:], strict=False)]
    assert len(site.times) >= 4 and min(gaps) >= 0.38  # robots.txt, sitemap, two pages


def test_the_command_line_names_failures_in_french(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = fetch_settings(tmp_path)
    monkeypatch.setenv("TI_FETCH_HOSTS", "localhost")
    monkeypatch.setenv("TI_FETCH_DELAY", "0")
    done = cli(settings, "fetch", "--quiet", site.url("/actualites/friches"), site.url("/introuvable"))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"Échec : {site.url('/introuvable')} — le site répond" in done.stderr
    assert "Collecte terminée : 1 communiqué(s) nouveau(x) ou modifié(s)" in done.stdout
    again = cli(settings, "fetch", "--quiet", site.url("/actualites/friches"))
    assert (
        again.returncode == 0
        and "0 communiqué(s) nouveau(x)" in again.stdout
        and "rien à indexer" in again.stdout
    )


def test_every_repeats_the_collection_until_stopped(site: Site, tmp_path: Path) -> None:
    settings = fetch_settings(tmp_path)
    env = {**os.environ, **settings_env(settings), "TI_FETCH_HOSTS": "localhost", "TI_FETCH_DELAY": "0"}
    bad = cli(settings, "fetch", "--every", "0", site.url("/rss.xml"))
    assert bad.returncode == 2 and "--every attend un nombre de minutes positif" in bad.stderr
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ti_assistant",
            "fetch",
            "--quiet",
            "--every",
            "0.01",
            site.url("/actualites/friches"),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    summaries = []
    deadline = time.monotonic() + 120
    while len(summaries) < 2 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if line.startswith("Collecte terminée"):
            summaries.append(line)
    proc.terminate()
    proc.wait(timeout=30)
    assert "1 communiqué(s) nouveau(x)" in summaries[0] and "0 communiqué(s) nouveau(x)" in summaries[1]
