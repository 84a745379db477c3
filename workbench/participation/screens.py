"""The privacy panel of the participant apps, bound to a screen's store and participant.

A screen has ``store``, ``participant``, ``watcher`` and a ``language``; it passes ``relabel(tag)``
that switches its own widgets to a language without rebuilding them (drafts stay).
"""
from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from workbench.ui.page import remember_html

from workbench.participation.store.erasure import erase_participant, my_data, my_data_text
from workbench.participation.store.participants import update_language
from workbench.participation.widgets.privacy_panel import PrivacyPanel


def privacy_panel(screen, relabel: Callable[[str], None], code: str | None = None) -> PrivacyPanel:
    """A PrivacyPanel for ``screen``'s participant (``code``: a new return code to show once).

    A new return code is also remembered on the person's phone for the session (a cookie kept
    12 hours, see :func:`workbench.ui.page.remember_html`), so that a reload or a server
    restart brings her back without retyping it; erasing her data forgets it.
    """
    session_code = str((getattr(screen.join, "session", None) or {}).get("code", ""))
    memory = widgets.HTML(remember_html(session_code, code) if code and session_code else "")

    def switch(language: str) -> None:
        screen.participant = update_language(screen.store, screen.participant["id"], language)
        panel.set_language(language)
        relabel(language)

    def erase() -> None:
        erase_participant(screen.store, screen.participant["id"])
        screen.participant = None
        screen.watcher.stop()
        if session_code:
            memory.value = remember_html(session_code, None)
        screen.children = [screen.children[0], panel]

    panel = PrivacyPanel(on_language=switch, load=lambda: my_data_text(my_data(screen.store, screen.participant["id"])),
                         on_erase=erase, language=screen.participant["language"])
    if code:
        panel.show_return_code(code)
    panel.children = [*panel.children, memory]
    return panel
