"""The facilitator's results views: where people agree, opinion groups, suggested themes.

Heavy libraries (numpy through :mod:`workbench.visioning.opinion`, matplotlib, scikit-learn) are imported
inside these functions: only a facilitator's kernel ever loads them.
"""
from __future__ import annotations

import html
import io
from collections.abc import Mapping, Sequence

from workbench.core.i18n import translator
from workbench.store import Store
from workbench.visioning.store.contributions import list_contributions
from workbench.visioning.store.reactions import current_votes

#: Colours of the opinion groups (colour-blind safe, Okabe–Ito).
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9")


def reaction_counts(store: Store, session_ids: Sequence[int] | None) -> dict[int, dict]:
    """{contribution id: {agree, disagree, passed, reactions, agree_share, clear_majority}}."""
    from workbench.visioning.opinion import agreement
    return {a.statement: {"agree": a.agree, "disagree": a.disagree, "passed": a.passed,
                          "reactions": a.reactions, "agree_share": a.agree_share,
                          "disagree_share": a.disagree_share, "pass_share": a.pass_share,
                          "clear_majority": a.clear_majority}
            for a in agreement(current_votes(store, session_ids))}


def agreement_html(items: Sequence[Mapping], counts: Mapping[int, Mapping], language: str) -> str:
    """Every contribution with its counts and shares, most agreed first; then the clear-majority
    list. Works for any number of people (no clustering)."""
    _ = translator(language)
    e = html.escape

    def text(item):
        translated = item.get("translations", {}).get(language) if item["language"] != language else None
        return e(translated or item["text"])

    ranked = sorted(items, key=lambda i: (-counts.get(i["id"], {}).get("agree_share", 0),
                                          -counts.get(i["id"], {}).get("reactions", 0), i["id"]))
    rows = []
    for item in ranked:
        c = counts.get(item["id"])
        if not c:
            rows.append(f"<tr><td>{item['id']}</td><td class=\"wb-text\">{text(item)}</td>"
                        f"<td colspan=\"4\">{e(_('no reactions yet'))}</td></tr>")
            continue
        bar = (f'<span class="wb-bar"><span style="width:{c["agree_share"]:.0%};background:#009E73"></span>'
               f'<span style="width:{c["disagree_share"]:.0%};background:#D55E00"></span>'
               f'<span style="width:{c["pass_share"]:.0%};background:#BBBBBB"></span></span>')
        rows.append(f"<tr><td>{item['id']}</td><td class=\"wb-text\">{text(item)}</td>"
                    f"<td>{c['agree']} ({c['agree_share']:.0%})</td><td>{c['disagree']} ({c['disagree_share']:.0%})</td>"
                    f"<td>{c['passed']} ({c['pass_share']:.0%})</td><td>{bar}</td></tr>")
    head = "".join(f"<th>{e(h)}</th>" for h in (_("No."), _("Text"), _("Agree"), _("Disagree"), _("Pass"), ""))
    majority = [item for item in ranked if counts.get(item["id"], {}).get("clear_majority")]
    listed = "".join(f"<li>{text(item)} <small>({counts[item['id']]['agree']}/"
                     f"{counts[item['id']]['reactions']})</small></li>" for item in majority)
    return (f"<h4>{e(_('A clear majority agrees'))}</h4>"
            + (f'<ol class="wb-majority">{listed}</ol>' if majority else
               f"<p>{e(_('No contribution has a clear majority yet (more than half agree, at least 3 answers).'))}</p>")
            + f"<h4>{e(_('Every contribution'))}</h4>"
            + f'<table class="wb-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>')


def opinion_groups_view(store: Store, session_ids: Sequence[int] | None, language: str) -> tuple[str, bytes | None]:
    """Opinion groups as HTML lists and a PNG scatter, or the reason there are none.

    Groups of fewer than 5 people are merged into their nearest group before anything is shown.
    """
    from workbench.visioning.opinion import NoGroups, opinion_groups, suppress_small_groups
    _ = translator(language)
    e = html.escape
    result = suppress_small_groups(opinion_groups(current_votes(store, session_ids)))
    if isinstance(result, NoGroups):
        why = _("No opinion groups yet: they need at least %(n)d people who each answered at least "
                "%(votes)d contributions; %(have)d have.") % {
            "n": result.min_participants, "votes": result.min_votes, "have": result.participants_included}
        if result.participants_included >= result.min_participants:
            why = _("No opinion groups: the answers of the %(have)d people included do not separate into "
                    "groups of at least 5.") % {"have": result.participants_included}
        return f'<p class="wb-note" role="status">{e(why)}</p>', None
    texts = {item["id"]: item for item in list_contributions(store, session_ids)}

    def said(cid):
        item = texts.get(cid, {"text": str(cid), "language": language})
        return e(item.get("translations", {}).get(language) or item["text"])

    parts = [f"<p>{e(_('%(n)d people included, %(k)d groups.') % {'n': result.participants_included, 'k': result.k})}</p>"]
    for group in result.groups:
        colour = COLOURS[group.id % len(COLOURS)]
        items = "".join(f"<li>{e(_('agree') if r.direction == 'agree' else _('disagree'))}: {said(r.statement)} "
                        f"<small>({r.p_in:.0%} / {r.p_out:.0%})</small></li>" for r in group.representative[:5])
        parts.append(f'<h4><span style="color:{colour}">●</span> '
                     f"{e(_('Group %(n)d: %(size)d people') % {'n': group.id + 1, 'size': len(group.participants)})}</h4>"
                     f"<ul>{items or '<li>' + e(_('no statement sets this group apart')) + '</li>'}</ul>")
    top = list(result.consensus)[:5]
    parts.append(f"<h4>{e(_('Agreed across groups'))}</h4><ol>"
                 + "".join(f"<li>{said(cid)}</li>" for cid in top) + "</ol>")
    return "".join(parts), scatter_png(result, _)


def scatter_png(result, _) -> bytes:
    """Participants in the 2-D opinion map, coloured by group (matplotlib, Agg backend)."""
    import matplotlib
    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    figure = Figure(figsize=(5, 4), dpi=96)
    axes = figure.subplots()
    for group in result.groups:
        xs = [result.coordinates[p][0] for p in group.participants]
        ys = [result.coordinates[p][1] for p in group.participants]
        axes.scatter(xs, ys, s=28, color=COLOURS[group.id % len(COLOURS)],
                     label=_("Group %(n)d") % {"n": group.id + 1})
    axes.set_xticks([])
    axes.set_yticks([])
    axes.legend(loc="best", fontsize=8)
    axes.set_title(_("Each dot is one participant"), fontsize=10)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def themes_for(store: Store, session_ids: Sequence[int] | None):
    """Suggested themes over the shown contributions (see :mod:`workbench.visioning.themes`)."""
    from workbench.visioning.themes import suggest_themes
    return suggest_themes(list_contributions(store, session_ids))
