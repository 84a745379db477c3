"""The tracker's update form for milestone owners.

Access: owners open the facilitator link of this app (``…/tracker_update.ipynb?…&key=…``,
printed by ``workbench serve``); without this run's facilitator key the page only says
whom to ask. Each report is checked by the tracker's rules and saved in one transaction
before the page says "saved".
"""
from __future__ import annotations

import html

import ipywidgets as widgets

from workbench.core.errors import NotFound
from workbench.core.i18n import translator
from workbench.ui.page import facilitator_app, open_store
from workbench.tracker.store.milestones import add_update, list_milestones, list_updates
from workbench.tracker.rules import Milestone, update_from_entries
from workbench.tracker.labels import status_labels
from workbench.ui.style import full_width, stylesheet
from workbench.tracker.widgets.panels import tracker_stylesheet
from workbench.tracker.widgets.update_form import UpdateForm


def _page(*children: widgets.Widget) -> widgets.VBox:
    page = widgets.VBox([stylesheet(), tracker_stylesheet(), *children], layout=full_width())
    page.add_class("wb-app")
    return page


def submitter(milestones: dict[str, Milestone], language: str):
    """The form's ``on_submit``: build the update, store it (rules checked inside the
    transaction), and return the confirmation to show."""
    _ = translator(language)
    labels = status_labels(language)

    def submit(entries: dict) -> str:
        milestone = milestones.get(entries.get("milestone"))
        if milestone is None:
            raise NotFound(f"no milestone {entries.get('milestone')!r}")
        update = update_from_entries(entries, milestone)
        with open_store() as store:
            saved = add_update(store, update)
        return _("Saved: %(milestone)s is %(status)s on %(date)s.") % {
            "milestone": milestone.key, "status": labels[saved.status], "date": saved.date.isoformat()}
    return submit


def history_reader(milestone: Milestone):
    with open_store() as store:
        return list_updates(store, milestone=milestone.id)


def build(params: dict[str, str] | None = None) -> widgets.VBox:
    """Build the update form. ``?key=`` the facilitator key (required), ``?lang=``,
    ``?owner=`` to preselect an owner, ``?plan=`` a plan id."""
    def make(found: dict[str, str], language: str) -> widgets.VBox:
        _ = translator(language)
        intro = _("For milestone owners: pick your milestone, set its status and value, write a note, "
                  "and submit. Earlier reports are never changed; to fix one, submit a correction.")
        header = widgets.HTML(f"<h2>{html.escape(_('Report progress'))}</h2>"
                              f'<p class="wb-intro-text">{html.escape(intro)}</p>', layout=full_width())
        with open_store() as store:
            milestones = list_milestones(store, found.get("plan"))
        if not milestones:
            text = _("This plan has no milestones yet: a facilitator uploads them in the console, stage "
                     "“Tracker”.")
            return _page(header, widgets.HTML(f"<p>{html.escape(text)}</p>"))
        by_key = {m.key: m for m in milestones}
        form = UpdateForm(milestones, submitter(by_key, language), history_reader, language)
        if found.get("owner") in form.owner_picker.options:
            form.owner_picker.value = found["owner"]
        return _page(header, form)
    return facilitator_app(params, make, status=False)
