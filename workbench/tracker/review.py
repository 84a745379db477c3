"""The annual review: a report for the survivor leaders' review meeting, in Markdown or as one
self-contained HTML file (charts embedded as PNG ``data:`` URIs, so it opens offline).

It says, for an as-of date and a previous date: overall progress, progress per theme, what was
completed, what slipped, what is overdue, the indicators, and the notes reported in between.
:func:`review_blocks` builds the report once as plain blocks; :func:`render_markdown` and
:func:`render_html` write it, escaping every text that came from people.
"""
from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass

from workbench.core.errors import ValidationError
from workbench.core.i18n import translator
from workbench.plan.model import Plan, pick
from workbench.tracker.rollups import Change, changes, overdue, rollup, summarize
from workbench.tracker.rules import STATUSES, State, Tracker
from workbench.tracker.labels import date_text, percent, status_labels
from workbench.tracker.files import format_number

MAX_INDICATOR_CHARTS = 12


@dataclass
class Review:
    """What the review reports on: the plan and its milestones on two dates."""
    plan: Plan
    tracker: Tracker
    as_of: dt.date
    since: dt.date
    language: str
    now: list[State]
    then: list[State]
    changes: list[Change]


def build_review(plan: Plan, tracker: Tracker, as_of: dt.date, since: dt.date,
                 language: str = "en") -> Review:
    """Compute the review; raises :class:`ValidationError` if ``since`` is after ``as_of``."""
    if since > as_of:
        raise ValidationError(f"review: the previous date {since} is after the as-of date {as_of}")
    return Review(plan, tracker, as_of, since, language, tracker.snapshot(as_of),
                  tracker.snapshot(since), changes(tracker, since, as_of))


def _name(review: Review, state_or_milestone) -> str:
    m = getattr(state_or_milestone, "milestone", state_or_milestone)
    return f"{m.key} ({m.action}) {pick(m.title, review.language)}"


def review_blocks(review: Review, charts: bool = True) -> list[tuple]:
    """The report as blocks: ``("h1"|"h2"|"p", text)``, ``("list", items)``,
    ``("table", header, rows)``, ``("img", alt, png)``. Texts are plain (not yet escaped)."""
    from workbench.tracker import charts as tracker_charts
    _ = translator(review.language)
    labels = status_labels(review.language)
    lang = review.language
    when = {"as_of": date_text(review.as_of, lang), "since": date_text(review.since, lang)}
    now, then = summarize(review.now), summarize(review.then)
    blocks: list[tuple] = [
        ("h1", _("Annual review: %(plan)s") % {"plan": pick(review.plan.title, lang)}),
        ("p", _("Progress as of %(as_of)s, and what changed since %(since)s.") % when)]
    if any(m.synthetic for m in review.tracker.milestones):
        blocks.append(("p", _("This report contains synthetic demonstration data, marked [synthetic].")))
    blocks += [
        ("h2", _("Overall progress")),
        ("p", _("%(n)d milestones: %(share)s done (%(before)s on %(since)s); %(overdue)d overdue "
                "(%(overdue_before)d on %(since)s).")
         % {"n": now.total, "share": percent(now.done_share, lang), "before": percent(then.done_share, lang),
            "overdue": now.overdue, "overdue_before": then.overdue, **when}),
        ("table", [_("Status"), when["since"], when["as_of"]],
         [[labels[s], then.by_status[s], now.by_status[s]] for s in STATUSES])]
    themes_now, themes_then = rollup(review.now, "theme"), rollup(review.then, "theme")
    theme_rows = []
    for theme in review.plan.themes:
        ref = str(theme.number)
        if ref in themes_now:
            theme_rows.append((ref, f"{ref} {pick(theme.title, lang)}", themes_then[ref], themes_now[ref]))
    if charts and theme_rows:
        png = tracker_charts.theme_bars_png(
            [(label[:40], a.done_share, b.done_share) for _ref, label, a, b in theme_rows],
            {"then": when["since"], "now": when["as_of"], "share": _("share done")})
        blocks.append(("img", _("Share done per theme"), png))
    completed = [c for c in review.changes if c.completed]
    slipped = [c for c in review.changes if c.slipped]
    blocks += [
        ("h2", _("Progress per theme")),
        ("table", [_("Theme"), _("Milestones"), _("Done"), _("Share done"), _("Before"), _("Overdue"),
                   _("Completed"), _("Slipped")],
         [[label, b.total, b.by_status["done"], percent(b.done_share, lang), percent(a.done_share, lang),
           b.overdue, sum(c.milestone.theme == ref for c in completed),
           sum(c.milestone.theme == ref for c in slipped)] for ref, label, a, b in theme_rows])]
    blocks.append(("h2", _("Completed since %(since)s") % when))
    blocks.append(("list", [f"{_name(review, c)} — {c.milestone.owner}" for c in completed])
                  if completed else ("p", _("No milestone was completed in this period.")))
    blocks.append(("h2", _("Slipped since %(since)s") % when))
    blocks.append(("list", [_slip_text(review, c, labels, _) for c in slipped])
                  if slipped else ("p", _("No milestone slipped in this period.")))
    late = overdue(review.now)
    blocks.append(("h2", _("Overdue on %(as_of)s") % when))
    blocks.append(("table", [_("Milestone"), _("Target"), _("Status"), _("Owner")],
                   [[_name(review, s), str(s.milestone.target), labels[s.status], s.milestone.owner]
                    for s in late]) if late else ("p", _("No milestone is overdue.")))
    blocks += _indicator_blocks(review, charts, _)
    blocks += _note_blocks(review, labels, _)
    return blocks


