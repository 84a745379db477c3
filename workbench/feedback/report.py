"""The "you said, we did" report of a feedback round, as Markdown or a self-contained web page.

For each theme, goal and action of the reviewed version that had comments or changed: how many
comments of each type, the working groups' responses (grouped when several comments got the
same answer), up to :data:`MAX_QUOTES` quotations, and what changed in the next version. Above,
the round's overall numbers as the source document gives them (sessions, participants,
written submissions, countries). Quotations come only from comments whose authors allowed
quoting; pseudonyms never appear (a comment does not carry one). Everything people typed is
escaped for the format it lands in.
"""
from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from workbench.feedback.rules import STATUSES, TYPES, Comment, count_by, quotable
from workbench.feedback.labels import change_labels, numbers_sentence, status_labels, type_labels
from workbench.core.i18n import plural_translator, translator
from workbench.plan.model import Plan, pick
from workbench.plan.diff import ItemChange, PlanDiff

MAX_QUOTES = 3
FORMATS = ("html", "md")


@dataclass(frozen=True)
class Response:
    status: str
    response: str
    reason: str
    landed: str | None      # "draft 2, 1.2.5"
    count: int


@dataclass(frozen=True)
class ItemReport:
    ref: str
    kind: str
    title: str
    by_type: Mapping[str, int]
    by_status: Mapping[str, int]
    responses: tuple[Response, ...]
    quotes: tuple[Comment, ...]
    not_quoted: int
    changes: tuple[ItemChange, ...]


@dataclass(frozen=True)
class Report:
    title: str
    round_name: str
    reviewed: str
    next: str | None
    language: str
    numbers: Mapping[str, int]
    by_type: Mapping[str, int]
    by_status: Mapping[str, int]
    items: tuple[ItemReport, ...]
    added: tuple[ItemChange, ...]
    erasures: int = 0       # people who withdrew and were erased: counts not recomputed


def _responses(comments: Sequence[Comment], labels: Mapping[int, str]) -> tuple[Response, ...]:
    groups: dict[tuple, int] = {}
    for c in comments:
        if c.status == "new":
            continue
        landed = f"{labels.get(c.landed_version, c.landed_version)}, {c.landed_ref}" \
            if c.landed_version is not None and c.landed_ref else None
        key = (c.status, c.response, c.reason, landed)
        groups[key] = groups.get(key, 0) + 1
    return tuple(Response(*key, n) for key, n in groups.items())


def build_report(plan: Plan, comments: Sequence[Comment], numbers: Mapping[str, int], *,
                 round_name: str, title: str, reviewed: str, diff: PlanDiff | None = None,
                 version_labels: Mapping[int, str] | None = None, language: str = "en") -> Report:
    """Assemble the report from the reviewed plan, the round's comments (withdrawn ones are
    left out), its overall numbers and the diff to the next version."""
    comments = [c for c in comments if not c.withdrawn]
    by_ref: dict[str, list[Comment]] = {}
    for c in comments:
        by_ref.setdefault(c.ref, []).append(c)
    found: dict[str, ItemReport] = {}
    for ref, kind, node in plan.walk():
        mine = by_ref.get(ref, [])
        changes = tuple(c for c in (diff.for_old_ref(ref) if diff else ())
                        if c.change != "renumbered" or mine)
        quotes = quotable(mine)
        found[ref] = ItemReport(ref, kind, pick(node.title, language, "en"), count_by(mine, "type", TYPES),
                                count_by(mine, "status", STATUSES), _responses(mine, version_labels or {}),
                                tuple(quotes[:MAX_QUOTES]), sum(not c.quotable for c in mine), changes)
    shown = {ref for ref, item in found.items() if sum(item.by_type.values()) or item.changes}
    shown |= {ref.rsplit(".", k)[0] for ref in shown for k in (1, 2) if ref.count(".") >= k}
    items = [item for ref, item in found.items() if ref in shown]
    added = tuple(c for c in diff.changes if c.change == "added") if diff else ()
    return Report(title, round_name, reviewed, diff.new_label if diff else None, language, dict(numbers),
                  count_by(comments, "type", TYPES), count_by(comments, "status", STATUSES), tuple(items), added)


