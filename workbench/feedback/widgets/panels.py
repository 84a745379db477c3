"""HTML pieces of the triage app: live counts, the changes between versions, report links.

Pure functions from data to escaped HTML (no store); the screen puts them in ``HTML`` widgets.
"""
from __future__ import annotations

import html
from collections.abc import Mapping

from workbench.feedback.rules import STATUSES
from workbench.feedback.labels import change_labels, status_labels
from workbench.core.i18n import translator
from workbench.plan.model import pick
from workbench.plan.diff import PlanDiff


def counts_html(counts: Mapping[str, Mapping], language: str = "en") -> str:
    """A table per round: comments by status, overall and per theme (``triage_counts``).

    >>> "accepted" in counts_html({"r": {"comments": 1, "by_status": {"accepted": 1},
    ...                                  "by_theme": {"1": {"accepted": 1}}}})
    True
    """
    _ = translator(language)
    labels = status_labels(language)
    theme_word = _("Theme %(n)s")
    if not counts:
        return "<p>" + html.escape(_("No feedback round yet.")) + "</p>"
    out = []
    for name, entry in counts.items():
        head = "".join(f"<th>{html.escape(labels[s])}</th>" for s in STATUSES)
        all_themes = _("All themes")
        rows = [f"<tr><th>{html.escape(all_themes)}</th>"
                + "".join(f"<td>{entry['by_status'].get(s, 0)}</td>" for s in STATUSES) + "</tr>"]
        rows += [f"<tr><th>{html.escape(theme_word % {'n': theme})}</th>"
                 + "".join(f"<td>{row.get(s, 0)}</td>" for s in STATUSES) + "</tr>"
                 for theme, row in entry["by_theme"].items()]
        caption = _("Round %(name)s: %(n)d comments") % {"name": name, "n": entry["comments"]}
        out.append(f'<table class="wb-table wb-counts" data-round="{html.escape(name)}">'
                   f"<caption>{html.escape(caption)}</caption><tr><th></th>{head}</tr>{''.join(rows)}</table>")
    return "".join(out)


def diff_html(diff: PlanDiff, language: str = "en") -> str:
    """The changes between two versions: counts, then added, removed, moved and changed actions
    (old → new text); renumbered ones on one line."""
    _ = translator(language)
    labels = change_labels(language)
    counts = diff.counts(None)
    summary = ", ".join(f"{n} {labels[c]}" for c, n in counts.items() if n) or _("no changes")
    out = [f'<p class="wb-diff-summary"><b>{html.escape(diff.old_label)} → {html.escape(diff.new_label)}</b>: '
           f"{html.escape(summary)}</p>", '<ul class="wb-diff">']
    for c in diff.changes:
        if c.change == "renumbered":
            continue
        refs = {"added": c.new_ref, "removed": c.old_ref}.get(
            c.change, c.new_ref if c.old_ref == c.new_ref else f"{c.old_ref} → {c.new_ref}")
        title = pick(c.old_title if c.change == "removed" else c.new_title, language, "en")
        line = f"<b>{html.escape(labels[c.change])}</b> {html.escape(refs)} {html.escape(title)}"
        if c.change in ("moved", "changed") and c.old_title != c.new_title:
            line += (f'<br><span class="old">{html.escape(pick(c.old_title, language, "en"))}</span> → '
                     f'<span class="new">{html.escape(pick(c.new_title, language, "en"))}</span>')
        elif c.change in ("moved", "changed") and c.old_text != c.new_text:
            line += (f'<br><span class="old">{html.escape(pick(c.old_text, language, "en"))}</span> → '
                     f'<span class="new">{html.escape(pick(c.new_text, language, "en"))}</span>')
        out.append(f'<li class="wb-change-{c.change}">{line}</li>')
    out.append("</ul>")
    renumbered = [f"{c.old_ref} → {c.new_ref}" for c in diff.changes if c.change == "renumbered"]
    if renumbered:
        out.append(f'<p class="wb-note">{html.escape(labels["renumbered"])}: {html.escape(", ".join(renumbered))}</p>')
    return "".join(out)
