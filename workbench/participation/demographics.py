"""Demographics in aggregate only: counts per country, region, language, age band and gender,
with small cells suppressed, and a world map with one dot per country.

The rules:

* A count is only ever shown for a group of at least :data:`SMALL_GROUP` (5) people; a cell of 1–4
  people is shown as :data:`FEWER` ("fewer than 5"). Empty cells are left out.
* When a total is shown beside the cells and exactly one cell is suppressed, that cell could be
  worked out by subtracting the others from the total; so the next-smallest cell is suppressed
  as well ("secondary suppression"). Ties are broken by the category name, so the result is
  the same every time. A total under 5 is itself shown as "fewer than 5".
* "Language" counts a person once for each language they speak, so its cells do not add up to
  the number of people; the same rules are applied anyway. Languages a person typed that are in
  no list ("Kikurya") are never shown, here or anywhere beside a pseudonym: they count once per
  person under :data:`OTHER_LANGUAGE` ("another language"), like any other cell.
* Two demographics are never cross-tabulated (e.g. gender by country): :func:`crosstab`
  refuses, because small groups in the cross cells could single someone out.
* The map shows a dot for every country with at least one participant and writes a count only
  beside countries with 5 or more.

Country names, regions and representative points come from ``data/countries.csv`` (see
``data/README.md``). matplotlib is imported only inside :func:`world_map`.
"""
from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache

from workbench.core.errors import RuleError, ValidationError
from workbench.core.shipped import shipped_dir
from workbench.participation.privacy import SMALL_GROUP
from workbench.participation.rules import PREFER_NOT

FEWER = "fewer than 5"
UNANSWERED = "unanswered"
OTHER_REGION = "other"
#: The cell of the people who typed a language that is in no list (what they typed is not shown).
OTHER_LANGUAGE = "another_language"
DIMENSIONS = ("country", "region", "language", "age_band", "gender")


@lru_cache(maxsize=1)
def country_table() -> dict[str, dict]:
    """``{code: {"name", "region", "lat", "lon"}}`` from ``data/countries.csv`` (lat/lon None
    where the file has no point)."""
    with open(shipped_dir("data") / "countries.csv", newline="", encoding="utf-8") as source:
        return {row["code"]: {"name": row["name"], "region": row["region"] or OTHER_REGION,
                              "lat": float(row["lat"]) if row["lat"] else None,
                              "lon": float(row["lon"]) if row["lon"] else None}
                for row in csv.DictReader(source)}


def suppress(counts: Mapping[str, int], *, with_total: bool = True) -> dict[str, int | str]:
    """Counts safe to show: cells of 1–4 become :data:`FEWER`; if ``with_total`` and exactly
    one cell was suppressed, the next-smallest cell is suppressed too. Zero cells are dropped.

    >>> suppress({"TZ": 12, "KE": 7, "UG": 2})
    {'TZ': 12, 'KE': 'fewer than 5', 'UG': 'fewer than 5'}
    >>> suppress({"TZ": 12, "KE": 7, "UG": 2}, with_total=False)
    {'TZ': 12, 'KE': 7, 'UG': 'fewer than 5'}
    """
    cells = {key: n for key, n in counts.items() if n > 0}
    hidden = {key for key, n in cells.items() if n < SMALL_GROUP}
    if with_total and len(hidden) == 1:
        shown = sorted((n, key) for key, n in cells.items() if key not in hidden)
        if shown:
            hidden.add(shown[0][1])
    return {key: (FEWER if key in hidden else n) for key, n in cells.items()}


def shown_total(total: int) -> int | str:
    """A total as shown: the number, or :data:`FEWER` when under 5."""
    return FEWER if 0 < total < SMALL_GROUP else total


def crosstab(first: str, second: str):
    """Always refuses: demographics are never combined (the cells could single someone out)."""
    raise RuleError(f"demographics are never cross-tabulated ({first} by {second}): small "
                    f"groups in the combined cells could single someone out")


_COLUMNS = ("country", "languages", "age_band", "gender", "other_languages")


def _rows(store, session_ids: Iterable[int] | None) -> list[dict]:
    sql = (f"SELECT {', '.join('d.' + c for c in _COLUMNS)} FROM participants p "
           "LEFT JOIN demographics d ON d.participant_id = p.id")
    params: list = []
    if session_ids is not None:
        ids = list(session_ids)
        sql += f" WHERE p.session_id IN ({','.join('?' * len(ids)) or 'NULL'})"
        params = ids
    return [dict(zip(_COLUMNS, row)) for row in store.db.execute(sql, params).fetchall()]


