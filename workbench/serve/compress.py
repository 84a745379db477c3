"""Compressed responses, without a proxy: gzip, or brotli where the ``brotli`` package is installed.

Tornado compresses only when ``compress_response`` is set when its ``Application`` is made;
Voila applies its ``tornado_settings`` after that, which is why Voila's own setting has no
effect. :class:`CompressedResponse` is given to the application as its output transform
(:meth:`workbench.serve.app.MeetingVoila.init_settings`) and differs from tornado's
``GZipContentEncoding`` in three ways:

- brotli (``br``) when the browser accepts it and ``brotli`` can be imported (it is not a
  dependency: Chromium asks for ``br`` only over HTTPS), else gzip;
- a static file (a response that carries ``Last-Modified``) is compressed once, at a higher
  level, and kept in memory (:data:`CACHE_BYTES` at most): at 30 people opening an app at
  once, re-compressing the same 5 MB of JavaScript for each would cost the server's single
  event loop ~0.15 s a person;
- only complete ``200`` answers to ``GET``/``POST`` are compressed: never a WebSocket's
  ``101``, a ``304``, a range (``206``) or a ``HEAD``.

A page that Voila streams (the loading screen first, the app when its kernel has run) is
flushed as it goes, so the phone still sees the loading screen at once.
"""
from __future__ import annotations

import zlib
from collections import OrderedDict

from tornado.web import OutputTransform

try:   # optional: ``pip install brotli``
    import brotli
except ImportError:   # pragma: no cover - depends on the environment
    brotli = None

#: Content types compressed besides ``text/*`` (wasm, images and fonts are compressed already).
COMPRESSIBLE = {"application/javascript", "application/x-javascript", "application/json",
                "application/xml", "application/xhtml+xml", "application/manifest+json",
                "image/svg+xml"}
#: Smaller complete answers are sent as they are (the headers would eat the gain).
MIN_LENGTH = 1024
#: Levels: (streamed, kept) for gzip (zlib 1–9) and brotli (quality 0–11). Brotli 11 is ~80
#: times slower than 6 for ~14 % less: too slow to run on the event loop even once a file.
GZIP_LEVELS = (6, 9)
BROTLI_QUALITIES = (5, 6)
#: Bytes of compressed static files kept in memory (a participant page needs ~1.3 MB).
CACHE_BYTES = 64 * 1024 * 1024


def accepted_encodings(header: str) -> set[str]:
    """The codings an ``Accept-Encoding`` header accepts (``q=0`` refuses).

    >>> sorted(accepted_encodings("gzip, deflate, br;q=0.5, zstd;q=0"))
    ['br', 'deflate', 'gzip']
    """
    found = set()
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if name and quality > 0:
            found.add(name.strip().lower())
    return found


def choose_encoding(header: str, brotli_available: bool | None = None) -> str | None:
    """``br`` if accepted and available, else ``gzip`` if accepted, else ``None``.

    >>> choose_encoding("gzip, deflate, br", brotli_available=True)
    'br'
    >>> choose_encoding("gzip, deflate, br", brotli_available=False)
    'gzip'
    >>> choose_encoding("identity") is None
    True
    """
    accepted = accepted_encodings(header)
    if brotli_available is None:
        brotli_available = brotli is not None
    if "br" in accepted and brotli_available:
        return "br"
    if "gzip" in accepted or "*" in accepted:
        return "gzip"
    return None


def compressible(content_type: str) -> bool:
    kind = content_type.split(";")[0].strip().lower()
    return kind.startswith("text/") or kind in COMPRESSIBLE


class _Gzip:
    def __init__(self, level: int):
        self._z = zlib.compressobj(level, zlib.DEFLATED, 16 + zlib.MAX_WBITS)

    def process(self, data: bytes, flush: bool) -> bytes:
        out = self._z.compress(data)
        return out + self._z.flush(zlib.Z_SYNC_FLUSH) if flush else out

    def finish(self, data: bytes) -> bytes:
        return self._z.compress(data) + self._z.flush(zlib.Z_FINISH)


