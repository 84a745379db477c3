"""The links the console gives: to the other apps of the same server, as the same facilitator."""
from __future__ import annotations

import html
from dataclasses import dataclass
from urllib.parse import urlencode


@dataclass(frozen=True)
class Links:
    """Links from the console to the other apps (relative to the console's own page, so they
    work behind any host name or prefix): facilitator apps carry the facilitator's ``key`` and
    the console's language; participants' links carry no language (each phone opens in its
    browser's language, and the person may change it); every link carries the server's
    ``token`` when the console's own link had one (a phone opening a shared link needs it)."""

    key: str = ""
    language: str = "en"
    token: str = ""

    def app(self, name: str, *, facilitator: bool = True, **params: str) -> str:
        """``name.ipynb?…``; ``facilitator=False`` for the participants' apps (no key).

        >>> Links("K", "sw").app("triage", round="r1")
        'triage.ipynb?key=K&lang=sw&round=r1'
        >>> Links("K", "sw", token="T").app("vote", facilitator=False, code="ABC123")
        'vote.ipynb?token=T&code=ABC123'
        """
        pairs = {"token": self.token, "key": self.key if facilitator else "",
                 "lang": self.language if facilitator else "", **params}
        query = urlencode({k: v for k, v in pairs.items() if v})
        return f"{name}.ipynb" + (f"?{query}" if query else "")

    def anchor(self, label: str, name: str, *, css: str = "wb-console-link", facilitator: bool = True,
               **params: str) -> str:
        """An ``<a>`` to the app, opened in a new tab (the console stays open).

        >>> Links("K").anchor("Triage <all>", "triage")
        '<a class="wb-console-link" href="triage.ipynb?key=K&amp;lang=en" target="_blank" rel="noopener">Triage &lt;all&gt;</a>'
        """
        return (f'<a class="{html.escape(css)}" href="{html.escape(self.app(name, facilitator=facilitator, **params))}"'
                f' target="_blank" rel="noopener">{html.escape(label)}</a>')
