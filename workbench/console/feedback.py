"""The console's feedback stage: the rounds (the plan version each reviews, their live sessions'
join codes and phases, their comments), a form to create a round with its first live session,
and the upload of written submissions (CSV or XLSX) into a round.

Triage, the live sessions' phases and the "you said, we did" report are done in the triage app,
which each round links to. An upload is imported all or nothing (``strict``): a file with a bad
row writes no comment, and the bad rows are listed with their numbers.
"""
from __future__ import annotations

import html
import re
import tempfile
from pathlib import Path

import ipywidgets as widgets

from workbench.console.links import Links
from workbench.console.screen import code_html, phase_names, table_html
from workbench.core.errors import NotFound, WorkbenchError
from workbench.core.i18n import translator
from workbench.feedback.rules import check_round_name
from workbench.feedback.store.comments import add_feedback_session, add_round, list_feedback_sessions, list_rounds, \
    round_numbers
from workbench.feedback.store.written import import_feedback
from workbench.feedback.written import FIELDS, REQUIRED, ColumnMapping, ImportRefused
from workbench.plan.files import PlanFileError
from workbench.plan.store.versions import list_versions
from workbench.store import Store
from workbench.ui.style import full_width

#: The kinds of file the written-submissions upload takes (as ``read_table`` reads them).
SUFFIXES = (".csv", ".xlsx")
#: How many problems of a refused file the message lists (the rest are counted).
MAX_PROBLEMS = 20


def _heading(text: str) -> widgets.HTML:
    return widgets.HTML(f"<h3>{html.escape(text)}</h3>")


def message_html(text: str, ok: bool = False, lines: list[str] | tuple[str, ...] = ()) -> str:
    """A message: ``wb-ok`` (status) or ``wb-error`` (alert), with one line per problem; every
    text escaped. Empty ``text`` and ``lines``: no message."""
    if not text and not lines:
        return ""
    css, role = ("wb-ok", "status") if ok else ("wb-error", "alert")
    body = "<br>".join(html.escape(line) for line in (text, *lines) if line)
    return f'<p class="{css}" role="{role}">{body}</p>'


def problem_lines(lines: list[str], language: str) -> list[str]:
    """At most :data:`MAX_PROBLEMS` lines, then how many more there are."""
    _ = translator(language)
    if len(lines) <= MAX_PROBLEMS:
        return lines
    return lines[:MAX_PROBLEMS] + [_("… and %(n)d more") % {"n": len(lines) - MAX_PROBLEMS}]


def upload_path(folder: str | Path, name: str, suffixes: tuple[str, ...]) -> Path | None:
    """Where to write an uploaded file in ``folder``: its own name made safe (the store keeps
    the name with each comment), its suffix in lower case; None if the suffix is not allowed.

    >>> upload_path("/tmp", "Kobo export (1).XLSX", (".csv", ".xlsx")).name
    'Kobo_export_1.xlsx'
    >>> upload_path("/tmp", "notes.txt", (".csv",)) is None
    True
    """
    suffix = Path(name).suffix.lower()
    if suffix not in suffixes:
        return None
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(name).stem).strip("._") or "upload"
    return Path(folder) / f"{stem[:80]}{suffix}"


def uploaded(upload: widgets.FileUpload) -> tuple[str, bytes] | None:
    """``(name, content)`` of the file chosen in ``upload`` (ipywidgets 8), None if none."""
    if not upload.value:
        return None
    first = upload.value[0]
    return str(first["name"]), bytes(first["content"])


def _set_options(dropdown: widgets.Dropdown, options: list, default) -> None:
    """New options for ``dropdown``, keeping the chosen value while it is still offered (a form
    being filled is not wiped); nothing is touched when the options did not change."""
    options = list(options)
    if list(dropdown.options) == options:
        return
    current = dropdown.value
    values = [o[1] if isinstance(o, tuple) else o for o in options]
    dropdown.options = options
    dropdown.value = current if current in values else (default if default in values else None)


