"""Poll results: counting a poll's ballots, the table, group breakdowns and consensus.

Pure functions over plain data (the store gathers it: see
:func:`workbench.polls.store.ballots.poll_data`). Counting is done by :mod:`workbench.voting`;
ties stay ties. Groups (working group, language, region, country, age band, gender) are formed
over the people who voted, and any group of fewer than :data:`SMALL_GROUP` people is merged into
"other" — if "other" itself stays smaller, the smallest groups join it until it is big enough —
so a result never shows what fewer than five people did.

Group-informed consensus (as Pol.is computes it for statements): for each item and group, the
share of the group's voters who support the item, smoothed as (supporters + 1) / (voters + 2);
the item's consensus is the product of those shares over the groups. It is high only when every
group supports the item, and low when any group does not.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from math import prod
from typing import Any

from workbench.participation.privacy import SMALL_GROUP
from workbench.participation.rules import PREFER_NOT
from workbench.polls.rules import BALLOT_KINDS, PollItem

OTHER = "other"
#: The one group of everyone, when groups are too small to tell apart.
ALL = "all"
NOT_GIVEN = "not_given"
#: Participant attributes a breakdown may use ("group" is the working group of the join link).
ATTRIBUTES = ("group", "language", "region", "country", "age_band", "gender")
REGIONS = ("Africa", "Asia", "Europe", "Latin America and the Caribbean", "North America", "Oceania")
_NORTH_AMERICA = {"US", "CA", "GL", "PM", "BM"}
_ZONE_REGIONS = {"Africa": "Africa", "Asia": "Asia", "Europe": "Europe", "Arctic": "Europe",
                 "Australia": "Oceania", "Pacific": "Oceania"}
_ISLANDS = {"CV": "Africa", "KM": "Africa", "MG": "Africa", "MU": "Africa", "RE": "Africa",
            "SC": "Africa", "SH": "Africa", "YT": "Africa", "IS": "Europe", "FO": "Europe",
            "MV": "Asia", "IO": "Asia", "CC": "Oceania", "CX": "Oceania",
            "FK": "Latin America and the Caribbean", "GS": "Latin America and the Caribbean"}


@dataclass(frozen=True)
class PollData:
    """Everything counted: the poll's method and params, its current items, each participant's
    ballot, the comparisons (dicts with participant_id, first, second, winner, reason), and
    each participant's attributes (see :data:`ATTRIBUTES`)."""
    method: str
    params: Mapping[str, Any]
    items: Sequence[PollItem]
    ballots: Mapping[int, Any] = field(default_factory=dict)
    comparisons: Sequence[Mapping] = ()
    attributes: Mapping[int, Mapping[str, Any]] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return BALLOT_KINDS[self.method]

    @property
    def keys(self) -> list[str]:
        return [item.key for item in self.items]

    def voters(self) -> list[int]:
        """Participants who cast a ballot (or answered a pair decisively), in id order."""
        if self.kind == "comparison":
            return sorted({c["participant_id"] for c in self.comparisons if c["winner"]})
        return sorted(self.ballots)

    def restricted(self, people: set[int]) -> "PollData":
        """The same poll with only ``people``'s ballots and comparisons."""
        return PollData(self.method, self.params, self.items,
                        {p: b for p, b in self.ballots.items() if p in people},
                        [c for c in self.comparisons if c["participant_id"] in people], self.attributes)


def tally(data: PollData):
    """Count the poll with its method; return a :class:`workbench.voting.Result`.

    For the pairwise survey, "can't decide" answers are not wins for either item; their number
    (by reason) is in ``details["cant_decide"]``.
    """
    from workbench.voting import count
    if data.kind != "comparison":
        return count(data.keys, list(data.ballots.values()), data.method, data.params)
    keys = set(data.keys)
    pairs = [[c["winner"], c["second"] if c["winner"] == c["first"] else c["first"]]
             for c in data.comparisons if c["winner"] and c["first"] in keys and c["second"] in keys]
    result = count(data.keys, pairs, data.method, data.params)
    reasons: dict[str, int] = {}
    for c in data.comparisons:
        if not c["winner"]:
            reasons[c["reason"] or "none"] = reasons.get(c["reason"] or "none", 0) + 1
    result.details["cant_decide"] = reasons
    return result