def _slip_text(review: Review, change: Change, labels, _) -> str:
    text = f"{_name(review, change)}: {labels[change.before.status]} → {labels[change.after.status]}"
    if change.newly_overdue:
        text += " · " + _("overdue (target %(target)s)") % {"target": str(change.milestone.target)}
    return f"{text} — {change.milestone.owner}"


def _indicator_blocks(review: Review, charts: bool, _) -> list[tuple]:
    from workbench.tracker import charts as tracker_charts
    pairs = [(a, b) for a, b in zip(review.then, review.now) if b.milestone.indicator]
    if not pairs:
        return []
    lang = review.language
    blocks: list[tuple] = [("h2", _("Indicators"))]
    moved = [b for a, b in pairs if a.value != b.value]
    if charts and moved:
        series = []
        for state in moved[:MAX_INDICATOR_CHARTS]:
            m, indicator = state.milestone, state.milestone.indicator
            points = [(date, u.value) for date, u in review.tracker.history(m).timeline(review.as_of)
                      if u.value is not None]
            series.append({"title": f"{m.key}: {pick(m.title, lang)}"[:48], "unit": indicator.unit,
                           "baseline": indicator.baseline, "target": indicator.target, "points": points})
        blocks.append(("img", _("Indicators that moved in this period"), tracker_charts.indicators_png(series)))
        if len(moved) > MAX_INDICATOR_CHARTS:
            blocks.append(("p", _("%(n)d more indicators moved: see the table.")
                           % {"n": len(moved) - MAX_INDICATOR_CHARTS}))
    blocks.append(("table", [_("Milestone"), _("Unit"), _("Baseline"), _("Before"), _("Now"), _("Target"),
                             _("Progress")],
                   [[_name(review, b), b.milestone.indicator.unit, format_number(b.milestone.indicator.baseline),
                     format_number(a.value), format_number(b.value), format_number(b.milestone.indicator.target),
                     percent(b.progress, lang)] for a, b in pairs]))
    return blocks


