"""The console's "Plan versions" stage: list the versions, draft the next one, edit a draft
(titles and texts; add, remove, move and renumber actions), freeze it, and see what changed
since the version it was copied from.

Every change goes through the store functions the ``workbench plan`` commands use
(:mod:`workbench.plan.store.versions`); a refusal (``WorkbenchError``) is shown, not raised. A
frozen version (a feedback round reviewed it, or it was frozen here) is shown read-only. :meth:`VersionsPanel.refresh` re-reads the
database and keeps what is being typed; items are followed by their stable identity, so a
picked action stays picked when it is renumbered or moved.
"""
from __future__ import annotations

import html
from contextlib import contextmanager

import ipywidgets as widgets

from workbench.console.links import Links
from workbench.core.errors import WorkbenchError
from workbench.core.i18n import LANGUAGES, translator
from workbench.feedback.store.comments import list_rounds
from workbench.feedback.widgets.panels import diff_html
from workbench.plan.diff import diff_plans
from workbench.plan.model import pick
from workbench.plan.store.plans import get_plan, list_plans
from workbench.plan.store.versions import (add_action, add_version, freeze_version, get_version, item_uids,
                                           list_versions, move_action, remove_action, renumber_actions,
                                           update_item)
from workbench.store import Store
from workbench.ui.style import full_width

CSS = """<style>
.wb-versions-list table { border-collapse: collapse; margin: 4px 0 8px; }
.wb-versions-list th, .wb-versions-list td { text-align: left; padding: 4px 10px 4px 0; vertical-align: top; }
.wb-versions-diff .old { text-decoration: line-through; color: #844; }
.wb-versions-diff .new { color: #263; }
.wb-versions-diff { overflow-wrap: anywhere; }
</style>"""

#: Characters of a title shown in a picker.
PICKER_CHARS = 90
AT_THE_END = 0
_KEEP = object()


def _heading(text: str) -> widgets.HTML:
    return widgets.HTML(f"<h4>{html.escape(text)}</h4>")