def places(ranking: Sequence[Sequence]) -> dict:
    """Each item's place; tied items share the best place of their group.

    >>> places([["A"], ["B", "C"], ["D"]])
    {'A': 1, 'B': 2, 'C': 2, 'D': 4}
    """
    out, place = {}, 1
    for group in ranking:
        out.update(dict.fromkeys(group, place))
        place += len(group)
    return out


def result_rows(result, items: Sequence[PollItem], language: str = "en") -> list[dict]:
    """The ranking table: one row per item, best first — place, tied, key, title, score, and
    method extras (approval share; Bradley–Terry chance to win, its ± and the comparisons)."""
    by_key = {item.key: item for item in items}
    place = places(result.ranking)
    details = result.details
    rows = []
    for group in result.ranking:
        for key in group:
            row = {"place": place[key], "tied": len(group) > 1, "key": key,
                   "title": by_key[key].label(language) if key in by_key else key,
                   "score": result.scores.get(key)}
            if result.method == "approval":
                row["share"] = details["share"][key]
            if result.method == "bradley-terry":
                row["win_probability"] = details["win_probability"][key]
                row["standard_error"] = details["standard_error"][key]
                row["comparisons"] = details["wins"][key] + details["losses"][key]
            if result.method == "score":
                row["scored_by"] = details["counts"][key]
            rows.append(row)
    return rows


# -- groups -----------------------------------------------------------------------------------
def region(country: str | None) -> str | None:
    """The world region of an ISO country code, from the country's time zones (CLDR via Babel).

    >>> region("TZ"), region("BR"), region("US"), region("NZ"), region(None)
    ('Africa', 'Latin America and the Caribbean', 'North America', 'Oceania', None)
    """
    if not country or country == PREFER_NOT:
        return None
    if country in _ISLANDS:
        return _ISLANDS[country]
    from babel.core import get_global
    zones = get_global("territory_zones").get(country)
    if not zones:
        return None
    area = zones[0].split("/")[0]
    if area == "America":
        return "North America" if country in _NORTH_AMERICA else "Latin America and the Caribbean"
    return _ZONE_REGIONS.get(area)


def group_labels(data: PollData, attribute: str) -> dict[int, str]:
    """Each voter's group for ``attribute``; unanswered and "prefer not to say" are ``not_given``."""
    if attribute not in ATTRIBUTES:
        from workbench.core.errors import ValidationError
        raise ValidationError(f"unknown attribute {attribute!r} (known: {', '.join(ATTRIBUTES)})")
    labels = {}
    for person in data.voters():
        found = data.attributes.get(person, {})
        value = region(found.get("country")) if attribute == "region" else found.get(attribute)
        labels[person] = NOT_GIVEN if value in (None, "", PREFER_NOT) else str(value)
    return labels


def merge_small(labels: Mapping[int, str], min_size: int = SMALL_GROUP) -> dict[int, str]:
    """Merge every group smaller than ``min_size`` into :data:`OTHER`; while "other" is still
    smaller (but not empty), the smallest remaining group joins it. With fewer than
    ``min_size`` people in all, everyone is in "other".

    >>> merged = merge_small({p: ("a" if p < 6 else "b" if p < 9 else "c") for p in range(11)})
    >>> sorted(set(merged.values())), sum(v == "other" for v in merged.values())
    (['a', 'other'], 5)
    >>> set(merge_small({p: ("a" if p < 6 else "b") for p in range(9)}).values())  # 3 would show
    {'other'}
    """
    sizes: dict[str, int] = {}
    for label in labels.values():
        sizes[label] = sizes.get(label, 0) + 1
    small = {label for label, n in sizes.items() if n < min_size}
    other = sum(sizes[label] for label in small) + sizes.get(OTHER, 0) * (OTHER not in small)
    small.add(OTHER)
    while 0 < other < min_size:
        rest = sorted((n, label) for label, n in sizes.items() if label not in small)
        if not rest:
            break
        n, label = rest[0]
        small.add(label)
        other += n
    return {person: OTHER if label in small else label for person, label in labels.items()}


def grouping(data: PollData, attribute: str, min_size: int = SMALL_GROUP) -> dict[str, set[int]]:
    """The voters of each group of ``attribute`` after merging small groups, largest first and
    "other" last; ``{ALL: everyone}`` when fewer than two groups remain."""
    members: dict[str, set[int]] = {}
    for person, label in merge_small(group_labels(data, attribute), min_size).items():
        members.setdefault(label, set()).add(person)
    if len(members) < 2:
        return {ALL: set(data.voters())}
    order = sorted(members, key=lambda g: (g == OTHER, -len(members[g]), g))
    return {g: members[g] for g in order}


