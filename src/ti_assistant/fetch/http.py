"""A polite HTTP client for official sites: allow-listed hosts only, robots.txt honoured (protego),
one request at a time per host with a delay, timeouts, a size cap, a content-type check, a bounded
number of redirects (each hop checked again), a clear User-Agent, and conditional requests.

Every refusal is a `FetchError` whose message says in French why, so a run can name each failure and
go on with the rest.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx
from protego import Protego

from ti_assistant.config import Settings
from ti_assistant.errors import TiAssistantError
from ti_assistant.text.french import decimal

MAX_REDIRECTS = 5
# What a release, a feed or a sitemap is served as; anything else (images, archives…) is refused.
ACCEPTED_TYPES = (
    "text/html",
    "application/xhtml+xml",
    "application/pdf",
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/xml",
)


class FetchError(TiAssistantError):
    """One address could not be read; the message says why, in French."""


@dataclass(frozen=True)
class Response:
    url: str  # after redirects
    status: int  # 200, or 304 when the page has not changed since the validators given
    content_type: str
    body: bytes
    etag: str = ""
    last_modified: str = ""


def host_allowed(host: str, allowed: list[str]) -> bool:
    host = host.lower().rstrip(".")
    return any(host == domain or host.endswith("." + domain) for domain in allowed)


class PoliteClient:
    def __init__(self, settings: Settings, client: httpx.Client | None = None):
        self.allowed = settings.fetch_hosts
        self.delay = settings.fetch_delay
        self.max_bytes = int(settings.fetch_max_mb * 1_000_000)
        self.deadline = settings.fetch_timeout  # seconds for a whole request, body included
        self.user_agent = settings.fetch_user_agent
        self.client = client or httpx.Client(
            timeout=settings.fetch_timeout,
            follow_redirects=False,  # followed here, so that each hop is checked
            headers={"User-Agent": self.user_agent},
        )
        self._robots: dict[str, Protego | None] = {}
        self._last_request: dict[str, float] = {}

    def close(self) -> None:
        self.client.close()

    def get(self, url: str, etag: str = "", last_modified: str = "") -> Response:
        """The address's content, after checks; `etag` / `last_modified` make the request conditional."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        for _ in range(MAX_REDIRECTS + 1):
            self._check(url)
            status, found, body = self._request(url, headers)
            if status in (301, 302, 303, 307, 308) and "location" in found:
                url = urljoin(url, found["location"])
                continue
            return self._accept(url, status, found, body)
        raise FetchError(f"plus de {MAX_REDIRECTS} redirections (boucle de redirection ?)")

    def _check(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError("adresse invalide : http:// ou https:// attendu")
        if not host_allowed(parts.hostname, self.allowed):
            raise FetchError(
                f"site hors de la liste autorisée ({parts.hostname}) : ajoutez-le à TI_FETCH_HOSTS s'il est officiel"
            )
        robots = self._robots_for(parts.scheme, parts.netloc)
        if robots is not None and not robots.can_fetch(url, self.user_agent):
            raise FetchError("page interdite aux robots par le robots.txt du site")

    def _robots_for(self, scheme: str, netloc: str) -> Protego | None:
        """The site's robots.txt, read once per run; none (or an error page) allows everything."""
        if netloc not in self._robots:
            try:
                status, _, body = self._request(f"{scheme}://{netloc}/robots.txt", {})
                text = body.decode("utf-8", "replace") if status == 200 else ""
            except FetchError:
                text = ""
            self._robots[netloc] = Protego.parse(text) if text else None
        return self._robots[netloc]

    def _request(self, url: str, headers: dict[str, str]) -> tuple[int, httpx.Headers, bytes]:
        """(status, headers, body) of one GET, the body read up to the size cap."""
        host = urlsplit(url).netloc
        wait = self._last_request.get(host, float("-inf")) + self.delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)  # one request at a time per host, `fetch_delay` apart
        give_up = time.monotonic() + self.deadline  # httpx's timeout bounds each read, not the request
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self.max_bytes:
                    raise FetchError(self._too_large())
                body = bytearray()
                for piece in response.iter_bytes():
                    body += piece
                    if len(body) > self.max_bytes:
                        raise FetchError(self._too_large())
                    if time.monotonic() > give_up:
                        raise FetchError(
                            f"le site n'a pas répondu à temps (page non reçue en {self.deadline:g} s, "
                            "TI_FETCH_TIMEOUT)"
                        )
                return response.status_code, response.headers, bytes(body)
        except httpx.TimeoutException as exc:
            raise FetchError("le site n'a pas répondu à temps (délai dépassé)") from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"le site est injoignable ({type(exc).__name__})") from exc
        finally:
            self._last_request[host] = time.monotonic()

    def _too_large(self) -> str:
        return f"fichier trop volumineux (plus de {decimal(self.max_bytes / 1_000_000, 'g')} Mo, TI_FETCH_MAX_MB)"

    @staticmethod
    def _accept(url: str, status: int, headers: httpx.Headers, body: bytes) -> Response:
        if status == 304:
            return Response(url, 304, "", b"")
        if status != 200:
            raise FetchError(f"le site répond {status}")
        content_type = headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type not in ACCEPTED_TYPES:
            raise FetchError(f"type de contenu non pris en charge : {content_type or 'inconnu'}")
        return Response(
            url, 200, content_type, body, headers.get("etag", ""), headers.get("last-modified", "")
        )
