"""Poll exports as text: ballots CSV (pseudonymous ids only), results CSV and Markdown.

The ballots CSV names participants by their number in the database, never by pseudonym, and
carries no demographics or times (together they could single a person out). Group results are
exported only as the merged groups of :func:`workbench.polls.results.breakdown`.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Mapping

from workbench.polls.results import PollData, result_rows
from workbench.polls.labels import explain, method_names, tie_notes
from workbench.plan.model import pick

RESULT_COLUMNS = ("place", "tied", "key", "title", "score", "share", "win_probability",
                  "standard_error", "comparisons", "scored_by")


def ballots_csv(data: PollData) -> str:
    """One row per mark: ``participant,item,value`` — value is the place (rankings, 1 = first;
    tied items share a place), the dots, the score, or 1 (approved). For pairwise polls:
    ``participant,first,second,winner,reason`` (winner empty = can't decide)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if data.kind == "comparison":
        writer.writerow(["participant", "first", "second", "winner", "reason"])
        for c in data.comparisons:
            writer.writerow([c["participant_id"], c["first"], c["second"], c["winner"] or "", c["reason"] or ""])
        return out.getvalue()
    writer.writerow(["participant", "item", "value"])
    for person, ballot in sorted(data.ballots.items()):
        if data.kind == "ranking":
            place = 1
            for entry in ballot:
                group = entry if isinstance(entry, list) else [entry]
                for key in group:
                    writer.writerow([person, key, place])
                place += len(group)
        elif data.kind == "approval":
            for key in ballot:
                writer.writerow([person, key, 1])
        else:
            for key, value in ballot.items():
                writer.writerow([person, key, value])
    return out.getvalue()


def results_csv(result, items, language: str = "en") -> str:
    """The ranking table as CSV (columns :data:`RESULT_COLUMNS` that the method fills)."""
    rows = result_rows(result, items, language)
    columns = [c for c in RESULT_COLUMNS if any(c in row for row in rows)]
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _number(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 1000 else f"{value:.0f}"
    return str(value)


def results_markdown(poll: Mapping, result, items, language: str = "en",
                     groups: Mapping[str, Mapping] | None = None, voters: int | None = None) -> str:
    """The results as a Markdown report: title, method and how it counts, ties and tie-break,
    the ranking table, and (optional) the top items of each merged group."""
    rows = result_rows(result, items, language)
    title = pick(poll["title"], language)
    lines = [f"# {title}", "", f"**{method_names(language)[poll['method']]}** — "
             f"{explain(poll['method'], poll['params'], language)}", ""]
    if voters is not None:
        lines += [f"Voters: {voters}", ""]
    lines += [f"- {note}" for note in tie_notes(result, language)] + [""]
    extra = [c for c in ("share", "win_probability", "standard_error", "comparisons") if c in (rows[0] if rows else {})]
    lines.append("| " + " | ".join(["place", "item", "score", *extra]) + " |")
    lines.append("|---|---|---|" + "---|" * len(extra))
    for row in rows:
        place = f"{row['place']}{'=' if row['tied'] else ''}"
        cells = [place, row["title"].replace("|", "\\|"), _number(row["score"])]
        cells += [_number(row[c]) for c in extra]
        lines.append("| " + " | ".join(cells) + " |")
    for name, found in (groups or {}).items():
        top = ", ".join(str(k) for k in found["result"].ranking[0][:5]) if found["result"].ranking else ""
        lines += ["", f"- **{name}** ({found['voters']} voters): first {top}"]
    return "\n".join(lines) + "\n"
