"""The privacy panel of the participant apps, bound to a screen's store and participant.

A screen has ``store``, ``participant``, ``watcher`` and a ``language``; it passes ``relabel(tag)``
that switches its own widgets to a language without rebuilding them (drafts stay).
"""
from __future__ import annotations

from collections.abc import Callable

from workbench.store.erasure import erase_participant, my_data, my_data_text
from workbench.store.participants import update_language
from workbench.widgets.privacy_panel import PrivacyPanel


def privacy_panel(screen, relabel: Callable[[str], None], code: str | None = None) -> PrivacyPanel:
    """A PrivacyPanel for ``screen``'s participant (``code``: a new return code to show once)."""
    def switch(language: str) -> None:
        screen.participant = update_language(screen.store, screen.participant["id"], language)
        panel.set_language(language)
        relabel(language)

    def erase() -> None:
        erase_participant(screen.store, screen.participant["id"])
        screen.participant = None
        screen.watcher.stop()
        screen.children = [screen.children[0], panel]

    panel = PrivacyPanel(on_language=switch, load=lambda: my_data_text(my_data(screen.store, screen.participant["id"])),
                         on_erase=erase, language=screen.participant["language"])
    if code:
        panel.show_return_code(code)
    return panel
