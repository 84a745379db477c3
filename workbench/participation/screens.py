"""What every participant app does around its own screen: joining, coming back, and privacy.

:class:`ParticipantScreen` is the base of the visioning, feedback and vote apps. Before the app's
own screen it shows the join panel (code → language → pseudonym → consent → demographics, or "I
have a return code", or straight back in with the return code this phone remembers); it writes
the participant (or finds her again), issues her return code, and afterwards adds the privacy
panel (language, "My data" with her answers about each use of her words, which she may change
there, "Withdraw and erase"). A new return code is shown at the top, with a "copy" button and
the choice "remember me on this phone" (off by default: phones are shared); with it on, the
code is remembered on the phone for the session (a cookie kept 12 hours, see
:func:`workbench.ui.page.remember_html`), so that a reload or a server restart brings her back
without retyping it; turning it off or erasing her data forgets it.

A subclass says how a join code finds its session (:meth:`find_session`), builds its own screen
once someone is in (:meth:`enter`), and relabels its widgets in another language without
rebuilding them, so drafts stay (:meth:`relabel`).
"""
from __future__ import annotations

import html

from collections.abc import Mapping

import ipywidgets as widgets

from workbench.participation.store.erasure import erase_participant, my_record
from workbench.participation.store.participants import add_consent, join_session, latest_consent, update_language
from workbench.participation.store.return_codes import issue_return_code, resume_participant
from workbench.participation.widgets.join import JoinPanel
from workbench.participation.widgets.privacy_panel import PrivacyPanel
from workbench.participation.widgets.return_code import ReturnCodeCard
from workbench.store import Store
from workbench.ui.page import remember_html
from workbench.ui.style import full_width, stylesheet


class ParticipantScreen(widgets.VBox):
    """A participant app: the join panel, then the app's screen (:meth:`enter`) and the privacy panel.

    ``styles`` are the app's stylesheet widgets after the shared one; they stay on the page after
    the person erased her data. :attr:`head` (the stylesheets, then the place of her return-code
    card) begins the page at every step: a subclass sets ``children = [*self.head, …]``. The card
    goes into that place rather than into the page's list, because a browser redraws every widget
    after the first one inserted into a list: the whole app, just when she starts to use it.
    ``code`` (from the link) goes straight to the language step; ``remembered`` maps join codes
    to the return codes this phone remembers.
    """

    def __init__(self, store: Store, *, code: str = "", language: str = "en",
                 remembered: Mapping[str, str] | None = None, styles: tuple[widgets.Widget, ...] = ()):
        super().__init__(layout=full_width())
        self.add_class("wb-app")
        self.add_class("wb-participant")     # body text at 16 px at least (ui/style.py)
        self.store, self.language = store, language
        self.participant: dict | None = None
        self.privacy: PrivacyPanel | None = None
        self.styles = (stylesheet(), *styles)
        self.join = JoinPanel(self.find_session, self._join, code=code, language=language,
                              on_resume=self._resume, remembered=remembered)
        self._memory = widgets.HTML()
        self.return_card: ReturnCodeCard | None = None
        self.return_slot = widgets.VBox(layout=full_width())
        self.return_slot.add_class("wb-return-slot")
        self.head = (*self.styles, self.return_slot)
        self.intro = widgets.HTML(layout=full_width())
        self.intro.add_class("wb-intro")
        self.join.observe(lambda _change: self._show_intro(), names="language")
        self._show_intro()

    def _show_intro(self) -> None:
        """What the app is for, in the language the join panel speaks (shown until she joined)."""
        text = self.intro_text(self.join.language)
        self.intro.value = f'<p class="wb-intro-text">{html.escape(text)}</p>' if text else ""

    def start(self, code: str) -> None:
        """With a code in the link, go straight to the language (or back in, if remembered)."""
        if code:
            self.join.code_button.click()

    # -- what a subclass provides -------------------------------------------------------------
    def find_session(self, code: str) -> Mapping:
        """The session a join code opens (raise a WorkbenchError if none, or the wrong kind)."""
        raise NotImplementedError

    def intro_text(self, language: str) -> str:
        """One or two sentences saying what the app is for, in ``language`` (above the join panel)."""
        return ""

    def session_id(self, session: Mapping) -> int:
        """The ``sessions`` row of what :meth:`find_session` returned."""
        return session["id"]

    def on_joined(self, participant: dict) -> None:
        """Called inside the joining transaction (a vote link's working group, say)."""

    def enter(self, session: Mapping) -> None:
        """Build the app's own screen for :attr:`participant`."""
        raise NotImplementedError

    def relabel(self, language: str) -> None:
        """Show the app's own widgets in ``language`` (what is being typed stays)."""
        raise NotImplementedError

    # -- joining and coming back -----------------------------------------------------------
    def _join(self, session: Mapping, answers) -> None:
        with self.store.transaction():
            self.participant = join_session(self.store, self.session_id(session), answers)
            self.on_joined(self.participant)
        self._enter(session, issue_return_code(self.store, self.participant["id"]))

    def _resume(self, session: Mapping, return_code: str) -> None:
        self.participant = resume_participant(self.store, self.session_id(session), return_code)
        self._enter(session, None)

    def _enter(self, session: Mapping, return_code: str | None) -> None:
        self.language = self.join.language = self.participant["language"]
        self.enter(session)
        consent = latest_consent(self.store, self.participant["id"])
        self.privacy = PrivacyPanel(on_language=self._switch_language, load=self._my_data,
                                    on_erase=self._erase, language=self.language,
                                    consent=consent["answers"] if consent else None,
                                    on_consent=self._change_consent)
        self.privacy.children = [*self.privacy.children, self._memory]
        self.children = [*self.children, self.privacy]
        if return_code:
            self.return_card = ReturnCodeCard(return_code, lambda on: self._remember(return_code if on else None),
                                              language=self.language)
            self.return_slot.children = [self.return_card]

    def _remember(self, return_code: str | None) -> None:
        """Remember her return code on this phone (she chose to), or forget it."""
        self._memory.value = remember_html(self._join_code(), return_code)

    def _join_code(self) -> str:
        return str((self.join.session or {}).get("code", ""))

    # -- language, my data, withdrawal ------------------------------------------------------
    def _switch_language(self, language: str) -> None:
        self.participant = update_language(self.store, self.participant["id"], language)
        self.privacy.set_language(language)
        if self.return_card is not None:
            self.return_card.relabel(language)
        self.language = self.join.language = language
        self.relabel(language)

    def _change_consent(self, answers: dict) -> None:
        """Record her new answers about the uses of her words, to the consent text she agreed to."""
        consent = latest_consent(self.store, self.participant["id"])
        add_consent(self.store, self.participant["id"], consent["version"], answers)

    def _my_data(self) -> dict:
        """Her record for her "My data" page (plain values: no ids, nobody else's)."""
        return my_record(self.store, self.participant["id"])

    def _erase(self) -> None:
        erase_participant(self.store, self.participant["id"])
        self.participant = None
        watcher = getattr(self, "watcher", None)
        if watcher is not None:
            watcher.stop()
        self._memory.value = remember_html(self._join_code(), None)
        self.return_slot.children = []
        self.children = [*self.head, self.privacy]