def _note_blocks(review: Review, labels, _) -> list[tuple]:
    items = []
    for m in review.tracker.milestones:
        history = review.tracker.history(m)
        corrected = history.corrected_ids(review.as_of)
        for u in history.known(review.as_of):
            if u.date > review.since and (u.note or u.evidence):
                text = f"{m.key} · {u.date.isoformat()} · {labels[u.status]}"
                text += f" · {u.reporter}: {u.note}" if u.reporter else f": {u.note}"
                if u.evidence:
                    text += " · " + _("evidence:") + " " + " ".join(u.evidence)
                if u.id in corrected:
                    text += " " + _("(corrected later)")
                items.append(text)
    return [("h2", _("Notes reported in this period")),
            ("list", items) if items else ("p", _("No notes were reported in this period."))]


# -- writers ----------------------------------------------------------------------------------
_LINK = re.compile(r"https?://[^\s<>\"']+")
CSS = ("body{font-family:system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;"
       "line-height:1.45;color:#222}table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem}"
       "td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}"
       "img{max-width:100%;height:auto}h2{margin-top:2rem;border-bottom:1px solid #ddd}")


def _html_text(text: object) -> str:
    """Escape ``text`` for HTML, then turn its web links into links."""
    return _LINK.sub(lambda m: f'<a href="{m[0]}">{m[0]}</a>', html.escape(str(text)))


def render_html(blocks: list[tuple], language: str = "en") -> str:
    """One self-contained HTML page (inline style, images as data URIs)."""
    from workbench.tracker.charts import data_uri
    title = next((b[1] for b in blocks if b[0] == "h1"), "")
    out = [f'<!DOCTYPE html>\n<html lang="{html.escape(language)}"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{html.escape(title)}</title><style>{CSS}</style></head><body>"]
    for block in blocks:
        kind = block[0]
        if kind in ("h1", "h2", "p"):
            out.append(f"<{kind}>{_html_text(block[1])}</{kind}>")
        elif kind == "list":
            out.append("<ul>" + "".join(f"<li>{_html_text(item)}</li>" for item in block[1]) + "</ul>")
        elif kind == "table":
            head = "".join(f"<th>{_html_text(c)}</th>" for c in block[1])
            body = "".join("<tr>" + "".join(f"<td>{_html_text(c)}</td>" for c in row) + "</tr>"
                           for row in block[2])
            out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        elif kind == "img":
            out.append(f'<figure><img alt="{html.escape(block[1])}" src="{data_uri(block[2])}">'
                       f"<figcaption>{html.escape(block[1])}</figcaption></figure>")
    out.append("</body></html>\n")
    return "\n".join(out)


def _md_text(text: object) -> str:
    """Escape ``text`` so that Markdown shows it as written (no HTML, links or emphasis)."""
    escaped = re.sub(r"([\\`*_\[\]|])", r"\\\1", html.escape(str(text), quote=False).replace("\n", " "))
    return "\\" + escaped if escaped.startswith("#") else escaped


def render_markdown(blocks: list[tuple]) -> str:
    """Markdown with pipe tables and images as data URIs."""
    from workbench.tracker.charts import data_uri
    out = []
    for block in blocks:
        kind = block[0]
        if kind == "h1":
            out.append(f"# {_md_text(block[1])}")
        elif kind == "h2":
            out.append(f"## {_md_text(block[1])}")
        elif kind == "p":
            out.append(_md_text(block[1]))
        elif kind == "list":
            out.append("\n".join(f"- {_md_text(item)}" for item in block[1]))
        elif kind == "table":
            rows = [block[1], ["---"] * len(block[1]), *block[2]]
            out.append("\n".join("| " + " | ".join(c if c == "---" else _md_text(c) for c in row) + " |"
                                 for row in rows))
        elif kind == "img":
            out.append(f"![{_md_text(block[1])}]({data_uri(block[2])})")
    return "\n\n".join(out) + "\n"


def write_review(review: Review, fmt: str = "html", charts: bool = True) -> str:
    """The review as ``"html"`` or ``"md"`` text."""
    blocks = review_blocks(review, charts)
    if fmt == "html":
        return render_html(blocks, review.language)
    if fmt in ("md", "markdown"):
        return render_markdown(blocks)
    raise ValidationError(f"review: unknown format {fmt!r}; expected html or md")
