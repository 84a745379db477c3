"""Downloads from an app: a link that carries the file itself (a ``data:`` URI), so a facilitator
gets a report or an export with no server round trip and nothing written on the server."""
from __future__ import annotations

import base64
import html


def download_link(text: str, name: str, mime: str, label: str, css: str = "wb-download") -> str:
    """An ``<a download>`` that saves ``text`` as the file ``name``.

    >>> download_link("a,b", "x.csv", "text/csv", "Ballots")[:51]
    '<a class="wb-download" download="x.csv" href="data:'
    """
    data = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return (f'<a class="{html.escape(css)}" download="{html.escape(name)}" '
            f'href="data:{mime};charset=utf-8;base64,{data}">{html.escape(label)}</a>')