def _short(text: str, limit: int = PICKER_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _labelled(widget: widgets.Widget, label: str, css_class: str) -> widgets.Widget:
    """Give ``widget`` its visible label (its accessible name), a full width and a CSS class."""
    widget.description = label
    widget.style.description_width = "initial"
    widget.layout = full_width()
    widget.add_class(css_class)
    return widget


def _button(label: str, css_class: str, style: str = "") -> widgets.Button:
    button = widgets.Button(description=label, button_style=style, layout=widgets.Layout(width="auto"))
    button.add_class(css_class)
    return button


def _row(*children: widgets.Widget) -> widgets.HBox:
    return widgets.HBox(list(children), layout=full_width(flex_flow="row wrap", align_items="center"))


class VersionsPanel(widgets.VBox):
    """The "Plan versions" stage. Public widgets (tests drive them): ``plan_picker``,
    ``versions_list``, ``base_picker``, ``label_input``, ``draft_button``, ``version_picker``,
    ``status``, ``message``, ``item_picker``, ``language_picker``, ``title_input``,
    ``text_input``, ``save_button``, ``action_box`` (shown for an action) with
    ``remove_renumber``, ``remove_button``, ``move_goal_picker``, ``move_position``,
    ``move_renumber``, ``move_button``; ``add_goal_picker``, ``add_position``, ``add_language``,
    ``add_title_input``, ``add_text_input``, ``add_button``; ``renumber_goal_picker``,
    ``renumber_button``; ``freeze_button``, ``freeze_confirm_button``, ``freeze_cancel_button``;
    ``diff_box``."""

    def __init__(self, store: Store, *, language: str = "en", links: Links | None = None):
        super().__init__(layout=full_width())
        self.add_class("wb-versions")
        self.store, self.language, self.links = store, language, links
        _ = translator(language)
        self._quiet = 0
        self.slug: str | None = None
        self.versions: list[dict] = []
        self.plan = None
        self.nodes: dict[str, tuple[str, object]] = {}     # ref → (kind, node) of the picked version
        self.uids: dict[str, str] = {}                      # ref → uid of the picked version
        self._loaded: tuple | None = None                   # (number, uid, language, title, text) in the form
        self._freeze_pending: int | None = None

        self.plan_picker = _labelled(widgets.Dropdown(), _("Plan"), "wb-versions-plan")
        self.versions_list = widgets.HTML(layout=full_width())
        self.versions_list.add_class("wb-versions-list")
        self.base_picker = _labelled(widgets.Dropdown(), _("Copy of version"), "wb-versions-base")
        self.label_input = _labelled(widgets.Text(placeholder=_("optional, e.g. draft after the May meeting")),
                                     _("Label of the new version"), "wb-versions-label")
        self.draft_button = _button(_("Draft the next version"), "wb-versions-draft", "primary")
        self.plan_link = widgets.HTML(layout=full_width())

        self.version_picker = _labelled(widgets.Dropdown(), _("Version"), "wb-versions-version")
        self.status = widgets.HTML(layout=full_width())
        self.status.add_class("wb-versions-status")
        self.message = widgets.HTML(layout=full_width())
        self.message.add_class("wb-versions-message")

        self.item_picker = _labelled(widgets.Dropdown(), _("Theme, goal or action"), "wb-versions-item")
        self.language_picker = _labelled(widgets.Dropdown(options=self._language_options(),
                                                          value=self._start_language()),
                                         _("Language of the text"), "wb-versions-language")
        self.title_input = _labelled(widgets.Text(), _("Title"), "wb-versions-title")
        self.text_input = _labelled(widgets.Textarea(rows=4), _("Text"), "wb-versions-text")
        self.reference = widgets.HTML(layout=full_width())
        self.reference.add_class("wb-versions-reference")
        self.save_button = _button(_("Save"), "wb-versions-save", "primary")

        self.remove_renumber = _labelled(widgets.Checkbox(value=False, indent=False),
                                         _("Renumber the actions after it"), "wb-versions-remove-renumber")
        self.remove_button = _button(_("Remove this action"), "wb-versions-remove", "danger")
        self.move_goal_picker = _labelled(widgets.Dropdown(), _("Move it to goal"), "wb-versions-move-goal")
        self.move_position = _labelled(widgets.Dropdown(), _("Place in that goal"), "wb-versions-move-position")
        self.move_renumber = _labelled(widgets.Checkbox(value=False, indent=False),
                                       _("Renumber the actions of the goal it leaves"), "wb-versions-move-renumber")
        self.move_button = _button(_("Move this action"), "wb-versions-move")
        self.action_box = widgets.VBox([
            _heading(_("This action")),
            widgets.HTML('<p class="wb-note">' + html.escape(_(
                "Removing or moving an action leaves a gap in its goal's numbers (so people who commented "
                "on it still find the others) unless you ask to renumber.")) + "</p>"),
            self.remove_renumber, self.remove_button,
            self.move_goal_picker, self.move_position, self.move_renumber, self.move_button],
            layout=full_width(display="none"))
        self.action_box.add_class("wb-versions-action-box")

        self.add_goal_picker = _labelled(widgets.Dropdown(), _("Goal"), "wb-versions-add-goal")
        self.add_position = _labelled(widgets.Dropdown(), _("Place in the goal"), "wb-versions-add-position")
        self.add_language = _labelled(widgets.Dropdown(options=self._language_options(),
                                                       value=self._start_language()),
                                      _("Language of the new action's text"), "wb-versions-add-language")
        self.add_title_input = _labelled(widgets.Text(), _("Title of the new action"), "wb-versions-add-title")
        self.add_text_input = _labelled(widgets.Textarea(rows=3), _("Text of the new action (optional)"),
                                        "wb-versions-add-text")
        self.add_button = _button(_("Add the action"), "wb-versions-add")

        self.renumber_goal_picker = _labelled(widgets.Dropdown(), _("Goal"), "wb-versions-renumber-goal")
        self.renumber_button = _button(_("Renumber the actions 1, 2, 3…"), "wb-versions-renumber")

        self.freeze_button = _button(_("Freeze this version"), "wb-versions-freeze", "warning")
        self.freeze_confirm_button = _button(_("Yes, freeze this version"), "wb-versions-freeze-confirm", "danger")
        self.freeze_cancel_button = _button(_("Cancel"), "wb-versions-freeze-cancel")
        self.freeze_confirm_box = _row(self.freeze_confirm_button, self.freeze_cancel_button)
        self.freeze_confirm_box.layout.display = "none"

        self.diff_heading = widgets.HTML(layout=full_width())
        self.diff_box = widgets.HTML(layout=full_width())
        self.diff_box.add_class("wb-versions-diff")

        self.edit_tools = widgets.VBox([
            self.item_picker, self.language_picker, self.title_input, self.text_input, self.reference,
            widgets.HTML('<p class="wb-note">' + html.escape(_(
                "An empty title or text removes it in this language (a title must stay in at least one "
                "language).")) + "</p>"),
            self.save_button, self.action_box,
            _heading(_("Add an action")), self.add_goal_picker, self.add_position, self.add_language,
            self.add_title_input, self.add_text_input, self.add_button,
            _heading(_("Renumber a goal's actions")), self.renumber_goal_picker, self.renumber_button,
            _heading(_("Freeze")),
            widgets.HTML('<p class="wb-note">' + html.escape(_(
                "A frozen version can never change again: freeze a version when it is final. Starting a "
                "feedback round freezes the version it reviews.")) + "</p>"),
            self.freeze_button, self.freeze_confirm_box], layout=full_width())
        self.tools = widgets.VBox([
            _heading(_("Versions")), self.plan_picker, self.versions_list,
            _heading(_("Draft the next version")), self.base_picker, self.label_input, self.draft_button,
            self.plan_link,
            _heading(_("Edit a version")), self.version_picker, self.status, self.message, self.edit_tools,
            self.diff_heading, self.diff_box], layout=full_width())
        self.empty = widgets.HTML(layout=full_width(display="none"))
        self.children = [widgets.HTML(CSS, layout=widgets.Layout(height="0px", margin="0")), self.empty, self.tools]

        self.draft_button.on_click(self.draft)
        self.save_button.on_click(self.save)
        self.remove_button.on_click(self.remove)
        self.move_button.on_click(self.move)
        self.add_button.on_click(self.add)
        self.renumber_button.on_click(self.renumber)
        self.freeze_button.on_click(self.ask_freeze)
        self.freeze_confirm_button.on_click(self.freeze)
        self.freeze_cancel_button.on_click(self._cancel_freeze)
        self.plan_picker.observe(self._on_plan, names="value")
        self.version_picker.observe(self._on_version, names="value")
        self.item_picker.observe(self._on_item, names="value")
        self.language_picker.observe(self._on_language, names="value")
        self.move_goal_picker.observe(lambda change: self._quiet or self._positions(), names="value")
        self.add_goal_picker.observe(lambda change: self._quiet or self._positions(), names="value")
        self.refresh()

    # -- helpers -------------------------------------------------------------------------------
    @contextmanager
    def _hold(self):
        """Change pickers without their observers reacting."""
        self._quiet += 1
        try:
            yield
        finally:
            self._quiet -= 1

    def _set_options(self, picker: widgets.Dropdown, options: list[tuple[str, object]], keep=_KEEP) -> None:
        """Give ``picker`` new options, keeping ``keep`` (default: its value) when still offered,
        else picking the first."""
        keep = picker.value if keep is _KEEP else keep
        values = [value for _label, value in options]
        with self._hold():
            if list(picker.options) != options:
                picker.options = options
            picker.value = keep if keep in values else (values[0] if values else None)

    def _language_options(self, extra: tuple[str, ...] | list[str] = ()) -> list[tuple[str, str]]:
        return [(name, tag) for tag, name in LANGUAGES.items()] + [(tag, tag) for tag in extra if tag not in LANGUAGES]

    def _start_language(self) -> str:
        return self.language if self.language in LANGUAGES else "en"

    def _say(self, text: str, ok: bool = False) -> None:
        if not text:
            self.message.value = ""
        elif ok:
            self.message.value = f'<p class="wb-ok" role="status">{html.escape(text)}</p>'
        else:
            self.message.value = f'<p class="wb-error" role="alert">{html.escape(text)}</p>'

    def _title(self, node) -> str:
        return pick(node.title, self.language, "en")

    @property
    def version(self) -> dict | None:
        """The picked version (as last read), or None."""
        return next((v for v in self.versions if v["number"] == self.version_picker.value), None)

    def _version_label(self, number: int | None) -> str:
        found = next((v for v in self.versions if v["number"] == number), None)
        return f"{found['number']} · {found['label']}" if found else str(number)

    def _base_of(self, version: dict) -> int | None:
        """The number of the version ``version`` was copied from, else the one before it."""
        by_id = {v["id"]: v["number"] for v in self.versions}
        if version.get("based_on") in by_id:
            return by_id[version["based_on"]]
        earlier = [v["number"] for v in self.versions if v["number"] < version["number"]]
        return max(earlier) if earlier else None

    # -- reading -------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read plans, versions and the picked version; what is being typed stays."""
        _ = translator(self.language)
        try:
            plans = list_plans(self.store)
        except WorkbenchError as refusal:
            plans = []
            self._say(str(refusal))
        if not plans:
            self.empty.value = '<p class="wb-note">' + html.escape(_(
                "There is no plan in the database yet: load one first.")) + "</p>"
            self.empty.layout.display, self.tools.layout.display = "", "none"
            return
        self.empty.layout.display, self.tools.layout.display = "none", ""
        self._set_options(self.plan_picker, [(_short(pick(p["title"], self.language, "en")) or p["slug"],
                                              p["slug"]) for p in plans])
        self.plan_picker.layout.display = "" if len(plans) > 1 else "none"
        self._read_versions()

    def _on_plan(self, change) -> None:
        if not self._quiet:
            self._say("")
            self._read_versions(number=-1)

    def _read_versions(self, number: int | None = None, **kwargs) -> None:
        """Read the versions of the picked plan; pick ``number`` (None: keep, -1: the latest);
        then read the picked version (``kwargs`` go to :meth:`_read_version`)."""
        _ = translator(self.language)
        old_latest = self.versions[-1]["number"] if self.versions and self.slug == self.plan_picker.value else None
        self.slug = self.plan_picker.value
        try:
            self.versions = list_versions(self.store, self.slug)
            rounds = [r for r in list_rounds(self.store) if r["slug"] == self.slug]
        except WorkbenchError as refusal:
            self._say(str(refusal))
            return
        self.versions_list.value = self._versions_html(rounds)
        self.plan_link.value = ("<p>" + self.links.anchor(_("Read the latest version in the plan browser"), "plan",
                                                          facilitator=False, plan=self.slug) + "</p>"
                                if self.links else "")
        state = {True: _("frozen"), False: _("draft")}
        options = [(_("%(number)s · %(label)s (%(state)s)") % {"number": v["number"], "label": v["label"],
                                                               "state": state[v["frozen"]]}, v["number"])
                   for v in self.versions]
        latest = self.versions[-1]["number"] if self.versions else None
        base = self.base_picker.value
        self._set_options(self.base_picker, options, latest if base in (None, old_latest) else base)
        keep = latest if number == -1 or self.version_picker.value is None else number
        self._set_options(self.version_picker, options, self.version_picker.value if keep is None else keep)
        self._read_version(**kwargs)

    def _versions_html(self, rounds: list[dict]) -> str:
        _ = translator(self.language)
        by_id = {v["id"]: v["number"] for v in self.versions}
        reviewed: dict[int, list[str]] = {}
        for r in rounds:
            name = (self.links.anchor(r["name"], "triage", round=r["name"]) if self.links
                    else html.escape(r["name"]))
            reviewed.setdefault(r["version_id"], []).append(name)
        rows = []
        for v in self.versions:
            notes = []
            if v["based_on"] in by_id:
                notes.append(html.escape(_("copied from version %(number)s") % {"number": by_id[v["based_on"]]}))
            if v["id"] in reviewed:
                notes.append(html.escape(_("reviewed by round %(rounds)s")) % {"rounds": ", ".join(reviewed[v["id"]])})
            state = _("frozen") if v["frozen"] else _("draft")
            rows.append(f"<tr><td>{v['number']}</td><td>{html.escape(v['label'])}</td>"
                        f'<td class="wb-versions-{"frozen" if v["frozen"] else "draft"}">{html.escape(state)}</td>'
                        f"<td>{'; '.join(notes)}</td></tr>")
        head = "".join(f'<th scope="col">{html.escape(h)}</th>'
                       for h in (_("Version"), _("Label"), _("State"), _("History")))
        return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"

    def _on_version(self, change) -> None:
        if not self._quiet:
            self._say("")
            self._read_version(reload_form=True)

    def _read_version(self, reload_form: bool = False, pick_ref: str | None = None) -> None:
        """Read the picked version's items; keep the picked items (by identity) and the typed text."""
        _ = translator(self.language)
        version = self.version
        if version is None:
            return
        if self._freeze_pending != version["number"]:
            self._cancel_freeze()
        old_uids = {ref: uid for ref, uid in self.uids.items()}
        try:
            self.plan = get_plan(self.store, self.slug, version["number"])
            self.uids = item_uids(self.store, self.slug, version["number"])
        except WorkbenchError as refusal:
            self._say(str(refusal))
            return
        ref_of = {uid: ref for ref, uid in self.uids.items()}

        def follow(ref):        # the same item's ref now (None: gone)
            return ref_of.get(old_uids.get(ref)) if ref else None

        self.nodes = {ref: (kind, node) for ref, kind, node in self.plan.walk()}
        items, goals = [], []
        for ref, kind, node in self.plan.walk():
            indent = "\u00a0\u00a0" * ref.count(".")
            items.append((f"{indent}{ref} · {_short(self._title(node))}", ref))
            if kind == "goal":
                goals.append((f"{ref} · {_short(self._title(node))}", ref))
        self._set_options(self.language_picker, self._language_options(self.plan.languages()))
        self._set_options(self.add_language, self._language_options(self.plan.languages()))
        self._set_options(self.item_picker, items, pick_ref or follow(self.item_picker.value))
        for picker in (self.move_goal_picker, self.add_goal_picker):
            self._set_options(picker, goals, follow(picker.value))
        self._set_options(self.renumber_goal_picker, [(_("Every goal"), "")] + goals,
                          follow(self.renumber_goal_picker.value) or "")
        self._positions()
        self._show_state()
        self._load_form(force=reload_form)
        self._show_diff()

    def _positions(self) -> None:
        """The places an action can take in the goal picked to add or move it to."""
        _ = translator(self.language)
        moving = self.item_picker.value
        for picker, goal in ((self.add_position, self.add_goal_picker.value),
                             (self.move_position, self.move_goal_picker.value)):
            kind_node = self.nodes.get(goal)
            actions = [a.number for a in kind_node[1].actions] if kind_node else []
            if picker is self.move_position and moving and moving.rpartition(".")[0] == goal:
                actions = actions[:-1]       # it leaves its place in its own goal
            self._set_options(picker, [(_("At the end"), AT_THE_END)]
                              + [(str(k), k) for k in range(1, len(actions) + 2)])

    def _show_state(self) -> None:
        """What the picked version allows: a draft can be edited, a frozen one only read."""
        _ = translator(self.language)
        version = self.version
        frozen = bool(version and version["frozen"])
        if frozen:
            self.status.value = '<p class="wb-note" role="status">' + html.escape(_(
                "Version %(number)s is frozen: a feedback round reviewed it, or it was frozen here. It can be "
                "read but no longer changed. To go on editing, draft the next version (a copy of it).")
                % {"number": version["number"]}) + "</p>"
        else:
            self.status.value = '<p class="wb-note" role="status">' + html.escape(_(
                "Version %(number)s is a draft: you can edit it.") % {"number": version["number"]}) + "</p>"
        for widget in (self.title_input, self.text_input, self.save_button, self.remove_renumber,
                       self.remove_button, self.move_goal_picker, self.move_position, self.move_renumber,
                       self.move_button, self.add_goal_picker, self.add_position, self.add_language,
                       self.add_title_input, self.add_text_input, self.add_button, self.renumber_goal_picker,
                       self.renumber_button):
            widget.disabled = frozen
        self.freeze_button.layout.display = "none" if frozen else ""
        self.freeze_button.description = _("Freeze version %(number)s") % {"number": version["number"]}
        kind = self.nodes.get(self.item_picker.value, ("", None))[0]
        self.action_box.layout.display = "" if kind == "action" and not frozen else "none"

    def _on_item(self, change) -> None:
        if not self._quiet:
            self._say("")
            self._positions()
            self._show_state()
            self._load_form(force=True)

    def _on_language(self, change) -> None:
        if not self._quiet:
            self._load_form(force=True)

    def _form_key(self) -> tuple:
        version = self.version
        return (version["number"] if version else None, self.uids.get(self.item_picker.value),
                self.language_picker.value)

    def _typing(self) -> bool:
        """Whether the form holds text the store does not have (a half-typed edit)."""
        return self._loaded is not None and (self.title_input.value, self.text_input.value) != self._loaded[3:]

    def _load_form(self, force: bool = False) -> None:
        """Put the picked item's title and text in the picked language in the form, unless an
        edit of the same item is being typed (and ``force`` is not given)."""
        _ = translator(self.language)
        kind_node = self.nodes.get(self.item_picker.value)
        language = self.language_picker.value
        key = self._form_key()
        if not force and self._loaded and self._loaded[:3] == key and self._typing():
            return
        title = kind_node[1].title.get(language, "") if kind_node else ""
        text = kind_node[1].text.get(language, "") if kind_node else ""
        self.title_input.value, self.text_input.value = title, text
        self._loaded = (*key, title, text)
        other = [(tag, kind_node[1].title[tag]) for tag in ("en", self.language, *kind_node[1].title)
                 if tag != language and kind_node[1].title.get(tag)] if kind_node else []
        self.reference.value = ('<p class="wb-note">' + html.escape(_("In %(language)s:") % {
            "language": LANGUAGES.get(other[0][0], other[0][0])}) + " " + html.escape(other[0][1]) + "</p>"
                                if other else "")

    def _show_diff(self) -> None:
        """The changes from the version the picked one was copied from (else the one before)."""
        _ = translator(self.language)
        version = self.version
        base = self._base_of(version) if version else None
        if base is None:
            self.diff_heading.value = ""
            self.diff_box.value = '<p class="wb-note">' + html.escape(
                _("This is the first version: there is nothing to compare it with.")) + "</p>"
            return
        self.diff_heading.value = f"<h4>{html.escape(_('Changes since version %(number)s') % {'number': base})}</h4>"
        try:
            diff = diff_plans(get_plan(self.store, self.slug, base), self.plan,
                              item_uids(self.store, self.slug, base), self.uids,
                              old_label=self._version_label(base), new_label=self._version_label(version["number"]))
        except WorkbenchError as refusal:
            self.diff_box.value = f'<p class="wb-error" role="alert">{html.escape(str(refusal))}</p>'
            return
        self.diff_box.value = diff_html(diff, self.language)

    # -- writing -------------------------------------------------------------------------------
    def _draft_number(self) -> int | None:
        """The picked version's number if it is a draft (read again: a round may have frozen it);
        else say why it cannot change and return None."""
        _ = translator(self.language)
        number = self.version_picker.value
        if number is None:
            return None
        try:
            frozen = get_version(self.store, self.slug, number)["frozen"]
        except WorkbenchError as refusal:
            self._say(str(refusal))
            return None
        if frozen:
            self._say(_("Nothing was changed: version %(number)s is frozen (a feedback round reviewed it, or it "
                        "was frozen here). Draft the next version and edit that.") % {"number": number})
            self._read_versions()
            return None
        return number

    def _done(self, text: str, pick_ref: str | None = None) -> None:
        """After a change: read the versions again, show the diff, say what was done."""
        self._read_versions(pick_ref=pick_ref, reload_form=pick_ref is not None)
        self._say(text, ok=True)

    def draft(self, _button=None) -> None:
        """Copy the version picked under "Copy of version" (default: the latest) as a new draft."""
        _ = translator(self.language)
        try:
            version = add_version(self.store, self.slug, base=self.base_picker.value,
                                  label=self.label_input.value.strip() or None)
        except WorkbenchError as refusal:
            self._say(str(refusal))
            return
        self.label_input.value = ""
        self._read_versions(number=version["number"], reload_form=True)
        self._say(_("Version %(number)s (%(label)s) is a new draft, a copy of version %(base)s: edit it below.")
                  % {"number": version["number"], "label": version["label"],
                     "base": self._version_label(self._base_of(version))}, ok=True)

    def save(self, _button=None) -> None:
        """Save the title and text typed for the picked item in the picked language."""
        _ = translator(self.language)
        ref, language = self.item_picker.value, self.language_picker.value
        number = self._draft_number()
        if number is None or not ref:
            return
        try:
            update_item(self.store, ref, title={language: self.title_input.value},
                        text={language: self.text_input.value}, slug=self.slug, number=number)
        except WorkbenchError as refusal:
            self._say(str(refusal))
            return
        self._loaded = None
        self._done(_("Saved %(ref)s (%(language)s).") % {"ref": ref, "language": LANGUAGES.get(language, language)},
                   pick_ref=ref)

    def add(self, _button=None) -> None:
        """Add an action with the typed title and text to the picked goal."""
        _ = translator(self.language)
        goal, language = self.add_goal_picker.value, self.add_language.value
        number = self._draft_number()
        if number is None or not goal:
            return
        try:
            ref = add_action(self.store, goal, {language: self.add_title_input.value},
                             {language: self.add_text_input.value}, position=self.add_position.value or None,
                             slug=self.slug, number=number)
        except WorkbenchError as refusal:
            self._say(str(refusal))
            return
        self.add_title_input.value = self.add_text_input.value = ""
        self._done(_("Added action %(ref)s.") % {"ref": ref}, pick_ref=ref)

    def remove(self, _button=None) -> None:
        """Remove the picked action."""
        _ = translator(self.language)
        ref = self.item_picker.value
        number = self._draft_number()
        if number is None or not ref:
            return
        try:
            remove_action(self.store, ref, renumber=self.remove_renumber.value, slug=self.slug, number=number)
        except WorkbenchError as refusal:
            self._say(str(refusal))
            return
        self.remove_renumber.value = False
        self._done(_("Removed action %(ref)s.") % {"ref": ref}, pick_ref=ref.rpartition(".")[0])

    def move(self, _button=None) -> None:
        """Move the picked action to the picked goal, at the picked place."""
        _ = translator(self.language)
        ref, goal = self.item_picker.value, self.move_goal_picker.value
        number = self._draft_number()
        if number is None or not ref or not goal:
            return
        try:
            new_ref = move_action(self.store, ref, goal, position=self.move_position.value or None,
                                  renumber=self.move_renumber.value, slug=self.slug, number=number)
        except WorkbenchError as refusal:
            self._say(str(refusal))
            return
        self.move_renumber.value = False
        self._done(_("Moved action %(ref)s: it is now %(new_ref)s.") % {"ref": ref, "new_ref": new_ref},
                   pick_ref=new_ref)

    def renumber(self, _button=None) -> None:
        """Number the actions of the picked goal (or of every goal) 1, 2, 3… in their order."""
        _ = translator(self.language)
        goal = self.renumber_goal_picker.value
        number = self._draft_number()
        if number is None:
            return
        try:
            renumber_actions(self.store, goal or None, slug=self.slug, number=number)
        except WorkbenchError as refusal:
            self._say(str(refusal))
            return
        self._done(_("Renumbered the actions of goal %(goal)s.") % {"goal": goal} if goal
                   else _("Renumbered the actions of every goal."))

    def ask_freeze(self, _button=None) -> None:
        """First step of freezing: show the button that confirms it."""
        _ = translator(self.language)
        number = self.version_picker.value
        if number is None:
            return
        self._freeze_pending = number
        self.freeze_confirm_button.description = _("Yes, freeze version %(number)s") % {"number": number}
        self.freeze_confirm_box.layout.display = ""
        self._say("")

    def _cancel_freeze(self, _button=None) -> None:
        self._freeze_pending = None
        self.freeze_confirm_box.layout.display = "none"

    def freeze(self, _button=None) -> None:
        """Second step: freeze the version the first step named (if it is still the picked one)."""
        _ = translator(self.language)
        number = self._freeze_pending
        self._cancel_freeze()
        if number is None or number != self.version_picker.value:
            return
        try:
            freeze_version(self.store, self.slug, number)
        except WorkbenchError as refusal:
            self._say(str(refusal))
            return
        self._done(_("Version %(number)s is frozen: it can no longer change.") % {"number": number})
