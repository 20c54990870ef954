"""Reading articles from files: plain text, HTML, JSON lines (optionally gzipped), stdin.

``read_path`` yields article dicts in the form ``claimledger.extract_many`` takes. Bad input
raises ``InputError`` with a message that names the file (and line) and says what to do.
"""

from __future__ import annotations

import gzip
import json
import logging
import re
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import InputError

log = logging.getLogger(__name__)

STDIN = "-"
TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")
SUPPORTED = ", ".join(TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES)
# Keys of a JSON lines record that extract_many reads; others are dropped.
RECORD_KEYS = ("id", "text", "html", "url", "title", "outlet", "published")
BINARY_SNIFF_BYTES = 8192
HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)

ErrorCallback = Callable[[InputError], None]


def read_path(
    path: str | Path, *, keep_going: bool = False, on_error: ErrorCallback | None = None
) -> Iterator[dict[str, Any]]:
    """Articles in a file, as dicts for ``extract_many``; ``"-"`` reads plain text from stdin.

    The file itself is checked at once (missing, a directory, unknown type); its contents
    as they are read. With ``keep_going``, a bad JSON line is passed to ``on_error`` (by
    default logged as a warning) and reading goes on with the next line.
    """
    if str(path) == STDIN:
        return iter([_text_record(sys.stdin.buffer.read(), "<stdin>")])
    path = Path(path)
    name = str(path)
    if not path.exists():
        raise InputError(f"{name}: no such file. Check the path (use - to read text from stdin).")
    if path.is_dir():
        raise InputError(
            f"{name} is a directory: give one file (for many articles, a .jsonl file with one per line)."
        )
    kind = _kind(path)
    if kind == "text":
        return iter([_text_record(_read_bytes(path), name)])
    if kind == "html":
        return iter([{"html": _decode_html(_read_bytes(path), name)}])
    handler = on_error if on_error is not None else _log_error
    return _read_jsonl(path, keep_going, handler)


def holds_many(path: str | Path) -> bool:
    """Whether ``path`` is a JSON lines file (many articles) rather than one article."""
    return str(path) != STDIN and Path(path).name.lower().endswith(JSONL_SUFFIXES)


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 text (a leading byte-order mark dropped), or an InputError that says how to convert it."""
    if b"\x00" in data:
        raise InputError(
            f"{name} contains NUL bytes: it is binary data, not text (or UTF-16 text: convert "
            f"that with `iconv -f UTF-16 -t UTF-8 {name} > {_stem(name)}.utf8.txt`)."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name} is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}): convert it "
            f"with `iconv -f WINDOWS-1252 -t UTF-8 {name} > {_stem(name)}.utf8.txt`, putting the "
            f"file's real encoding in place of WINDOWS-1252."
        ) from None


def _kind(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(HTML_SUFFIXES):
        return "html"
    if name.endswith(TEXT_SUFFIXES):
        return "text"
    suffix = "".join(path.suffixes) or "(none)"
    raise InputError(
        f"{path}: unknown file type {suffix}. claimledger reads {SUPPORTED}, or - for text on "
        f"stdin; rename a plain-text file to .txt."
    )


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read it ({exc.strerror}). Check its permissions.") from None


def _text_record(data: bytes, name: str) -> dict[str, Any]:
    return {"text": decode_text(data, name)}


def _decode_html(data: bytes, name: str) -> str:
    try:
        return decode_text(data, name)
    except InputError:
        # An HTML page may declare another encoding; offsets point into the extracted text, so that is safe.
        declared = HTML_CHARSET.search(data[:BINARY_SNIFF_BYTES])
        if declared is None or b"\x00" in data:
            raise
        try:
            return data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            raise InputError(
                f"{name} declares charset {declared.group(1).decode('ascii')!r} but does not decode "
                f"with it: convert it to UTF-8 with iconv."
            ) from None


def _log_error(error: InputError) -> None:
    log.warning("skipped: %s", error)


def _open_lines(path: Path) -> BinaryIO:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def _read_jsonl(path: Path, keep_going: bool, on_error: ErrorCallback) -> Iterator[dict[str, Any]]:
    name = str(path)
    try:
        with _open_lines(path) as handle:
            yield from _records(_numbered(handle, name), name, keep_going, on_error)
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise InputError(
            f"{name} is not a complete gzip file ({exc}): check the download, or drop the .gz "
            f"suffix if it is not compressed."
        ) from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read it ({exc.strerror or exc}).") from None


def _numbered(handle: BinaryIO, name: str) -> Iterator[tuple[int, bytes]]:
    head = handle.peek(BINARY_SNIFF_BYTES)[:BINARY_SNIFF_BYTES] if hasattr(handle, "peek") else b""
    if b"\x00" in head:
        raise InputError(f"{name} contains NUL bytes: it is binary data, not JSON lines.")
    yield from enumerate(handle, start=1)


def _records(
    lines: Iterable[tuple[int, bytes]], name: str, keep_going: bool, on_error: ErrorCallback
) -> Iterator[dict[str, Any]]:
    for number, raw in lines:
        if not raw.strip():
            continue
        try:
            yield parse_jsonl_line(raw, name, number)
        except InputError as error:
            if not keep_going:
                raise
            on_error(error)


def parse_jsonl_line(raw: bytes | str, name: str, number: int) -> dict[str, Any]:
    """One JSON lines record checked and trimmed to the keys ``extract_many`` reads."""
    where = f"{name}, line {number}"
    try:
        line = raw.decode("utf-8-sig" if number == 1 else "utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError:
        raise InputError(f"{where}: not UTF-8 text. Convert the file to UTF-8 (iconv) and retry.") from None
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{where}: invalid JSON ({exc.msg} at column {exc.colno}). Each line must be one JSON "
            f"object; fix or remove that line, or pass --keep-going to skip bad lines."
        ) from None
    if not isinstance(value, dict):
        raise InputError(
            f'{where}: a JSON {type(value).__name__}, not an object with a "text" or "html" key.'
        )
    text, html = value.get("text"), value.get("html")
    if not isinstance(text, str) and not isinstance(html, str):
        raise InputError(
            f'{where}: no "text" or "html" string. Each line needs the article as '
            f'{{"text": "..."}} or {{"html": "..."}} (with optional id, url, title, outlet, published).'
        )
    for key in ("url", "title", "outlet", "published"):
        if value.get(key) is not None and not isinstance(value[key], str):
            raise InputError(f'{where}: "{key}" must be a string or null.')
    record = {key: value[key] for key in RECORD_KEYS if value.get(key) is not None}
    if not isinstance(text, str):
        record.pop("text", None)
    return record


def _stem(name: str) -> str:
    return Path(name).stem if name != "<stdin>" else "stdin"