# -- rendering -------------------------------------------------------------------------------
class _Words:
    def __init__(self, language: str):
        self._ = translator(language)
        self.ngettext = plural_translator(language)
        self.types, self.statuses, self.changes = (type_labels(language), status_labels(language),
                                                   change_labels(language))

    def head(self, report: "Report") -> dict[str, str]:
        """The report's fixed words: heading, versions line, totals labels, "new in"."""
        _ = self._
        versions = _("Reviewed version: %(version)s.") % {"version": report.reviewed}
        if report.next:
            versions += " " + _("Changes shown: up to %(version)s.") % {"version": report.next}
        return {"heading": _("You said, we did"), "versions": versions, "comments": _("Comments"),
                "by_type": _("By type"), "by_status": _("By status"),
                "new_in": _("New in %(version)s") % {"version": report.next}}

    def counts(self, counts: Mapping[str, int], names: Mapping[str, str]) -> str:
        return " · ".join(f"{names[k]} {n}" for k, n in counts.items() if n)

    def comments(self, n: int) -> str:
        return self.ngettext("%(n)d comment", "%(n)d comments", n) % {"n": n}

    def erased(self) -> str:
        return self._("Some participants withdrew and their words were erased; "
                      "counts already published are not recomputed.")

    def not_quoted(self, n: int) -> str:
        return self.ngettext("%(n)d comment is counted but not quoted, as its author asked.",
                             "%(n)d comments are counted but not quoted, as their authors asked.", n) % {"n": n}

    def change(self, c: ItemChange, language: str) -> tuple[str, str | None, str | None]:
        """(what happened, old text, new text) of one change."""
        label = self.changes[c.change]
        if c.change in ("moved", "renumbered"):
            label += f" {c.old_ref} → {c.new_ref}"
        if c.change == "removed":
            return label, None, None
        old = pick(c.old_title, language, "en") if c.old_title != c.new_title else None
        new = pick(c.new_title, language, "en") if c.old_title != c.new_title else None
        if old is None and c.old_text != c.new_text:
            old, new = pick(c.old_text, language, "en"), pick(c.new_text, language, "en")
        return label, old, new


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~&!])")


def md_escape(text: str) -> str:
    """Text that Markdown shows as typed (no markup, no raw HTML), on one line.

    >>> md_escape("<b>*hi*</b>")
    '\\\\<b\\\\>\\\\*hi\\\\*\\\\</b\\\\>'
    """
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def render_markdown(report: Report) -> str:
    """The report as Markdown; every text from people and plans escaped."""
    w, e, lang = _Words(report.language), md_escape, report.language
    t = w.head(report)
    out = [f"# {e(t['heading'])}: {e(report.title)}", "", e(numbers_sentence(report.numbers, lang)), "",
           *([f"*{e(w.erased())}*", ""] if report.erasures else []),
           e(t["versions"]), "", f"- {e(t['comments'])}: {report.numbers.get('comments', sum(report.by_type.values()))}",
           f"- {e(t['by_type'])}: {e(w.counts(report.by_type, w.types)) or '–'}",
           f"- {e(t['by_status'])}: {e(w.counts(report.by_status, w.statuses)) or '–'}", ""]
    for item in report.items:
        level = {"theme": "##", "goal": "###", "action": "####"}[item.kind]
        out += [f"{level} {e(item.ref)} {e(item.title)}", ""]
        if sum(item.by_type.values()):
            out += [f"{e(w.comments(sum(item.by_type.values())))}: {e(w.counts(item.by_type, w.types))}", ""]
        for r in item.responses:
            landed = f" → {e(r.landed)}" if r.landed else ""
            words = " — ".join(e(t) for t in (r.response, r.reason) if t)
            out.append(f"- **{e(w.statuses[r.status])}** ({e(w.comments(r.count))}){landed}"
                       + (f": {words}" if words else ""))
        if item.responses:
            out.append("")
        for q in item.quotes:
            out += [f"> {e(q.text)} ({e(q.language)}, {e(w.types[q.type])})", ""]
        if item.not_quoted:
            out += [f"*{e(w.not_quoted(item.not_quoted))}*", ""]
        for c in item.changes:
            label, old, new = w.change(c, lang)
            out.append(f"- {e(label)}" + (f": “{e(old)}” → “{e(new)}”" if old is not None else ""))
        if item.changes:
            out.append("")
    if report.added:
        out += [f"## {e(t['new_in'])}", ""]
        out += [f"- {e(c.new_ref)} {e(pick(c.new_title, lang, 'en'))}" for c in report.added] + [""]
    return "\n".join(out)


