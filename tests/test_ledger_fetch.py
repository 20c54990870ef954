"""Ingest by URL against a real local HTTP server: pages, feeds, redirects, limits, address checks."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import text

from claimledger.ledger import Ledger
from claimledger.ledger.fetch import FetchError, check_address, fetch

PAGE = """<!DOCTYPE html><html><head><title>{title}</title></head><body>
<nav>Home | World | Sport</nav>
<article><h1>{title}</h1>
<p>{lead}</p>
<p>The fighting near the ridge continued through the night, residents of the valley said, and the
roads to the north stayed closed to traffic for a second day while crews cleared the debris.</p>
<p>Aid groups said they were preparing shelters in the market town for families leaving the area.</p>
</article><footer>Copyright The Northern Courier</footer></body></html>"""

PAGES = {
    "/a.html": PAGE.format(
        title="Minister gives toll",
        lead="Defence Minister Ilsa Marren said on Monday that 300 Varan soldiers had been wounded near "
             "the ridge in Tesk Province."),
    "/b.html": PAGE.format(
        title="Staff disputes toll",
        lead="The Varan general staff said on Tuesday that fewer than 100 soldiers had been wounded in "
             "Tesk Province."),
}

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Northern Courier</title><link>{base}/</link>
<item><title>Minister gives toll</title><link>{base}/a.html</link>
  <pubDate>Mon, 02 Feb 2026 09:00:00 GMT</pubDate></item>
<item><title>Staff disputes toll</title><link>{base}/moved</link>
  <pubDate>Tue, 03 Feb 2026 09:00:00 GMT</pubDate></item>
</channel></rss>"""


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        if self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/b.html")
            self.end_headers()
            return
        if self.path == "/feed.xml":
            body, ctype = FEED.format(base=base).encode(), "application/rss+xml"
        elif self.path == "/big":
            body, ctype = b"x" * 50_000, "text/html"
        elif self.path in PAGES:
            body, ctype = PAGES[self.path].encode(), "text/html; charset=utf-8"
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.end_headers()  # no Content-Length: the size limit must hold while reading
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_private_and_non_http_addresses_are_refused() -> None:
    for url in ("http://127.0.0.1/x", "http://10.1.2.3/", "http://169.254.169.254/latest", "http://[::1]/"):
        with pytest.raises(FetchError, match="--allow-private"):
            check_address(url)
    with pytest.raises(FetchError, match="only http"):
        check_address("ftp://example.org/file", allow_private=True)
    check_address("http://127.0.0.1/x", allow_private=True)


def test_size_limit_and_http_errors(server: str) -> None:
    with pytest.raises(FetchError, match="over the limit"):
        fetch(f"{server}/big", allow_private=True, max_bytes=10_000)
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch(f"{server}/missing", allow_private=True)
    assert fetch(f"{server}/moved", allow_private=True).url == f"{server}/b.html"


def test_feed_ingest_fetches_each_entry_once(server: str, tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.db") as ledger:
        refused = ledger.ingest([f"{server}/feed.xml"])
        assert (refused.new, refused.failed) == (0, 1)
        assert "--allow-private" in refused.failures[0].reason

        first = ledger.ingest([f"{server}/feed.xml"], allow_private=True)
        assert (first.new, first.failed) == (2, 0), first.failures
        again = ledger.ingest([f"{server}/feed.xml", f"{server}/a.html"], allow_private=True)
        assert (again.new, again.duplicate) == (0, 3)
        with ledger.session() as s:
            query = text("SELECT url, title, outlet, published, text FROM articles ORDER BY url")
            rows = s.execute(query).all()
    assert [(r.url, r.title, r.outlet, r.published) for r in rows] == [
        (f"{server}/a.html", "Minister gives toll", "Northern Courier", "2026-02-02"),
        (f"{server}/b.html", "Staff disputes toll", "Northern Courier", "2026-02-03"),
    ]
    assert "Ilsa Marren" in rows[0].text and "Home | World" not in rows[0].text