def _listed(value) -> list:
    """A stored JSON list (or a list already), [] for none."""
    if not value:
        return []
    return json.loads(value) if isinstance(value, str) else list(value)


def raw_counts(rows: Iterable[Mapping], dimension: str) -> Counter:
    """Unsuppressed counts of one dimension over per-person rows (internal: never show these)."""
    if dimension not in DIMENSIONS:
        raise ValidationError(f"demographics: {dimension!r} is not one of {', '.join(DIMENSIONS)}")
    counts: Counter = Counter()
    table = country_table() if dimension == "region" else {}
    for row in rows:
        if dimension == "language":
            value = row["languages"]
            if value == PREFER_NOT:
                counts[PREFER_NOT] += 1
                continue
            tags, others = _listed(value), _listed(row.get("other_languages"))
            counts.update(tags)
            if others:                    # counted, never named: what she typed stays hers
                counts[OTHER_LANGUAGE] += 1
            elif not tags:
                counts[UNANSWERED] += 1
            continue
        value = row["country" if dimension == "region" else dimension]
        if dimension == "region" and value not in (None, PREFER_NOT):
            value = table.get(value, {}).get("region", OTHER_REGION)
        counts[value or UNANSWERED] += 1
    return counts


def summary(store, session_ids: Iterable[int] | None = None) -> dict:
    """Everything a facilitator may see: ``{"total": …, dimension: {category: count or
    FEWER}}`` over the sessions' participants (all sessions when ``session_ids`` is None)."""
    rows = _rows(store, session_ids)
    result: dict = {"total": shown_total(len(rows))}
    for dimension in DIMENSIONS:
        result[dimension] = suppress(raw_counts(rows, dimension),
                                     with_total=dimension != "language")
    return result


def map_points(store, session_ids: Iterable[int] | None = None) -> list[dict]:
    """One point per country with at least one participant: code, name, lat, lon and the count
    as shown (a number only when 5 or more, else :data:`FEWER`). Countries without a point in
    ``data/countries.csv`` are left off the map (they still count in :func:`summary`)."""
    counts = raw_counts(_rows(store, session_ids), "country")
    table = country_table()
    points = []
    for code, n in sorted(counts.items()):
        place = table.get(code)
        if place and place["lat"] is not None:
            points.append({"code": code, "name": place["name"], "lat": place["lat"],
                           "lon": place["lon"], "count": n if n >= SMALL_GROUP else FEWER})
    return points


def world_map(store, session_ids: Iterable[int] | None = None, *, title: str = ""):
    """A matplotlib figure: an equirectangular scatter, one dot per participants' country,
    a count beside a dot only for 5 or more people. Drawn offline (no map tiles)."""
    import matplotlib
    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    points = map_points(store, session_ids)
    figure, ax = plt.subplots(figsize=(8, 4.2))
    ax.set_xlim(-180, 180)
    ax.set_ylim(-60, 80)
    ax.set_aspect("equal")
    ax.set_xticks(range(-180, 181, 60))
    ax.set_yticks(range(-60, 81, 30))
    ax.grid(color="#dddddd", linewidth=0.6)
    ax.tick_params(labelsize=7, colors="#666666")
    ax.scatter([p["lon"] for p in points], [p["lat"] for p in points], s=36, color="#b3002d",
               edgecolor="white", linewidth=0.8, zorder=3)
    for p in points:
        if p["count"] != FEWER:
            ax.annotate(str(p["count"]), (p["lon"], p["lat"]), xytext=(4, 3),
                        textcoords="offset points", fontsize=7)
    if title:
        ax.set_title(title, fontsize=10)
    figure.tight_layout()
    plt.close(figure)
    return figure


def report_lines(store, session_ids: Iterable[int] | None = None) -> list[str]:
    """The summary as plain text lines, for analyst notebooks and the command line."""
    data = summary(store, session_ids)
    lines = [f"participants: {data['total']}"]
    for dimension in DIMENSIONS:
        lines.append(f"{dimension}:")
        lines += [f"  {key}: {n}" for key, n in data[dimension].items()]
    return lines


def map_png(store, session_ids: Iterable[int] | None = None) -> bytes | None:
    """:func:`world_map` as PNG bytes (None when nobody gave a country with a point)."""
    if not map_points(store, session_ids):
        return None
    import io
    buffer = io.BytesIO()
    world_map(store, session_ids).savefig(buffer, format="png", dpi=90)
    return buffer.getvalue()


def country_names(language: str) -> dict[str, str]:
    """``{code: name}`` in ``language`` (Babel's names)."""
    from workbench.participation.rules import countries
    return {code: name for name, code in countries(language)}
