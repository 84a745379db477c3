"""What changed between two versions of a plan: added, removed, moved, renumbered, changed items.

Items are matched across versions by the stable identity a version keeps when it is copied
from another (``uid``, see :mod:`workbench.plan.store.versions`), so an action moved to
another goal, or renumbered after a removal, is recognised as the same action. Items without
a shared identity (versions imported separately) are matched by identical title, then — when
the two versions share no identity at all — by reference.

An action is *moved* when its goal changed or its order among the goal's other actions
changed (the fewest actions that explain the new order: the rest kept their order); it is
*renumbered* when only its number changed (an action before it was removed or added); it is
*changed* when its title or text differs. A moved or renumbered action may also be edited
(``edited``). Pure functions over :class:`~workbench.plan.model.Plan` objects.
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass, field

from workbench.plan.model import Plan, Text, pick

CHANGES = ("added", "removed", "moved", "changed", "renumbered")


@dataclass(frozen=True)
class ItemChange:
    """One item that differs between the old and the new version."""
    change: str                 # one of CHANGES
    kind: str                   # theme | goal | action
    old_ref: str | None
    new_ref: str | None
    old_title: Text = field(default_factory=dict)
    new_title: Text = field(default_factory=dict)
    old_text: Text = field(default_factory=dict)
    new_text: Text = field(default_factory=dict)
    edited: bool = False        # title or text differs

    @property
    def ref(self) -> str:
        return self.new_ref or self.old_ref or ""


@dataclass(frozen=True)
class PlanDiff:
    """The changes from ``old_label`` to ``new_label``, in the new version's order (removed
    items last, in the old version's order)."""
    old_label: str
    new_label: str
    changes: tuple[ItemChange, ...] = ()

    def counts(self, kind: str | None = "action") -> dict[str, int]:
        """How many items of ``kind`` (None: every kind) per change, every change named."""
        out = dict.fromkeys(CHANGES, 0)
        for change in self.changes:
            if kind is None or change.kind == kind:
                out[change.change] += 1
        return out

    def for_old_ref(self, ref: str) -> list[ItemChange]:
        """The changes to the item that had ``ref`` in the old version."""
        return [c for c in self.changes if c.old_ref == ref]


@dataclass
class _Item:
    ref: str
    kind: str
    node: object
    uid: str | None
    parent: str | None          # the parent's ref in the same version
    index: int = 0              # position among its parent's children


def _items(plan: Plan, ids: Mapping[str, str] | None) -> list[_Item]:
    out, counter = [], {}
    for ref, kind, node in plan.walk():
        parent = ref.rpartition(".")[0] or None
        counter[parent] = counter.get(parent, -1) + 1
        out.append(_Item(ref, kind, node, (ids or {}).get(ref), parent, counter[parent]))
    return out


def _title_key(title: Text) -> tuple:
    return tuple(sorted((tag, " ".join(text.casefold().split())) for tag, text in title.items()))


def _match(old: list[_Item], new: list[_Item], by_ref: bool) -> dict[str, str]:
    """old ref → new ref for items of one kind: by uid, then unique identical title, then ref."""
    pairs: dict[str, str] = {}
    new_by_uid = {item.uid: item for item in new if item.uid}
    for item in old:
        if item.uid and item.uid in new_by_uid:
            pairs[item.ref] = new_by_uid[item.uid].ref
    taken = set(pairs.values())
    by_title: dict[tuple, list[_Item]] = {}
    for item in new:
        if item.ref not in taken:
            by_title.setdefault(_title_key(item.node.title), []).append(item)
    old_titles: dict[tuple, int] = {}
    for item in old:
        if item.ref not in pairs:
            key = _title_key(item.node.title)
            old_titles[key] = old_titles.get(key, 0) + 1
    for item in old:
        key = _title_key(item.node.title)
        if item.ref not in pairs and len(by_title.get(key, ())) == 1 and old_titles[key] == 1:
            pairs[item.ref] = by_title[key][0].ref
            taken.add(pairs[item.ref])
    if by_ref:
        new_refs = {item.ref for item in new} - taken
        for item in old:
            if item.ref not in pairs and item.ref in new_refs:
                pairs[item.ref] = item.ref
    return pairs


def _out_of_order(sequence: list[int]) -> set[int]:
    """Indexes of ``sequence`` outside one longest increasing subsequence (the moved ones).

    >>> sorted(_out_of_order([0, 3, 1, 2]))
    [1]
    """
    tails, tail_at, before = [], [], [-1] * len(sequence)
    for i, value in enumerate(sequence):
        k = bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
            tail_at.append(i)
        else:
            tails[k], tail_at[k] = value, i
        before[i] = tail_at[k - 1] if k else -1
    keep, i = set(), tail_at[-1] if tail_at else -1
    while i >= 0:
        keep.add(i)
        i = before[i]
    return set(range(len(sequence))) - keep


