"""The console's "People and data" stage: a person's request to see or erase what she gave, the
database's backup, and the named facilitators.

It does in the browser what ``workbench mydata``, ``workbench erase``, ``workbench backup`` and
``workbench facilitator add|list|revoke`` do, through the same store functions. Erasing and
revoking take two clicks (the second on a red button naming who is concerned). Restoring a
backup is deliberately not offered here: it replaces everyone's data, so it stays a command run
on the server (``workbench restore FILE``). A new facilitator's personal link is shown once.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import re
import tempfile
from pathlib import Path

import ipywidgets as widgets

from workbench.console.links import Links
from workbench.core.errors import WorkbenchError
from workbench.core.i18n import plural_translator, translator
from workbench.participation.store.erasure import erase_participant, find_participant, my_data, my_data_text
from workbench.participation.store.facilitators import (add_facilitator, facilitator_named, list_facilitators,
                                                        revoke_facilitator)
from workbench.store import Store
from workbench.store.backup import backup
from workbench.ui.downloads import download_link
from workbench.ui.style import full_width

CSS = """<style>
.wb-people-data pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f6f6f6; padding: 8px; }
.wb-people-confirm { border: 2px solid #a4001d; border-radius: 6px; padding: 8px; margin: 8px 0; }
.wb-people-new-link { border: 2px solid #0072B2; border-radius: 6px; padding: 8px; margin: 8px 0; }
.wb-people-facilitator { align-items: center; flex-flow: row wrap; }
</style>"""


def _heading(text: str) -> widgets.HTML:
    return widgets.HTML(f"<h3>{html.escape(text)}</h3>")


def _ok(text: str) -> str:
    return f'<p class="wb-ok" role="status">{html.escape(text)}</p>'


def _error(text: str) -> str:
    return f'<p class="wb-error" role="alert">{html.escape(text)}</p>'


def _file_part(text: str) -> str:
    """``"Calm Heron 27"`` → ``"Calm-Heron-27"`` (for a file name; never empty)."""
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-") or "participant"


def _size(n_bytes: int, language: str) -> str:
    """A file size for people: ``"48 KB"``, ``"1.2 MB"`` (decimal separator of the language)."""
    from babel.numbers import format_decimal
    if n_bytes < 1024 * 1024:
        number, unit = max(1, round(n_bytes / 1024)), "KB"
    else:
        number, unit = n_bytes / (1024 * 1024), "MB"
    try:
        shown = format_decimal(number, format="#,##0.#", locale=language)
    except Exception:       # a language Babel does not know: plain digits
        shown = f"{number:.1f}".removesuffix(".0")
    return f"{shown} {unit}"


def _table_labels(language: str) -> dict[str, str]:
    """Plain words for the tables an erasure reports (others are shown by their name)."""
    _ = translator(language)
    return {
        "participants": _("her pseudonym and settings"),
        "consent_records": _("consent answers"),
        "demographics": _("answers about herself"),
        "assisted_agreements": _("how she agreed to be helped"),
        "contributions": _("contributions"),
        "contribution_translations": _("translations of her words"),
        "contribution_tags": _("tags on her contributions"),
        "moderation_events": _("moderation of her contributions"),
        "vision_draft_sources": _("links from vision drafts to her words"),
        "reactions": _("reactions"),
        "feedback_comments": _("comments"),
        "triage_events": _("triage decisions on her comments"),
        "ballots": _("ballots"),
        "comparisons": _("comparisons"),
        "participant_groups": _("opinion groups"),
        "submission_times": _("submission times"),
    }


class PeoplePanel(widgets.VBox):
    """A person's data (show, download, erase), the backup, the named facilitators.

    Widgets a test drives: ``code_input``, ``pseudonym_input``, ``show_button``,
    ``erase_button``, ``confirm_erase_button``, ``cancel_erase_button``, ``data_box`` (her data),
    ``message``; ``backup_button``, ``backup_links``; ``facilitator_name``,
    ``add_facilitator_button``, ``new_link`` (the personal link, shown once),
    ``hide_link_button``, ``facilitators_box``, ``revoke_buttons`` ({name: button}),
    ``confirm_revoke_button``, ``cancel_revoke_button``, ``facilitator_message``.
    """

    def __init__(self, store: Store, *, language: str = "en", links: Links | None = None):
        super().__init__(layout=full_width())
        self.add_class("wb-people")
        self.store, self.language = store, language
        self.links = links or Links(language=language)
        _ = translator(language)
        style = {"description_width": "initial"}

        # -- a person's data ----------------------------------------------------------------
        self.code_input = widgets.Text(description=_("Join code"), placeholder="K7QX4R", style=style,
                                       layout=full_width())
        self.code_input.add_class("wb-people-code")
        self.pseudonym_input = widgets.Text(description=_("Pseudonym"), placeholder="Calm Heron 27", style=style,
                                            layout=full_width())
        self.pseudonym_input.add_class("wb-people-pseudonym")
        self.show_button = widgets.Button(description=_("Show her data"), icon="user",
                                          layout=widgets.Layout(width="auto"))
        self.show_button.add_class("wb-people-show")
        self.erase_button = widgets.Button(description=_("Erase her data"), icon="trash",
                                           layout=widgets.Layout(width="auto"))
        self.erase_button.add_class("wb-people-erase")
        self.confirm_text = widgets.HTML(layout=full_width())
        self.confirm_erase_button = widgets.Button(button_style="danger", layout=widgets.Layout(width="auto"))
        self.confirm_erase_button.add_class("wb-people-confirm-erase")
        self.cancel_erase_button = widgets.Button(description=_("Cancel"), layout=widgets.Layout(width="auto"))
        self.cancel_erase_button.add_class("wb-people-cancel-erase")
        self.confirm_box = widgets.VBox([self.confirm_text, widgets.HBox(
            [self.confirm_erase_button, self.cancel_erase_button], layout=full_width(flex_flow="row wrap"))],
            layout=full_width())
        self.confirm_box.add_class("wb-people-confirm")
        self.message = widgets.HTML(layout=full_width())
        self.message.add_class("wb-people-message")
        self.data_box = widgets.HTML(layout=full_width())
        self.data_box.add_class("wb-people-data")
        self._pending_erase: dict | None = None
        self.show_button.on_click(self.show_data)
        self.erase_button.on_click(self.ask_erase)
        self.confirm_erase_button.on_click(self.erase)
        self.cancel_erase_button.on_click(lambda _b: self._cancel_erase())
        # Another person typed in: a confirmation shown for the previous one no longer holds.
        self.code_input.observe(lambda _c: self._cancel_erase(), names="value")
        self.pseudonym_input.observe(lambda _c: self._cancel_erase(), names="value")

        # -- backup -------------------------------------------------------------------------
        self.backup_button = widgets.Button(description=_("Make a backup"), icon="download",
                                            layout=widgets.Layout(width="auto"))
        self.backup_button.add_class("wb-people-backup")
        self.backup_links = widgets.HTML(layout=full_width())
        self.backup_links.add_class("wb-people-backup-links")
        self.backup_button.on_click(self.make_backup)

        # -- facilitators -------------------------------------------------------------------
        self.facilitators_box = widgets.VBox(layout=full_width())
        self.facilitators_box.add_class("wb-people-facilitators")
        self.revoke_buttons: dict[str, widgets.Button] = {}
        self.confirm_revoke_text = widgets.HTML(layout=full_width())
        self.confirm_revoke_button = widgets.Button(button_style="danger", layout=widgets.Layout(width="auto"))
        self.confirm_revoke_button.add_class("wb-people-confirm-revoke")
        self.cancel_revoke_button = widgets.Button(description=_("Cancel"), layout=widgets.Layout(width="auto"))
        self.cancel_revoke_button.add_class("wb-people-cancel-revoke")
        self.confirm_revoke_box = widgets.VBox([self.confirm_revoke_text, widgets.HBox(
            [self.confirm_revoke_button, self.cancel_revoke_button], layout=full_width(flex_flow="row wrap"))],
            layout=full_width())
        self.confirm_revoke_box.add_class("wb-people-confirm")
        self._pending_revoke: str | None = None
        self.confirm_revoke_button.on_click(self.revoke)
        self.cancel_revoke_button.on_click(lambda _b: self._cancel_revoke())
        self.facilitator_name = widgets.Text(description=_("Name"), placeholder=_("Amina (working group 3)"),
                                             style=style, layout=full_width())
        self.facilitator_name.add_class("wb-people-facilitator-name")
        self.add_facilitator_button = widgets.Button(description=_("Add a facilitator"), icon="plus",
                                                     layout=widgets.Layout(width="auto"))
        self.add_facilitator_button.add_class("wb-people-add-facilitator")
        self.add_facilitator_button.on_click(self.add)
        self.new_link = widgets.HTML(layout=full_width())
        self.new_link.add_class("wb-people-new-link")
        self.hide_link_button = widgets.Button(description=_("I have sent it: hide the link"),
                                               layout=widgets.Layout(width="auto"))
        self.hide_link_button.add_class("wb-people-hide-link")
        self.hide_link_button.on_click(lambda _b: self._hide_link())
        self.new_link_box = widgets.VBox([self.new_link, self.hide_link_button], layout=full_width())
        self.facilitator_message = widgets.HTML(layout=full_width())
        self.facilitator_message.add_class("wb-people-facilitator-message")

        row = dict(flex_flow="row wrap", align_items="center")
        self.children = [
            widgets.HTML(CSS),
            _heading(_("A person's data")),
            widgets.HTML("<p class=\"wb-note\">" + html.escape(_(
                "When a person asks to see or erase what she gave: the join code of her session and "
                "her pseudonym, as she gives them.")) + "</p>"),
            self.code_input, self.pseudonym_input,
            widgets.HBox([self.show_button, self.erase_button], layout=full_width(**row)),
            self.confirm_box, self.message, self.data_box,
            _heading(_("Backup")),
            widgets.HTML("<p class=\"wb-note\">" + html.escape(_(
                "A copy of the whole database, made safely while the apps are running. It holds "
                "everything people gave: keep it somewhere safe.")) + "</p>"),
            self.backup_button, self.backup_links,
            _heading(_("Facilitators")),
            self.facilitators_box, self.confirm_revoke_box,
            self.facilitator_name, self.add_facilitator_button,
            self.facilitator_message, self.new_link_box]
        self._cancel_erase()
        self._cancel_revoke()
        self._hide_link()
        self.refresh()

    def refresh(self) -> None:
        """Re-read the facilitators; what is being typed, shown or confirmed stays."""
        self._show_facilitators()

    # -- a person's data --------------------------------------------------------------------
    def _find(self) -> dict | None:
        """The participant the fields name, else None (the store's refusal said)."""
        try:
            return find_participant(self.store, self.code_input.value, self.pseudonym_input.value)
        except WorkbenchError as refusal:
            self.message.value = _error(str(refusal))
            self.data_box.value = ""
            return None

    def show_data(self, _button=None) -> None:
        """Her data as text, and as a JSON file to give her."""
        _ = translator(self.language)
        self._cancel_erase()
        self.message.value = ""
        found = self._find()
        if found is None:
            return
        data = my_data(self.store, found["id"])
        name = f"my-data-{_file_part(self.code_input.value.upper())}-{_file_part(found['pseudonym'])}.json"
        link = download_link(json.dumps(data, ensure_ascii=False, indent=2, default=str), name, "application/json",
                             _("Download her data (JSON)"), "wb-people-download-json")
        self.data_box.value = (f"<p>{link}</p>"
                               f'<pre class="wb-data">{html.escape(my_data_text(data))}</pre>')

    def ask_erase(self, _button=None) -> None:
        """The first click: say what would be erased and show the red confirmation."""
        _ = translator(self.language)
        ngettext = plural_translator(self.language)
        self.message.value = ""
        found = self._find()
        if found is None:
            self._cancel_erase()
            return
        rows = sum(len(r) for r in my_data(self.store, found["id"])["tables"].values()) + 1
        self.confirm_text.value = "<p>" + html.escape(ngettext(
            "This erases %(name)s and everything she gave in this session (%(n)d row), for good. "
            "Numbers already published are not changed; backups made before now still hold her data.",
            "This erases %(name)s and everything she gave in this session (%(n)d rows), for good. "
            "Numbers already published are not changed; backups made before now still hold her data.",
            rows) % {"name": found["pseudonym"], "n": rows}) + "</p>"
        self.confirm_erase_button.description = _("Yes, erase everything %(name)s gave") % {
            "name": found["pseudonym"]}
        self._pending_erase = found
        self.confirm_box.layout.display = "flex"

    def _cancel_erase(self) -> None:
        self._pending_erase = None
        self.confirm_box.layout.display = "none"

    def erase(self, _button=None) -> None:
        """The second click: erase the participant the confirmation named."""
        _ = translator(self.language)
        ngettext = plural_translator(self.language)
        found = self._pending_erase
        self._cancel_erase()
        if found is None:
            return
        try:
            done = erase_participant(self.store, found["id"])
        except WorkbenchError as refusal:
            self.message.value = _error(str(refusal))
            return
        labels = _table_labels(self.language)
        detail = ", ".join(f"{labels.get(table, table.replace('_', ' '))}: {n}"
                           for table, n in sorted(done["tables"].items(), key=lambda item: item[0] != "participants"))
        text = ngettext("Erased everything %(name)s gave: %(n)d row (%(detail)s).",
                        "Erased everything %(name)s gave: %(n)d rows (%(detail)s).",
                        done["rows"]) % {"name": found["pseudonym"], "n": done["rows"], "detail": detail}
        if done["checkpoint"][0]:
            text += " " + _("Another program is reading the database: the last traces leave the database "
                            "file at its next checkpoint.")
        self.message.value = _ok(text)
        self.data_box.value = ""
        self.pseudonym_input.value = ""

    # -- backup -----------------------------------------------------------------------------
    def make_backup(self, _button=None) -> None:
        """Back the database up into a temporary file and offer it as a download."""
        _ = translator(self.language)
        name = f"workbench-backup-{dt.datetime.now():%Y-%m-%d-%H%M}.db"
        try:
            with tempfile.TemporaryDirectory(prefix="workbench-backup-") as folder:
                content = backup(self.store, Path(folder) / name).read_bytes()
        except (WorkbenchError, OSError) as refusal:
            self.backup_links.value = _error(str(refusal))
            return
        link = download_link(content, name, "application/vnd.sqlite3", _("Download the backup"),
                             "wb-people-download-backup")
        restore = html.escape(_("To restore it, copy the file to the server and run %(command)s there "
                                "(not offered here on purpose: restoring replaces everyone's data).")) % {
            "command": f"<code>{html.escape(f'workbench restore {name}')}</code>"}
        self.backup_links.value = (_ok(_("Backup made: %(name)s, %(size)s.") % {
            "name": name, "size": _size(len(content), self.language)}) + f"<p>{link}</p><p>{restore}</p>")

    # -- facilitators -----------------------------------------------------------------------
    def _own_name(self) -> str | None:
        """The named facilitator whose key opened this page (None: the server's key, or none)."""
        return facilitator_named(self.store, self.links.key)

    def _show_facilitators(self) -> None:
        _ = translator(self.language)
        rows = list_facilitators(self.store)
        own = self._own_name()
        key = ([(r["id"], r["name"], r["revoked_at"]) for r in rows], own, self.language)
        if key == getattr(self, "_facilitators_key", None):
            return
        self._facilitators_key = key
        active = {r["name"] for r in rows if not r["revoked_at"]}
        if self._pending_revoke not in active:
            self._cancel_revoke()
        lines, self.revoke_buttons = [], {}
        for r in rows:
            if r["revoked_at"]:
                name = r["name"].removesuffix(f" (revoked {r['revoked_at']})")
                state = _("added %(added)s, link revoked %(revoked)s") % {"added": r["created_at"],
                                                                          "revoked": r["revoked_at"]}
            else:
                name = r["name"]
                state = _("added %(added)s, link active") % {"added": r["created_at"]}
                if name == own:
                    state += " · " + _("this page was opened with this link")
            label = widgets.HTML(f'<span class="wb-people-facilitator-name">{html.escape(name)}</span> '
                                 f'<span class="wb-note">({html.escape(state)})</span>')
            parts = [label]
            if not r["revoked_at"]:
                button = widgets.Button(description=_("Revoke"), layout=widgets.Layout(width="auto"))
                button.add_class("wb-people-revoke")
                button.on_click(lambda _b, who=name: self.ask_revoke(who))
                self.revoke_buttons[name] = button
                parts.append(button)
            line = widgets.HBox(parts, layout=full_width())
            line.add_class("wb-people-facilitator")
            line.add_class("wb-people-revoked" if r["revoked_at"] else "wb-people-active")
            lines.append(line)
        for old in self.facilitators_box.children:
            old.close()
        self.facilitators_box.children = lines or [widgets.HTML("<p>" + html.escape(_(
            "No named facilitators yet: add one below. Each gets a personal link that can be "
            "revoked alone.")) + "</p>")]

    def add(self, _button=None) -> None:
        """Add the facilitator named in the field; show their personal link, once."""
        _ = translator(self.language)
        self._cancel_revoke()
        self._hide_link()
        try:
            found, key = add_facilitator(self.store, self.facilitator_name.value)
        except WorkbenchError as refusal:
            self.facilitator_message.value = _error(str(refusal))
            return
        name = found["name"]
        anchor = Links(key=key, language=self.links.language, token=self.links.token).anchor(
            _("Personal link of %(name)s") % {"name": name}, "console", css="wb-people-personal-link")
        self.facilitator_message.value = _ok(_("Facilitator %(name)s added.") % {"name": name})
        self.new_link.value = (f"<p>{anchor}</p><p>" + html.escape(_(
            "This link is shown only this once. Copy it (right-click or long-press, then copy the link) "
            "and send it to %(name)s privately, never in a group chat. If it is lost, revoke it and add "
            "%(name)s again.") % {"name": name}) + "</p>")
        self.new_link_box.layout.display = "flex"
        self.facilitator_name.value = ""
        self._show_facilitators()

    def _hide_link(self) -> None:
        self.new_link.value = ""
        self.new_link_box.layout.display = "none"

    def ask_revoke(self, name: str) -> None:
        """The first click on "Revoke": show the red confirmation for ``name``."""
        _ = translator(self.language)
        self.facilitator_message.value = ""
        text = _("The personal link of %(name)s stops working at once.") % {"name": name}
        if name == self._own_name():
            text += " " + _("This page was opened with that link: it stops working when it is reloaded.")
        self.confirm_revoke_text.value = f"<p>{html.escape(text)}</p>"
        self.confirm_revoke_button.description = _("Yes, revoke the link of %(name)s") % {"name": name}
        self._pending_revoke = name
        self.confirm_revoke_box.layout.display = "flex"

    def _cancel_revoke(self) -> None:
        self._pending_revoke = None
        self.confirm_revoke_box.layout.display = "none"

    def revoke(self, _button=None) -> None:
        """The second click: revoke the facilitator the confirmation named."""
        _ = translator(self.language)
        name = self._pending_revoke
        self._cancel_revoke()
        if name is None:
            return
        own = name == self._own_name()
        try:
            revoke_facilitator(self.store, name)
        except WorkbenchError as refusal:
            self.facilitator_message.value = _error(str(refusal))
            return
        text = _("The link of %(name)s is revoked.") % {"name": name}
        if own:
            text += " " + _("This page was opened with that link: it stops working when it is reloaded.")
        self.facilitator_message.value = _ok(text)
        self._show_facilitators()