class FeedbackPanel(widgets.VBox):
    """The rounds; a new round (its version frozen, its first live session made); written
    submissions imported into a round."""

    def __init__(self, store: Store, *, language: str = "en", links: Links | None = None):
        super().__init__(layout=full_width())
        self.add_class("wb-console-feedback")
        self.store, self.language, self.links = store, language, links or Links(language=language)
        _ = translator(language)
        self.rounds = widgets.HTML(layout=full_width())
        self.rounds.add_class("wb-feedback-rounds")

        # -- a new round --
        self.round_name = widgets.Text(description=_("Name"), placeholder="draft-2", layout=full_width())
        self.round_name.add_class("wb-feedback-round-name")
        self.round_version = widgets.Dropdown(description=_("Plan version"), layout=full_width())
        self.round_version.add_class("wb-feedback-round-version")
        self.create_button = widgets.Button(description=_("Create"), button_style="primary", icon="plus")
        self.create_button.add_class("wb-feedback-create")
        self.create_button.on_click(self.create_round)
        self.message = widgets.HTML(layout=full_width())
        self.message.add_class("wb-feedback-message")
        freeze_note = widgets.HTML('<p class="wb-note">' + html.escape(_(
            "Creating the round freezes the chosen plan version: it can no longer be edited, so every "
            "comment of the round is about the same text.")) + "</p>")
        name_note = widgets.HTML('<p class="wb-note">' + html.escape(_(
            "The name is how the round is known in links and commands: lower-case letters, digits, "
            "'.', '_' or '-', for example draft-2.")) + "</p>")

        # -- written submissions --
        self.upload = widgets.FileUpload(accept=",".join(SUFFIXES), multiple=False, description=_("Choose file"))
        self.upload.add_class("wb-feedback-upload")
        self.import_round = widgets.Dropdown(description=_("Round"), layout=full_width())
        self.import_round.add_class("wb-feedback-import-round")
        self.import_button = widgets.Button(description=_("Import"), button_style="primary", icon="upload")
        self.import_button.add_class("wb-feedback-import")
        self.import_button.on_click(self._import_clicked)
        self.import_message = widgets.HTML(layout=full_width())
        self.import_message.add_class("wb-feedback-import-message")
        optional = [f for f in FIELDS if f not in REQUIRED]
        import_help = widgets.HTML('<p class="wb-note">' + html.escape(_(
            "A CSV or XLSX file, one comment per row, with the columns %(required)s (optional: %(optional)s); "
            "a file with a bad row is refused whole: fix the rows listed and upload it again.") % {
            "required": ", ".join(REQUIRED), "optional": ", ".join(optional)}) + "</p>")
        import_help.add_class("wb-feedback-import-help")

        row = widgets.Layout(flex_flow="row wrap", align_items="center", width="100%")
        self.children = [
            _heading(_("Feedback rounds")), self.rounds,
            _heading(_("New feedback round")), name_note, self.round_name, self.round_version, freeze_note,
            self.create_button, self.message,
            _heading(_("Written submissions")), import_help, self.import_round,
            widgets.HBox([self.upload, self.import_button], layout=row), self.import_message]
        self.refresh()

    # -- reading the store ----------------------------------------------------------------------
    def refresh(self) -> None:
        """The rounds and the dropdowns' choices again; what is typed or chosen stays."""
        rounds = list_rounds(self.store)
        self.rounds.value = self._rounds_html(rounds)
        names = [r["name"] for r in rounds]
        _set_options(self.import_round, names, names[-1] if names else None)
        versions = self._versions()
        _set_options(self.round_version, versions, versions[-1][1] if versions else None)
        self.create_button.disabled = not versions
        self.import_button.disabled = not names

    def _versions(self) -> list[tuple[str, int]]:
        _ = translator(self.language)
        try:
            found = list_versions(self.store)
        except NotFound:            # no plan loaded yet
            return []
        frozen = _("frozen")
        return [(f"{v['number']} · {v['label']}" + (f" ({frozen})" if v["frozen"] else ""), v["number"])
                for v in found]

    def _rounds_html(self, rounds: list[dict]) -> str:
        _ = translator(self.language)
        if not rounds:
            return "<p>" + html.escape(_("No feedback round yet: create one below.")) + "</p>"
        phases = phase_names(self.language)
        rows = []
        for r in rounds:
            sessions = []
            for s in list_feedback_sessions(self.store, r["name"]):
                line = f'{code_html(s["code"])} · {html.escape(phases.get(s["phase"], s["phase"]))}'
                if s["phase"] != "closed":
                    line += " · " + self.links.anchor(_("Participants' link"), "feedback", facilitator=False,
                                                      code=s["code"])
                sessions.append(line)
            name = html.escape(r["name"]) + (" · " + html.escape(_("closed")) if r["closed"] else "")
            rows.append([
                f"<strong>{name}</strong>",
                html.escape(f"{r['version']} · {r['version_label']}"),
                "<br>".join(sessions) or html.escape(_("none yet")),
                str(round_numbers(self.store, r["name"])["comments"]),
                self.links.anchor(_("Triage and report"), "triage", round=r["name"])])
        return table_html([_("Round"), _("Reviews version"), _("Live sessions"), _("Comments"), ""], rows)

    # -- a new round ----------------------------------------------------------------------------
    def create_round(self, _button=None) -> dict | None:
        """Create the round of the form, reviewing the chosen version (frozen), and its first
        live session, in one transaction; say its join code. Returns the session, None if refused."""
        _ = translator(self.language)
        version = self.round_version.value
        try:
            name = check_round_name(self.round_name.value.strip())
            if version is None:
                raise NotFound(_("There is no plan version to review: load the plan first."))
            with self.store.transaction():
                round_ = add_round(self.store, name, version=version)
                session = add_feedback_session(self.store, round_["name"])
        except WorkbenchError as refusal:
            self.message.value = message_html(str(refusal))
            return None
        self.round_name.value = ""
        self.refresh()
        self.import_round.value = round_["name"]
        self.message.value = message_html(_(
            "Round %(name)s created; plan version %(version)s is now frozen. Join code of its first live "
            "session: %(code)s (open the session from “Triage and report” when the meeting starts).") % {
            "name": round_["name"], "version": round_["version"], "code": session["code"]}, ok=True)
        return session

    # -- written submissions --------------------------------------------------------------------
    def _import_clicked(self, _button=None) -> None:
        _ = translator(self.language)
        found = uploaded(self.upload)
        if found is None:
            self.import_message.value = message_html(_("Choose a CSV or XLSX file first."))
            return
        if self.import_file(*found, self.import_round.value):
            self.upload.value = ()

    def import_file(self, name: str, content: bytes, round_name: str | None) -> bool:
        """Import the uploaded file ``name`` into round ``round_name`` with the default columns,
        as ``workbench feedback import --strict`` does: all rows, or none and the bad rows listed
        by number. Says what happened; returns whether comments were imported."""
        _ = translator(self.language)
        if not round_name:
            self.import_message.value = message_html(_("Create a feedback round first."))
            return False
        with tempfile.TemporaryDirectory(prefix="wb-upload-") as folder:
            path = upload_path(folder, name, SUFFIXES)
            if path is None:
                self.import_message.value = message_html(
                    _("%(file)s: upload a .csv or .xlsx file.") % {"file": name})
                return False
            path.write_bytes(content)
            try:
                result = import_feedback(self.store, path, round_name, ColumnMapping(), strict=True)
            except ImportRefused as refused:
                self.import_message.value = message_html(
                    _("Nothing imported: %(n)d rows of %(file)s have problems.") % {
                        "n": len(refused.problems), "file": name},
                    lines=problem_lines([p.message(name) for p in refused.problems], self.language))
                return False
            except PlanFileError as error:
                self.import_message.value = message_html(
                    _("Nothing imported."), lines=[str(PlanFileError(name, error.where, error.field, error.problem))])
                return False
            except WorkbenchError as refusal:
                self.import_message.value = message_html(_("Nothing imported."), lines=[str(refusal)])
                return False
        self.refresh()
        text = _("%(n)d comments imported into round %(round)s") % {"n": result.added, "round": result.round}
        if result.already:
            text += " " + _("(%(n)d rows were already imported)") % {"n": result.already}
        self.import_message.value = message_html(text, ok=True)
        return True