CSS = """body{font-family:system-ui,sans-serif;max-width:46rem;margin:1rem auto;padding:0 1rem;line-height:1.45}
h1{font-size:1.5rem}h2{font-size:1.3rem;margin-top:2rem}h3{font-size:1.1rem}h4{font-size:1rem}
.numbers{font-size:1.1rem}.status{font-weight:600}.not-quoted{color:#555;font-style:italic}
blockquote{margin:.5rem 0;padding:.25rem .75rem;border-left:4px solid #7a5;background:#f6f9f3}
.old{text-decoration:line-through;color:#844}.new{color:#263}section{margin-bottom:1rem}"""


def render_html(report: Report, *, fragment: bool = False) -> str:
    """The report as one self-contained web page (no scripts, no outside files), all escaped;
    ``fragment``: only what goes inside ``<body>`` (for showing it in an app)."""
    w, x, lang = _Words(report.language), html.escape, report.language
    t = w.head(report)
    head = f"{t['heading']}: {report.title}"
    out = [f'<!DOCTYPE html><html lang="{x(lang)}"><head><meta charset="utf-8">'
           '<meta name="viewport" content="width=device-width, initial-scale=1">'
           f"<title>{x(head)}</title><style>{CSS}</style></head><body>",
           f"<h1>{x(head)}</h1>", f'<p class="numbers">{x(numbers_sentence(report.numbers, lang))}</p>',
           *([f'<p class="not-quoted">{x(w.erased())}</p>'] if report.erasures else []),
           f"<p>{x(t['versions'])}</p>", '<ul class="totals">',
           f"<li>{x(t['comments'])}: {report.numbers.get('comments', sum(report.by_type.values()))}</li>",
           f"<li>{x(t['by_type'])}: {x(w.counts(report.by_type, w.types)) or '–'}</li>",
           f"<li>{x(t['by_status'])}: {x(w.counts(report.by_status, w.statuses)) or '–'}</li></ul>"]
    for item in report.items:
        tag = {"theme": "h2", "goal": "h3", "action": "h4"}[item.kind]
        out.append(f'<section class="item" id="item-{x(item.ref)}"><{tag}>{x(item.ref)} {x(item.title)}</{tag}>')
        if sum(item.by_type.values()):
            out.append(f'<p class="counts">{x(w.comments(sum(item.by_type.values())))}: '
                       f"{x(w.counts(item.by_type, w.types))}</p>")
        if item.responses:
            out.append('<ul class="responses">')
            for r in item.responses:
                landed = f" → {x(r.landed)}" if r.landed else ""
                words = " — ".join(x(t) for t in (r.response, r.reason) if t)
                out.append(f'<li><span class="status">{x(w.statuses[r.status])}</span> '
                           f"({x(w.comments(r.count))}){landed}{': ' + words if words else ''}</li>")
            out.append("</ul>")
        for q in item.quotes:
            out.append(f'<blockquote class="quote" lang="{x(q.language)}">{x(q.text)} '
                       f"<small>({x(q.language)}, {x(w.types[q.type])})</small></blockquote>")
        if item.not_quoted:
            out.append(f'<p class="not-quoted">{x(w.not_quoted(item.not_quoted))}</p>')
        if item.changes:
            out.append('<ul class="changes">')
            for c in item.changes:
                label, old, new = w.change(c, lang)
                pair = (f': <span class="old">{x(old)}</span> → <span class="new">{x(new)}</span>'
                        if old is not None else "")
                out.append(f"<li>{x(label)}{pair}</li>")
            out.append("</ul>")
        out.append("</section>")
    if report.added:
        out.append(f"<h2>{x(t['new_in'])}</h2><ul class=\"added\">")
        out += [f"<li>{x(c.new_ref)} {x(pick(c.new_title, lang, 'en'))}</li>" for c in report.added]
        out.append("</ul>")
    if fragment:
        return "\n".join(['<div class="wb-report">'] + out[1:] + ["</div>"])
    out.append("</body></html>")
    return "\n".join(out)


def write_report(report: Report, fmt: str = "html") -> str:
    """The report in ``fmt`` (html | md)."""
    if fmt not in FORMATS:
        from workbench.core.errors import ValidationError
        raise ValidationError(f"unknown report format {fmt!r}; expected html or md")
    return render_html(report) if fmt == "html" else render_markdown(report)