def breakdown(data: PollData, attribute: str, min_size: int = SMALL_GROUP) -> dict[str, dict]:
    """The poll counted separately in each group of ``attribute`` (small groups merged).

    Returns ``{group: {"voters": n, "result": Result}}``, largest group first, "other" last;
    empty when there are not two groups of at least ``min_size`` voters to compare.
    """
    groups = grouping(data, attribute, min_size)
    if ALL in groups:
        return {}
    return {g: {"voters": len(people), "result": tally(data.restricted(people))} for g, people in groups.items()}


# -- consensus --------------------------------------------------------------------------------
def supported(data: PollData, ballot) -> set[str]:
    """The items one ballot supports: approved; given at least one dot; scored above the middle
    of the range; ranked above the middle (an item's place on the ballot, counted as Borda
    points, is more than half of the most it could get)."""
    kind, keys = data.kind, data.keys
    if kind == "approval":
        return set(ballot)
    if kind == "dots":
        return {k for k, v in ballot.items() if v > 0}
    if kind == "score":
        top = data.params.get("max_score", 5)
        return {k for k, v in ballot.items() if v > top / 2}
    groups = [entry if isinstance(entry, list) else [entry] for entry in ballot]
    m, above_or_tied, out = len(keys), 0, set()
    for group in groups:
        points = (m - above_or_tied - len(group)) + (len(group) - 1) / 2
        if points > (m - 1) / 2:
            out.update(group)
        above_or_tied += len(group)
    return out


def support_counts(data: PollData, people: set[int]) -> dict[str, tuple[int, int]]:
    """``{item: (supporters, voters)}`` among ``people``. For pairwise polls a person supports
    an item they chose in more than half of their decisive answers about it, and counts as a
    voter for the items they compared."""
    counts = {key: [0, 0] for key in data.keys}
    if data.kind != "comparison":
        for person in people & set(data.ballots):
            ballot = data.ballots[person]
            chosen = supported(data, ballot)
            scored = set(ballot) if data.kind == "score" and not data.params.get("unscored_as_zero") else None
            for key in data.keys:
                if scored is None or key in scored:
                    counts[key][1] += 1
                    counts[key][0] += key in chosen
        return {k: (s, n) for k, (s, n) in counts.items()}
    record: dict[tuple[int, str], list[int]] = {}
    for c in data.comparisons:
        if c["participant_id"] not in people or not c["winner"]:
            continue
        for key in (c["first"], c["second"]):
            entry = record.setdefault((c["participant_id"], key), [0, 0])
            entry[0] += key == c["winner"]
            entry[1] += 1
    for (_, key), (won, seen) in record.items():
        if key in counts:
            counts[key][1] += 1
            counts[key][0] += won * 2 > seen
    return {k: (s, n) for k, (s, n) in counts.items()}


def consensus(data: PollData, attribute: str, min_size: int = SMALL_GROUP) -> dict:
    """Support in each group and the group-informed consensus of every item.

    With fewer than two groups of ``min_size`` voters, everyone is one group, :data:`ALL`.
    Returns ``{"groups": {group: voters}, "items": [row, …]}`` with rows sorted by consensus,
    highest first: ``key``, ``support`` ({group: (supporters, voters)}), ``shares`` ({group:
    smoothed share}), ``consensus`` (their product), ``lowest`` and ``highest`` (the smallest and
    largest smoothed share: a big gap marks an item that divides the groups).
    """
    members = grouping(data, attribute, min_size)
    order = list(members)
    per_group = {g: support_counts(data, members[g]) for g in order}
    rows = []
    for key in data.keys:
        support = {g: per_group[g][key] for g in order}
        shares = {g: (s + 1) / (n + 2) for g, (s, n) in support.items()}
        rows.append({"key": key, "support": support, "shares": shares,
                     "consensus": prod(shares.values()) if shares else 0.0,
                     "lowest": min(shares.values(), default=0.0),
                     "highest": max(shares.values(), default=0.0)})
    rows.sort(key=lambda row: -row["consensus"])
    return {"groups": {g: len(members[g]) for g in order}, "items": rows}