def diff_plans(old: Plan, new: Plan, old_ids: Mapping[str, str] | None = None,
               new_ids: Mapping[str, str] | None = None, *, old_label: str = "old",
               new_label: str = "new") -> PlanDiff:
    """Compare two versions of a plan. ``*_ids`` map each ref to the item's stable identity.

    >>> from workbench.plan.model import Action, Goal, Theme
    >>> a, b, c = (Action(n, {"en": t}) for n, t in ((1, "Train"), (2, "Fund"), (3, "Meet")))
    >>> v1 = Plan("p", {}, (Theme(1, {"en": "T"}, (Goal(1, {"en": "G"}, (a, b, c)),)),))
    >>> v2 = Plan("p", {}, (Theme(1, {"en": "T"}, (Goal(1, {"en": "G"}, (a, Action(2, {"en": "Meet"}))),)),))
    >>> [(c.change, c.old_ref, c.new_ref) for c in diff_plans(v1, v2).changes]
    [('renumbered', '1.1.3', '1.1.2'), ('removed', '1.1.2', None)]
    """
    old_items, new_items = _items(old, old_ids), _items(new, new_ids)
    shared = {i.uid for i in old_items if i.uid} & {i.uid for i in new_items if i.uid}
    pairs: dict[str, str] = {}
    for kind in ("theme", "goal", "action"):
        pairs.update(_match([i for i in old_items if i.kind == kind],
                            [i for i in new_items if i.kind == kind], by_ref=not shared))
    old_at = {i.ref: i for i in old_items}
    back = {n: o for o, n in pairs.items()}
    moved: set[str] = set()
    goals = {i.ref for i in new_items if i.kind == "goal"}
    for goal in goals:     # actions that stayed in their goal but left their order
        kept = [i for i in new_items if i.parent == goal and i.ref in back
                and pairs.get(old_at[back[i.ref]].parent) == goal]
        order = [old_at[back[i.ref]].index for i in kept]
        moved |= {kept[k].ref for k in _out_of_order(order)}
    changes = []
    for item in new_items:
        if item.ref not in back:
            changes.append(ItemChange("added", item.kind, None, item.ref, {}, dict(item.node.title),
                                      {}, dict(item.node.text)))
            continue
        before = old_at[back[item.ref]]
        edited = before.node.title != item.node.title or before.node.text != item.node.text
        if item.kind == "action" and (pairs.get(before.parent) != item.parent or item.ref in moved):
            change = "moved"
        elif edited:
            change = "changed"
        elif before.ref != item.ref:
            change = "renumbered"
        else:
            continue
        changes.append(ItemChange(change, item.kind, before.ref, item.ref, dict(before.node.title),
                                  dict(item.node.title), dict(before.node.text), dict(item.node.text),
                                  edited))
    changes += [ItemChange("removed", i.kind, i.ref, None, dict(i.node.title), {}, dict(i.node.text), {})
                for i in old_items if i.ref not in pairs]
    return PlanDiff(old_label, new_label, tuple(changes))


def _quote(text: Text, language: str) -> str:
    value = pick(text, language, "en")
    return f"“{value}”" if value else "—"


def diff_lines(diff: PlanDiff, language: str = "en", *, texts: bool = True) -> list[str]:
    """The diff as plain-text lines for the command line: a summary, then one line per change
    (``old → new`` for edited titles and, with ``texts``, edited texts).

    >>> diff_lines(PlanDiff("draft 1", "draft 2"))
    ['draft 1 → draft 2: no changes']
    """
    counts = diff.counts(None)
    summary = ", ".join(f"{n} {change}" for change, n in counts.items() if n)
    lines = [f"{diff.old_label} → {diff.new_label}: {summary or 'no changes'}"]
    renumbered = [c for c in diff.changes if c.change == "renumbered"]
    for c in diff.changes:
        if c.change == "renumbered":
            continue
        refs = {"added": c.new_ref, "removed": c.old_ref}.get(
            c.change, c.new_ref if c.old_ref == c.new_ref else f"{c.old_ref} → {c.new_ref}")
        title = c.old_title if c.change == "removed" else c.new_title
        lines.append(f"{c.change:<11} {c.kind} {refs}  {_quote(title, language)}")
        if c.change in ("moved", "changed"):
            if c.old_title != c.new_title:
                lines.append(f"    title: {_quote(c.old_title, language)} → {_quote(c.new_title, language)}")
            if texts and c.old_text != c.new_text:
                lines.append(f"    text:  {_quote(c.old_text, language)} → {_quote(c.new_text, language)}")
    if renumbered:
        lines.append("renumbered  " + ", ".join(f"{c.old_ref} → {c.new_ref}" for c in renumbered))
    return lines


def diff_summary(diff: PlanDiff) -> dict:
    """The diff as JSON-ready data: ``{"from", "to", "counts", "changes": [...]}``."""
    return {"from": diff.old_label, "to": diff.new_label, "counts": diff.counts(None),
            "changes": [{"change": c.change, "kind": c.kind, "old_ref": c.old_ref, "new_ref": c.new_ref,
                         "old_title": dict(c.old_title), "new_title": dict(c.new_title),
                         "old_text": dict(c.old_text), "new_text": dict(c.new_text), "edited": c.edited}
                        for c in diff.changes]}
