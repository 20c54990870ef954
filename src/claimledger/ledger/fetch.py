"""Fetching articles by URL: pages (main text by trafilatura at extraction) and RSS/Atom feeds.

Only http(s). Every hop of a redirect is checked: private, loopback, link-local and other
non-public addresses are refused unless ``allow_private``. Bodies are read with a time-out
and cut off at ``max_bytes``. (A host that resolves differently between the check and the
connection is not caught; run ingests of untrusted URLs where that does not matter.)
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

TIMEOUT_S = 20.0
MAX_BYTES = 10_000_000
MAX_REDIRECTS = 5
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
              "text/xml", "application/feed+json")
USER_AGENT = "claimledger (+https://github.com/claimledger)"


class FetchError(Exception):
    """A URL that could not be fetched; the message says why."""


@dataclass
class Fetched:
    url: str  # after redirects
    content_type: str
    body: bytes

    def text(self) -> str:
        return self.body.decode(_charset(self.content_type) or "utf-8", errors="replace")

    @property
    def is_feed(self) -> bool:
        if self.content_type.split(";")[0].strip().lower() in FEED_TYPES:
            return True
        head = self.body[:1000].lstrip().lower()
        return head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head)


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip('"')
    return None


def check_address(url: str, *, allow_private: bool = False) -> None:
    """Raise FetchError unless ``url`` is http(s) to a host with only public addresses."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"{url}: only http:// and https:// URLs can be ingested")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    except socket.gaierror as exc:
        raise FetchError(f"{url}: cannot resolve {parts.hostname} ({exc.strerror})") from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address.is_global or address.is_multicast:
            raise FetchError(
                f"{url}: {parts.hostname} is a private, loopback or link-local address ({address}); "
                f"pass --allow-private to fetch it anyway"
            )


def fetch(url: str, *, allow_private: bool = False, timeout: float = TIMEOUT_S,
          max_bytes: int = MAX_BYTES) -> Fetched:
    """GET ``url`` following up to MAX_REDIRECTS redirects, each hop checked."""
    with httpx.Client(timeout=timeout, follow_redirects=False, headers={"User-Agent": USER_AGENT}) as client:
        for _ in range(MAX_REDIRECTS + 1):
            check_address(url, allow_private=allow_private)
            try:
                with client.stream("GET", url) as response:
                    if response.is_redirect and "location" in response.headers:
                        url = urljoin(url, response.headers["location"])
                        continue
                    if response.status_code >= 400:
                        raise FetchError(f"{url}: HTTP {response.status_code}")
                    declared = response.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > max_bytes:
                        raise FetchError(f"{url}: {declared} bytes, over the limit of {max_bytes}")
                    chunks, size = [], 0
                    for chunk in response.iter_bytes():
                        size += len(chunk)
                        if size > max_bytes:
                            raise FetchError(f"{url}: more than {max_bytes} bytes, over the limit")
                        chunks.append(chunk)
                    content_type = response.headers.get("content-type", "")
                    return Fetched(str(response.url), content_type, b"".join(chunks))
            except httpx.HTTPError as exc:
                raise FetchError(f"{url}: {type(exc).__name__}: {exc}") from None
    raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")


def feed_entries(fetched: Fetched) -> list[dict[str, Any]]:
    """The entries of an RSS/Atom feed: link, title and published date (YYYY-MM-DD) when given."""
    import feedparser

    parsed = feedparser.parse(fetched.body)
    if parsed.bozo and not parsed.entries:
        raise FetchError(f"{fetched.url}: not a readable feed ({parsed.get('bozo_exception')})")
    outlet = parsed.feed.get("title")
    entries = []
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            continue
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        entries.append({
            "url": urljoin(fetched.url, link),
            "title": entry.get("title"),
            "published": f"{when.tm_year:04d}-{when.tm_mon:02d}-{when.tm_mday:02d}" if when else None,
            "outlet": outlet,
        })
    return entries


def url_records(url: str, *, allow_private: bool = False, timeout: float = TIMEOUT_S,
                max_bytes: int = MAX_BYTES) -> Iterator[dict[str, Any] | FetchError]:
    """``extract_many`` records for a page URL, or for every entry of a feed URL."""
    try:
        fetched = fetch(url, allow_private=allow_private, timeout=timeout, max_bytes=max_bytes)
    except FetchError as exc:
        yield exc
        return
    if not fetched.is_feed:
        yield {"html": fetched.text(), "url": fetched.url, "id": url}
        return
    try:
        entries = feed_entries(fetched)
    except FetchError as exc:
        yield exc
        return
    for entry in entries:
        try:
            page = fetch(entry["url"], allow_private=allow_private, timeout=timeout, max_bytes=max_bytes)
        except FetchError as exc:
            yield exc
            continue
        record = {k: v for k, v in entry.items() if v is not None}
        yield {**record, "html": page.text(), "url": page.url, "id": entry["url"]}
