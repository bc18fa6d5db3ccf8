"""What an address holds, recognised by its content: a feed (RSS/Atom, read by feedparser), a sitemap
(its XML read by lxml), a release page (main text and metadata by trafilatura, publication date by
htmldate) or a PDF release (read later by the ingestion's PDF loader)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from ti_assistant.fetch.http import FetchError, Response
from ti_assistant.text.dates import parse_iso

Kind = Literal["feed", "sitemap", "page", "pdf"]


@dataclass(frozen=True)
class Link:
    """A release listed by a feed or a sitemap, with what the listing says of it."""

    url: str
    title: str = ""
    date: str | None = None  # ISO


@dataclass(frozen=True)
class Release:
    url: str
    title: str
    date: str | None
    publisher: str
    text: str  # the main text as Markdown (headings and lists kept), menus and footers left out


def kind_of(response: Response) -> Kind:
    head = response.body[:512].lstrip()
    if response.content_type == "application/pdf" or head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"<?xml") or response.content_type in (
        "application/xml",
        "text/xml",
        "application/rss+xml",
        "application/atom+xml",
    ):
        root = _xml_root(response.body)
        if root in ("urlset", "sitemapindex"):
            return "sitemap"
        if root in ("rss", "feed", "RDF"):
            return "feed"
        if root != "html":
            raise FetchError(f"document XML non reconnu (<{root}>) : ni flux RSS/Atom ni plan de site")
    return "page"


def _xml(body: bytes) -> Any:
    """The document's root element, read safely (no entities, no network); FetchError if unreadable."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise FetchError("XML illisible") from exc
    if root is None:
        raise FetchError("XML illisible")
    return root


def _xml_root(body: bytes) -> str:
    from lxml import etree

    return str(etree.QName(_xml(body)).localname)


def feed_links(body: bytes) -> list[Link]:
    import feedparser

    parsed = feedparser.parse(body)
    links = []
    for entry in parsed.entries:
        if not entry.get("link"):
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        when = date(*stamp[:3]).isoformat() if stamp else None
        links.append(Link(entry["link"], " ".join(entry.get("title", "").split()), when))
    return links


def sitemap_links(body: bytes) -> tuple[list[Link], list[str]]:
    """(pages listed, child sitemaps listed) of a sitemap or a sitemap index."""
    from lxml import etree

    pages, children = [], []
    for item in _xml(body):
        name = etree.QName(item).localname if isinstance(item.tag, str) else ""
        loc = item.findtext("{*}loc")
        if not loc:
            continue
        if name == "sitemap":
            children.append(loc.strip())
        elif name == "url":
            lastmod = (item.findtext("{*}lastmod") or "")[:10]
            pages.append(Link(loc.strip(), "", parse_iso(lastmod)))
    return pages, children


def release_from_page(response: Response, listed: Link | None = None) -> Release:
    """The release a page holds: trafilatura keeps the main text (no menu, banner, breadcrumb or
    footer) and reads title and site name; htmldate finds the publication date ("Publié le …")."""
    import htmldate
    import trafilatura
    from trafilatura.metadata import extract_metadata

    html = response.body.decode("utf-8", "replace")
    text = trafilatura.extract(
        html,
        url=response.url,
        output_format="markdown",
        include_comments=False,
        include_tables=True,
        favor_precision=True,
    )
    if not text or len(text.split()) < 10:
        raise FetchError("aucun texte de communiqué trouvé dans la page")
    meta = extract_metadata(html, default_url=response.url)
    published = htmldate.find_date(html, original_date=True, url=response.url, extensive_search=True)
    listed = listed or Link(response.url)
    title = _one_line(meta.title or listed.title or response.url)
    return Release(
        url=response.url,
        title=title,
        date=parse_iso(published or "") or listed.date,
        publisher=_one_line(meta.sitename or meta.author or _host(response.url)),
        text=_without_repeated_title(text, title),
    )


def _one_line(value: str) -> str:
    return " ".join(value.split())[:300]


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).hostname or url


def _without_repeated_title(text: str, title: str) -> str:
    """trafilatura may start the text with the title the front matter already holds."""
    first, _, rest = text.partition("\n")
    if re.sub(r"^#+\s*", "", first).strip() == title.strip() and rest.strip():
        return rest.lstrip()
    return text
