"""What the last runs learned of each address: HTTP validators (ETag, Last-Modified) for conditional
requests, the hash of what was written, where it was written, and the releases a listing gave. Kept
as JSON beside the index, replaced atomically, so a killed run leaves the previous state whole."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

FILE_NAME = "fetch-state.json"


@dataclass
class Seen:
    etag: str = ""
    last_modified: str = ""
    sha256: str = ""  # of the content last downloaded
    path: str = ""  # the corpus file written from it (releases)
    links: list[str] = field(default_factory=list)  # the releases it lists (feeds, sitemaps)


class FetchState:
    def __init__(self, path: Path, seen: dict[str, Seen]):
        self.path = path
        self.seen = seen

    @classmethod
    def load(cls, index_dir: Path) -> FetchState:
        path = index_dir / FILE_NAME
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            seen = {url: Seen(**entry) for url, entry in raw.items()}
        except (OSError, ValueError, TypeError):
            seen = {}  # none yet, or unreadable: every address is fetched again (nothing is lost)
        return cls(path, seen)

    def get(self, url: str) -> Seen:
        """The entry of `url`, created empty if new: changes to it are saved with the state."""
        return self.seen.setdefault(url, Seen())

    def save(self) -> None:
        data = {url: asdict(entry) for url, entry in sorted(self.seen.items())}
        _replace(self.path, json.dumps(data, ensure_ascii=False, indent=1))


PENDING_FILE = "fetch-pending.json"


class Pending:
    """Releases written to the corpus and not yet indexed (the ingestion was locked out, or killed):
    kept beside the index until an ingestion takes them, so a page is never counted as done before it
    is searchable."""

    def __init__(self, index_dir: Path):
        self.path = index_dir / PENDING_FILE

    def load(self) -> list[Path]:
        try:
            return [Path(p) for p in json.loads(self.path.read_text(encoding="utf-8"))]
        except (OSError, ValueError, TypeError):
            return []

    def save(self, paths: list[Path]) -> None:
        if not paths:
            self.path.unlink(missing_ok=True)
            return
        _replace(self.path, json.dumps(sorted({str(p) for p in paths}), ensure_ascii=False))


def _replace(path: Path, text: str) -> None:
    """Write `text` to `path` atomically: a killed run leaves the previous file whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
