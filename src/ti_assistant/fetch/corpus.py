"""Fetched releases written into the corpus, where the ingestion reads them: a Markdown file with
front matter (title, date, publisher and the official address as `source`), or the PDF as served with
a `.meta.json` sidecar. One folder per site; a file is rewritten only when its content changed."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

from ti_assistant.fetch.sources import Link, Release
from ti_assistant.ingest.loaders import SIDECAR_SUFFIX


def release_path(corpus_dir: Path, url: str, suffix: str) -> Path:
    """corpus/<host>/<readable slug>-<short hash of the address><suffix>: stable across runs."""
    parts = urlsplit(url)
    slug = unicodedata.normalize("NFKD", Path(parts.path).stem or "accueil")
    slug = re.sub(r"[^a-z0-9]+", "-", slug.encode("ascii", "ignore").decode().lower()).strip("-")[:80]
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:8]
    return corpus_dir / (parts.hostname or "site") / f"{slug or 'page'}-{digest}{suffix}"


def write_markdown(corpus_dir: Path, release: Release) -> tuple[Path, bool]:
    """(path, changed): the release as Markdown with front matter."""
    fields = {
        "title": release.title,
        "date": release.date,
        "publisher": release.publisher,
        "source": release.url,
    }
    header = "".join(f"{key}: {_field(value)}\n" for key, value in fields.items() if value)
    return _write(
        release_path(corpus_dir, release.url, ".md"), f"---\n{header}---\n\n{release.text}\n".encode()
    )


def write_pdf(corpus_dir: Path, url: str, body: bytes, listed: Link | None) -> tuple[Path, bool]:
    """(path, changed): the PDF as served, its official address and what the listing said in a sidecar."""
    path = release_path(corpus_dir, url, ".pdf")
    meta = {"source": url, "title": listed.title if listed else "", "date": listed.date if listed else ""}
    sidecar = json.dumps({k: v for k, v in meta.items() if v}, ensure_ascii=False, indent=1).encode()
    _, sidecar_changed = _write(path.with_name(path.name + SIDECAR_SUFFIX), sidecar)
    _, changed = _write(path, body)
    return path, changed or sidecar_changed


def _field(value: str) -> str:
    return " ".join(str(value).split())


def _write(path: Path, data: bytes) -> tuple[Path, bool]:
    if path.exists() and path.read_bytes() == data:
        return path, False
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name("." + path.name + ".tmp")  # hidden: never read by an ingestion
    temporary.write_bytes(data)
    temporary.replace(path)
    return path, True
