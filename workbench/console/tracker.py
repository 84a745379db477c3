"""The console's tracker stage: the tracker's state in two lines, links to the decade tracker
and to the progress report form, the import of a milestones file and/or an updates file (as
``workbench tracker import`` does: everything checked first, nothing written on an error), and
the current milestones and updates as CSV files to fix in a spreadsheet and upload again."""
from __future__ import annotations

import datetime as dt
import html
import tempfile
from pathlib import Path

import ipywidgets as widgets

from workbench.console.feedback import message_html, upload_path, uploaded
from workbench.console.links import Links
from workbench.core.errors import NotFound, WorkbenchError
from workbench.core.i18n import translator
from workbench.plan.files import PlanFileError
from workbench.store import Store
from workbench.tracker.files import MILESTONE_COLUMNS, UPDATE_COLUMNS, write_milestones_csv, write_updates_csv
from workbench.tracker.labels import percent, status_labels
from workbench.tracker.rollups import status_summary
from workbench.tracker.store.files import import_tracker_csv
from workbench.tracker.store.milestones import load_tracker
from workbench.tracker.rules import STATUSES
from workbench.ui.downloads import download_link
from workbench.ui.style import full_width

#: The language of the files' ``title`` column (other languages in ``title_<lang>`` columns):
#: English, as ``workbench tracker import|export`` by default, so that a downloaded file
#: uploads back unchanged whatever the console's language.
FILE_LANGUAGE = "en"


def _heading(text: str) -> widgets.HTML:
    return widgets.HTML(f"<h3>{html.escape(text)}</h3>")


