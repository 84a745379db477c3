"""Reading a feedback round's report from the store: the round, its comments (with what their
authors allowed), the reviewed and next plan versions and their diff; built by
:func:`workbench.feedback.report.build_report`."""
from __future__ import annotations

from dataclasses import replace

from workbench.core.errors import NotFound
from workbench.feedback.report import Report, build_report
from workbench.feedback.store.comments import get_round, list_comments, round_numbers
from workbench.participation.store.erasure import count_erasures
from workbench.participation.store.return_codes import refusers
from workbench.plan.diff import diff_plans
from workbench.plan.model import pick
from workbench.plan.store.plans import get_plan
from workbench.plan.store.versions import item_uids, list_versions


def load_report(store, round_name: str, language: str = "en") -> Report:
    """Read a round from the store and build its report (the next version: the reviewed
    version's number + 1, if there is one)."""
    found = get_round(store, round_name)
    plan = get_plan(store, found["slug"], found["version"])
    labels = {v["number"]: v["label"] for v in list_versions(store, found["slug"])}
    diff = None
    if found["version"] + 1 in labels:
        try:
            after = get_plan(store, found["slug"], found["version"] + 1)
            diff = diff_plans(plan, after, item_uids(store, found["slug"], found["version"]),
                              item_uids(store, found["slug"], found["version"] + 1),
                              old_label=labels[found["version"]], new_label=labels[found["version"] + 1])
        except NotFound:
            diff = None
    # Consent uses: never quote who said no to quoting; leave out of the shared participant
    # count who said no to sharing numbers; say when people withdrew.
    no_quote, no_numbers = refusers(store, "quote"), refusers(store, "share_numbers")
    comments = [replace(c, quotable=False) if c.participant_id in no_quote else c
                for c in list_comments(store, round_name)]
    numbers = dict(round_numbers(store, round_name))
    sessions = [r[0] for r in store.db.execute("SELECT id FROM sessions WHERE round_id = ?", [found["id"]])]
    numbers["participants"] -= sum(1 for r in store.db.execute(
        f"SELECT id FROM participants WHERE role = 'participant' AND session_id IN ({', '.join('?' * len(sessions)) or 'NULL'})",
        sessions) if r[0] in no_numbers)
    report = build_report(plan, comments, numbers,
                          round_name=found["name"], title=pick(found["title"], language, "en"),
                          reviewed=found["version_label"], diff=diff, version_labels=labels, language=language)
    return replace(report, erasures=count_erasures(store, sessions))