class _Brotli:
    def __init__(self, quality: int):
        self._c = brotli.Compressor(quality=quality)

    def process(self, data: bytes, flush: bool) -> bytes:
        out = self._c.process(data)
        return out + self._c.flush() if flush else out

    def finish(self, data: bytes) -> bytes:
        return self._c.process(data) + self._c.finish()


def compressor(encoding: str, kept: bool):
    """A streaming compressor: the higher level for a body that is kept."""
    if encoding == "br":
        return _Brotli(BROTLI_QUALITIES[kept])
    return _Gzip(GZIP_LEVELS[kept])


class CompressedCache:
    """Compressed bodies of static files, least recently used dropped first past ``limit`` bytes.
    Keyed by coding, URL path, ``Last-Modified`` and length: a file changed on disk is
    compressed again."""

    def __init__(self, limit: int = CACHE_BYTES):
        self.limit, self.size = limit, 0
        self._items: OrderedDict[tuple, bytes] = OrderedDict()

    def get(self, key: tuple) -> bytes | None:
        body = self._items.get(key)
        if body is not None:
            self._items.move_to_end(key)
        return body

    def put(self, key: tuple, body: bytes) -> None:
        if len(body) > self.limit:
            return
        old = self._items.pop(key, None)
        if old is not None:
            self.size -= len(old)
        self._items[key] = body
        self.size += len(body)
        while self.size > self.limit:
            _, dropped = self._items.popitem(last=False)
            self.size -= len(dropped)

    def __len__(self) -> int:
        return len(self._items)


CACHE = CompressedCache()


class CompressedResponse(OutputTransform):
    """Tornado output transform: see the module's docstring."""

    cache = CACHE

    def __init__(self, request) -> None:
        self._method = request.method
        self._path = request.path
        self._encoding = choose_encoding(request.headers.get("Accept-Encoding", ""))
        self._compressor = None
        self._mode = "plain"        # plain | stream | keep | cached
        self._kept: list[bytes] = []
        self._key: tuple | None = None

    def transform_first_chunk(self, status_code, headers, chunk, finishing):
        if status_code != 200 or self._method not in ("GET", "POST"):
            return status_code, headers, chunk
        if not compressible(str(headers.get("Content-Type", ""))) or "Content-Encoding" in headers:
            return status_code, headers, chunk
        headers["Vary"] = f"{headers['Vary']}, Accept-Encoding" if "Vary" in headers else "Accept-Encoding"
        if self._encoding is None or (finishing and len(chunk) < MIN_LENGTH):
            return status_code, headers, chunk
        headers["Content-Encoding"] = self._encoding
        if "Last-Modified" in headers and "Content-Length" in headers:
            self._key = (self._encoding, self._path, headers["Last-Modified"], headers["Content-Length"])
            body = self.cache.get(self._key)
            if body is not None:
                self._mode = "cached"
                headers["Content-Length"] = str(len(body))
                return status_code, headers, body
            self._mode = "keep"
        else:
            self._mode = "stream"
        self._compressor = compressor(self._encoding, kept=self._mode == "keep")
        chunk = self.transform_chunk(chunk, finishing)
        if "Content-Length" in headers:
            if finishing:
                headers["Content-Length"] = str(len(chunk))
            else:
                del headers["Content-Length"]
        return status_code, headers, chunk

    def transform_chunk(self, chunk, finishing):
        if self._mode == "plain":
            return chunk
        if self._mode == "cached":
            return b""
        if finishing:
            out = self._compressor.finish(chunk)
        else:
            out = self._compressor.process(chunk, flush=self._mode == "stream")
        if self._mode == "keep":
            self._kept.append(out)
            if finishing:
                self.cache.put(self._key, b"".join(self._kept))
                self._kept = []
        return out