class TrackerPanel(widgets.VBox):
    """The tracker's state and links; milestones and updates files: upload, download."""

    def __init__(self, store: Store, *, language: str = "en", links: Links | None = None):
        super().__init__(layout=full_width())
        self.add_class("wb-console-tracker")
        self.store, self.language, self.links = store, language, links or Links(language=language)
        _ = translator(language)
        self.status = widgets.HTML(layout=full_width())
        self.status.add_class("wb-tracker-status")
        self.app_links = widgets.HTML("<p>" + " · ".join([
            self.links.anchor(_("Decade tracker"), "tracker", facilitator=False),
            self.links.anchor(_("Report progress"), "tracker_update")]) + "</p>", layout=full_width())
        self.app_links.add_class("wb-tracker-links")

        self.milestones_upload = widgets.FileUpload(accept=".csv", multiple=False, description=_("Milestones file"))
        self.milestones_upload.add_class("wb-tracker-milestones-upload")
        self.updates_upload = widgets.FileUpload(accept=".csv", multiple=False, description=_("Updates file"))
        self.updates_upload.add_class("wb-tracker-updates-upload")
        self.import_button = widgets.Button(description=_("Import"), button_style="primary", icon="upload")
        self.import_button.add_class("wb-tracker-import")
        self.import_button.on_click(self._import_clicked)
        self.message = widgets.HTML(layout=full_width())
        self.message.add_class("wb-tracker-message")
        import_help = widgets.HTML('<p class="wb-note">' + html.escape(_(
            "CSV files (UTF-8). Milestones: %(milestones)s. Updates: %(updates)s. Everything is checked "
            "first: a file with an error is refused whole. Importing the same file again adds nothing.") % {
            "milestones": ", ".join(MILESTONE_COLUMNS), "updates": ", ".join(UPDATE_COLUMNS)}) + "</p>")
        import_help.add_class("wb-tracker-import-help")
        self.downloads = widgets.HTML(layout=full_width())
        self.downloads.add_class("wb-tracker-downloads")

        row = widgets.Layout(flex_flow="row wrap", align_items="center", width="100%")
        self.children = [
            _heading(_("Tracker")), self.status, self.app_links,
            _heading(_("Import milestones and updates")), import_help,
            widgets.HBox([self.milestones_upload, self.updates_upload, self.import_button], layout=row),
            self.message,
            _heading(_("Download to edit")), self.downloads]
        self.refresh()

    # -- reading the store ----------------------------------------------------------------------
    def refresh(self) -> None:
        """The state and the downloads again (the chosen files and the message stay)."""
        _ = translator(self.language)
        try:
            plan, tracker = load_tracker(self.store)
        except NotFound:            # no plan loaded yet
            self.status.value = "<p>" + html.escape(_("No plan in the database yet.")) + "</p>"
            self.downloads.value = ""
            self.import_button.disabled = True
            return
        self.import_button.disabled = False
        self.status.value = self._status_html(plan, tracker)
        self.downloads.value = "<p>" + " · ".join([
            download_link(write_milestones_csv(tracker.milestones, FILE_LANGUAGE), "milestones.csv", "text/csv",
                          _("Milestones (CSV)"), "wb-download wb-tracker-download-milestones"),
            download_link(write_updates_csv(tracker.milestones, list(tracker.updates)),
                          "updates.csv", "text/csv", _("Updates (CSV)"),
                          "wb-download wb-tracker-download-updates")]) + "</p>"

    def _status_html(self, plan, tracker) -> str:
        """How many milestones and updates; as of today the share done, by status, overdue (the
        numbers of ``workbench tracker status``)."""
        _ = translator(self.language)
        counts = _("%(milestones)d milestones, %(updates)d progress updates.") % {
            "milestones": len(tracker.milestones), "updates": len(list(tracker.updates))}
        if not tracker.milestones:
            return "<p>" + html.escape(counts + " " + _("Import the milestones below to start tracking.")) + "</p>"
        today = dt.date.today()
        summary = status_summary(plan, tracker.snapshot(today), today)
        labels = status_labels(self.language)
        by_status = ", ".join(f"{labels[s]} {summary['by_status'][s]}" for s in STATUSES if summary["by_status"][s])
        state = _("Today: %(share)s done (%(by_status)s); %(overdue)d overdue.") % {
            "share": percent(summary["done_share"], self.language), "by_status": by_status,
            "overdue": len(summary["overdue"])}
        return f"<p>{html.escape(counts)}<br>{html.escape(state)}</p>"

    # -- import ---------------------------------------------------------------------------------
    def _import_clicked(self, _button=None) -> None:
        if self.import_files(uploaded(self.milestones_upload), uploaded(self.updates_upload)):
            self.milestones_upload.value = ()
            self.updates_upload.value = ()

    def import_files(self, milestones: tuple[str, bytes] | None = None,
                     updates: tuple[str, bytes] | None = None) -> bool:
        """Import an uploaded milestones file and/or updates file, each ``(name, content)``, as
        ``workbench tracker import`` does; say what was added, or the problem by file, row and
        field (nothing written). Returns whether the import was done."""
        _ = translator(self.language)
        if milestones is None and updates is None:
            self.message.value = message_html(_("Choose a milestones file, an updates file or both."))
            return False
        with tempfile.TemporaryDirectory(prefix="wb-upload-") as folder:
            paths, names = {}, {}
            for which, found in (("milestones", milestones), ("updates", updates)):
                if found is None:
                    continue
                (Path(folder) / which).mkdir()
                path = upload_path(Path(folder) / which, found[0], (".csv",))
                if path is None:
                    self.message.value = message_html(_("%(file)s: upload a .csv file.") % {"file": found[0]})
                    return False
                path.write_bytes(found[1])
                paths[which], names[str(path)] = path, found[0]
            try:
                counts = import_tracker_csv(self.store, paths.get("milestones"), paths.get("updates"), None,
                                            FILE_LANGUAGE)
            except PlanFileError as error:
                name = names.get(error.path, Path(error.path).name)
                self.message.value = message_html(
                    _("Nothing imported."), lines=[str(PlanFileError(name, error.where, error.field, error.problem))])
                return False
            except WorkbenchError as refusal:
                self.message.value = message_html(_("Nothing imported."), lines=[str(refusal)])
                return False
        self.refresh()
        self.message.value = message_html(_(
            "Imported. Milestones: %(milestones_added)d added, %(milestones_changed)d changed, "
            "%(milestones_present)d already there; updates: %(updates_added)d added, "
            "%(updates_present)d already there.") % counts, ok=True)
        return True
