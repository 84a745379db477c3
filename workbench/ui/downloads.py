"""Downloads from an app: a link that carries the file itself (a ``data:`` URI), so a facilitator
gets a report or an export with no server round trip and nothing written on the server."""
from __future__ import annotations

import base64
import html


def download_link(text: str | bytes, name: str, mime: str, label: str, css: str = "wb-download") -> str:
    """An ``<a download>`` that saves ``text`` as the file ``name``: a ``str`` is saved as UTF-8
    text, ``bytes`` (a database backup, an image) are saved as they are.

    >>> download_link("a,b", "x.csv", "text/csv", "Ballots")[:51]
    '<a class="wb-download" download="x.csv" href="data:'
    >>> download_link(b"SQLite format 3\\x00", "b.db", "application/vnd.sqlite3", "Backup")
    '<a class="wb-download" download="b.db" href="data:application/vnd.sqlite3;base64,U1FMaXRlIGZvcm1hdCAzAA==">Backup</a>'
    """
    if isinstance(text, (bytes, bytearray, memoryview)):
        data, charset = base64.b64encode(bytes(text)).decode("ascii"), ""
    else:
        data, charset = base64.b64encode(text.encode("utf-8")).decode("ascii"), ";charset=utf-8"
    return (f'<a class="{html.escape(css)}" download="{html.escape(name)}" '
            f'href="data:{mime}{charset};base64,{data}">{html.escape(label)}</a>')
