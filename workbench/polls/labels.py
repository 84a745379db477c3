"""The words of polls, in the reader's language: method names and plain-words explanations,
tie-break notes, group and reason labels, and the consensus explanation. No I/O."""
from __future__ import annotations

from collections.abc import Mapping

from workbench.core.i18n import plural_translator, translator


def method_names(language: str) -> dict[str, str]:
    """Each method's name as a person reads it."""
    _ = translator(language)
    return {
        "dots": _("Dot voting"),
        "approval": _("Approval (tick all you support)"),
        "score": _("Scores (0 to 5)"),
        "borda": _("Ranking, counted by Borda points"),
        "schulze": _("Ranking, counted by the Schulze method"),
        "copeland": _("Ranking, counted by Copeland (head-to-head wins)"),
        "ranked-pairs": _("Ranking, counted by ranked pairs"),
        "instant-runoff": _("Ranking, counted by instant runoff"),
        "bradley-terry": _("Pairs (wiki survey)"),
    }


def explain(method: str, params: Mapping, language: str) -> str:
    """How the method counts, in plain words (one paragraph)."""
    _ = translator(language)
    budget = params.get("budget", 10)
    cap = params.get("max_per_item") or budget
    texts = {
        "dots": _("Each person had %(budget)d dots to spread over the items, at most %(cap)d on one "
                  "item. An item's score is the number of dots it received.") % {"budget": budget, "cap": cap},
        "approval": _("Each person ticked every item they support. An item's score is the number of "
                      "people who ticked it; the share is that number divided by the number of ballots."),
        "score": _("Each person gave items a score from 0 to %(top)d. An item's score is the average "
                   "of the scores it received; items a person left out do not count in its average.")
        % {"top": params.get("max_score", 5)},
        "borda": _("Each person put items in order. An item earns one point for every item a person "
                   "put below it (half a point for each item tied with it; items a person left out "
                   "share the bottom places). The score is the total of the points."),
        "schulze": _("Each person put items in order. For every two items we count how many people "
                     "put one above the other. An item beats another when a stronger chain of such "
                     "majorities leads from it to the other than back. The score is the number of "
                     "items it beats; items neither of which beats the other share a place."),
        "copeland": _("Each person put items in order. Every two items are compared head to head: the "
                      "one more people put higher wins the pair. The score is pairs won minus pairs lost."),
        "ranked-pairs": _("Each person put items in order. Head-to-head wins are locked in from the "
                          "biggest majority down, skipping any that would contradict the ones already "
                          "locked in. The score is the number of items locked below it."),
        "instant-runoff": _("Each person put items in order. Each ballot counts for its first choice; "
                            "the items with the fewest votes are dropped and their ballots move to the "
                            "next choice, until one item has more than half. The score is an item's "
                            "votes in the last round it took part in."),
        "bradley-terry": _("People chose between random pairs of items. From all the choices we estimate "
                           "each item's strength (the Bradley–Terry model). The chance to win is how "
                           "likely the item is to be chosen over another item picked at random; the ± "
                           "shows how uncertain that is, and it shrinks as more pairs are answered. "
                           "\"Can't decide\" answers are not counted as wins."),
    }
    return texts[method] + " " + _("Items with equal scores share a place: no tie is broken silently.")


def tie_notes(result, language: str) -> list[str]:
    """What the reader must know about ties and tie-breaks in ``result``."""
    _ = translator(language)
    notes = []
    tied = [group for group in result.ranking if len(group) > 1]
    if tied:
        notes.append(plural_translator(language)(
            "%(n)d group of items is tied; tied items share a place.",
            "%(n)d groups of items are tied; tied items share a place.", len(tied)) % {"n": len(tied)})
    if result.method == "ranked-pairs":
        notes.append(_("Tie-break: when two majorities are equally large, the pair whose items come "
                       "first in the poll's list is locked in first."))
        if result.details.get("tie_break_used"):
            notes.append(_("This tie-break changed the result here: pairs skipped: %(pairs)s.") % {
                "pairs": ", ".join(f"{a} > {b} ({m})" for a, b, m in result.details["skipped"])})
        else:
            notes.append(_("It did not change the result here."))
    if result.method == "instant-runoff":
        notes.append(_("When several items have the fewest votes, they are all dropped together: "
                       "no tie-break is used."))
    return notes


def attribute_names(language: str) -> dict[str, str]:
    _ = translator(language)
    return {"group": _("Working group"), "language": _("Language"), "region": _("Region"),
            "country": _("Country"), "age_band": _("Age"), "gender": _("Gender")}


def group_name(label: str, attribute: str, language: str) -> str:
    """A group's name for display: "other", "not given", a region or gender in ``language``."""
    _ = translator(language)
    fixed = {"other": _("other (groups under 5 people, merged)"), "not_given": _("not given"),
             "all": _("everyone"),
             "woman": _("Woman"), "man": _("Man"), "non_binary": _("Non-binary"),
             "another": _("Another gender"),
             "Africa": _("Africa"), "Asia": _("Asia"), "Europe": _("Europe"),
             "Latin America and the Caribbean": _("Latin America and the Caribbean"),
             "North America": _("North America"), "Oceania": _("Oceania")}
    if label in fixed:
        return fixed[label]
    if attribute == "country":
        from babel import Locale, UnknownLocaleError
        try:
            return Locale.parse(language).territories.get(label, label)
        except (UnknownLocaleError, ValueError):
            return label
    return label


def reason_names(language: str) -> dict[str, str]:
    _ = translator(language)
    return {"both_good": _("Both are good"), "both_bad": _("Both are bad"),
            "dont_understand": _("I don't understand"), "none": _("No reason given")}


def consensus_explanation(language: str) -> str:
    _ = translator(language)
    return _("Consensus across groups: for each item we take, in every group, the share of the "
             "group's voters who support it (counting one extra supporter and one extra "
             "non-supporter, so that a small group does not swing it to 0 or 1), and multiply these "
             "shares together. An item scores high only if every group supports it; a big gap "
             "between its lowest and highest group share marks an item that divides the groups. "
             "Support means: ticked (approval), given a dot (dots), scored above the middle "
             "(scores), put in the upper half (rankings), or chosen in most of one's pairs (pairs). "
             "Groups under 5 people are merged into \"other\".")
