"""Visioning in the store: phase rules inside transactions, reactions history, moderation,
translations, vision drafts, live numbers, and opinion groups from stored reactions."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.core.errors import NotFound, RuleError, ValidationError
from workbench.visioning.opinion import agreement, opinion_groups
from workbench.participation.privacy import SYNTHETIC_CONSENT
from workbench.participation.rules import JoinAnswers
from workbench.visioning.store.contributions import (
    add_contribution,
    add_translation,
    count_by,
    list_contributions,
    update_contribution,
    withdraw_contribution,
)
from workbench.visioning.store.moderation import (
    add_tag,
    hide_contribution,
    list_moderation_events,
    merge_contribution,
    show_contribution,
    tag_counts,
    unmerge_contribution,
)
from workbench.participation.store.participants import join_session, update_role
from workbench.visioning.store.reactions import (
    add_reaction,
    current_votes,
    my_reactions,
    next_to_react,
    reaction_history,
)
from workbench.visioning.store.drafts import add_vision_draft, draft_sources, list_vision_drafts, vision_numbers
from workbench.visioning.store.sessions import (
    add_break,
    add_visioning_session,
    list_phase_changes,
    live_numbers,
    update_phase,
)


def make_session(store, people=3, phase="gathering"):
    session = add_visioning_session(store, {"en": "Workshop"}, [{"en": "In ten years, survivors will be …"}],
                                    {"en": "We collect …"})
    update_phase(store, session["id"], "gathering")
    ids = [join_session(store, session["id"], JoinAnswers(f"Person {i}", "en", 1, SYNTHETIC_CONSENT))["id"] for i in range(people)]
    if phase != "gathering":
        update_phase(store, session["id"], phase)
    return session, ids


def test_contributions_follow_the_phase(fresh_store):
    session, (ana, ben, _) = make_session(fresh_store)
    mine = add_contribution(fresh_store, ana, "healers")
    assert (mine["language"], mine["prompt"], mine["text"]) == ("en", 0, "healers")
    update_phase(fresh_store, session["id"], "reacting")
    add_contribution(fresh_store, ben, "lawmakers")  # new contributions are still welcome
    update_phase(fresh_store, session["id"], "closed")
    with pytest.raises(RuleError, match="the session is closed"):
        add_contribution(fresh_store, ana, "one more")
    with pytest.raises(RuleError, match="the session is closed"):
        update_contribution(fresh_store, mine["id"], ana, "changed")
    with pytest.raises(RuleError, match="the session is closed"):
        withdraw_contribution(fresh_store, mine["id"], ana)
    assert [p["phase"] for p in list_phase_changes(fresh_store, session["id"])] == \
        ["draft", "gathering", "reacting", "closed"]


def test_authors_edit_and_withdraw_their_own_only(fresh_store):
    session, (ana, ben, _cy) = make_session(fresh_store)
    mine = add_contribution(fresh_store, ana, "healers")
    assert update_contribution(fresh_store, mine["id"], ana, "healers and doctors")["text"] == "healers and doctors"
    with pytest.raises(RuleError, match="written by someone else"):
        update_contribution(fresh_store, mine["id"], ben, "forged")
    with pytest.raises(ValidationError, match="limit is 280"):
        update_contribution(fresh_store, mine["id"], ana, "x" * 300)
    update_phase(fresh_store, session["id"], "reacting")
    add_reaction(fresh_store, ben, mine["id"], 1)
    with pytest.raises(RuleError, match="1 people have already reacted"):
        update_contribution(fresh_store, mine["id"], ana, "changed after a reaction")
    withdraw_contribution(fresh_store, mine["id"], ana)
    assert list_contributions(fresh_store, [session["id"]]) == []
    gone = list_contributions(fresh_store, [session["id"]], visible_only=False)[0]
    assert gone["text"] == "" and gone["withdrawn_at"]


def test_reactions_only_while_reacting_one_per_person_changeable(fresh_store):
    session, (ana, ben, cy) = make_session(fresh_store)
    theirs = add_contribution(fresh_store, ana, "healers")
    with pytest.raises(RuleError, match="not being collected now: the session is gathering"):
        add_reaction(fresh_store, ben, theirs["id"], 1)
    update_phase(fresh_store, session["id"], "reacting")
    add_reaction(fresh_store, ben, theirs["id"], 1)
    add_reaction(fresh_store, ben, theirs["id"], -1)  # changed her mind
    add_reaction(fresh_store, cy, theirs["id"], 0)    # passing is always allowed
    assert [r["vote"] for r in reaction_history(fresh_store, ben, theirs["id"])] == [1, -1]  # history kept
    assert current_votes(fresh_store, [session["id"]]) == [(ben, theirs["id"], -1), (cy, theirs["id"], 0)]
    assert my_reactions(fresh_store, ben) == {theirs["id"]: -1}
    counts = agreement(current_votes(fresh_store))[0]
    assert (counts.agree, counts.disagree, counts.passed) == (0, 1, 1)
    with pytest.raises(RuleError, match="is your own"):
        add_reaction(fresh_store, ana, theirs["id"], 1)
    with pytest.raises(ValidationError, match="is not 1"):
        add_reaction(fresh_store, cy, theirs["id"], 5)
    update_phase(fresh_store, session["id"], "closed")
    with pytest.raises(RuleError, match="the session is closed"):
        add_reaction(fresh_store, cy, theirs["id"], 1)


def test_reactions_stay_inside_their_session(fresh_store):
    _, (ana, _, _) = make_session(fresh_store, phase="reacting")
    _, (other, _, _) = make_session(fresh_store, phase="reacting")
    theirs = add_contribution(fresh_store, ana, "healers")
    with pytest.raises(RuleError, match="belongs to another session"):
        add_reaction(fresh_store, other, theirs["id"], 1)


def test_next_to_react_walks_other_peoples_contributions_once(fresh_store):
    _session, (ana, ben, cy) = make_session(fresh_store, phase="reacting")
    ids = {add_contribution(fresh_store, who, f"text {i}")["id"] for i, who in enumerate([ana, ben, cy, ben])}
    seen = []
    while (item := next_to_react(fresh_store, ana)) is not None:
        seen.append(item["id"])
        add_reaction(fresh_store, ana, item["id"], 0)
    assert len(seen) == 3 and set(seen) < ids  # everything but her own


def test_moderation_hide_with_reason_merge_and_tags(fresh_store):
    session, (ana, ben, cy) = make_session(fresh_store)
    first = add_contribution(fresh_store, ana, "healers")
    dup = add_contribution(fresh_store, ben, "Healers!")
    rude = add_contribution(fresh_store, cy, "names a real person")
    hide_contribution(fresh_store, rude["id"], "names a person")
    with pytest.raises(ValidationError, match="reason for hiding is empty"):
        hide_contribution(fresh_store, first["id"], "  ")
    merge_contribution(fresh_store, dup["id"], first["id"])
    with pytest.raises(RuleError, match="merge into that one"):
        merge_contribution(fresh_store, rude["id"], dup["id"])
    assert [c["id"] for c in list_contributions(fresh_store, [session["id"]])] == [first["id"]]
    show_contribution(fresh_store, rude["id"])
    unmerge_contribution(fresh_store, dup["id"])
    events = [(e["action"], e["reason"]) for e in list_moderation_events(fresh_store)]
    assert events == [("hide", "names a person"), ("merge", ""), ("show", ""), ("unmerge", "")]
    assert add_tag(fresh_store, first["id"], " Healing ") == "healing"
    add_tag(fresh_store, first["id"], "theme:3")
    add_tag(fresh_store, dup["id"], "healing")
    assert tag_counts(fresh_store) == {"healing": 2, "theme:3": 1}
    assert [c["id"] for c in list_contributions(fresh_store, tag="theme:3")] == [first["id"]]
    assert list_contributions(fresh_store, tag="healing")[0]["tags"] == ["healing", "theme:3"]
    with pytest.raises(NotFound):
        add_tag(fresh_store, 999, "x")


def test_translations_by_interpreters_latest_wins(fresh_store):
    _session, (ana, ben, _cy) = make_session(fresh_store)
    mine = add_contribution(fresh_store, ana, "healers")
    with pytest.raises(RuleError, match="only interpreters"):
        add_translation(fresh_store, mine["id"], "sw", "waganga", translator_id=ben)
    update_role(fresh_store, ben, "interpreter")
    add_translation(fresh_store, mine["id"], "sw", "waganga", translator_id=ben)
    add_translation(fresh_store, mine["id"], "sw", "waponyaji")  # the facilitator corrects it
    with pytest.raises(RuleError, match="already in en"):
        add_translation(fresh_store, mine["id"], "en", "healers")
    assert list_contributions(fresh_store)[0]["translations"] == {"sw": "waponyaji"}
    assert count_by(fresh_store, "language") == {"en": 1}


def test_vision_drafts_keep_versions_and_lineage_without_names(fresh_store):
    _session, (ana, ben, _cy) = make_session(fresh_store)
    a = add_contribution(fresh_store, ana, "healers")
    b = add_contribution(fresh_store, ben, "legislators")
    first = add_vision_draft(fresh_store, "Shared vision", "en", "In ten years …", [b["id"], a["id"]])
    second = add_vision_draft(fresh_store, "Shared vision", "en", "In ten years … WE WILL BE", [a["id"]])
    assert (first["version"], second["version"]) == (1, 2) and first["sources"] == [b["id"], a["id"]]
    assert [d["version"] for d in list_vision_drafts(fresh_store, "Shared vision")] == [2, 1]
    sources = draft_sources(fresh_store, first["id"])
    assert [s["text"] for s in sources] == ["legislators", "healers"] and "pseudonym" not in sources[0]
    withdraw_contribution(fresh_store, a["id"], ana)
    with pytest.raises(RuleError, match="was withdrawn"):
        add_vision_draft(fresh_store, "Shared vision", "en", "text", [a["id"]])
    with pytest.raises(ValidationError, match="vision draft is empty"):
        add_vision_draft(fresh_store, "Shared vision", "en", " ", [])
    numbers = vision_numbers(fresh_store)
    assert (numbers.sessions, numbers.participants, numbers.contributions, numbers.countries) == (1, 3, 1, 0)


def test_live_numbers_breaks_and_data_version(fresh_store, tmp_path):
    from workbench.store import Store
    session, (ana, ben, _cy) = make_session(fresh_store, phase="reacting")
    watcher = Store.open(fresh_store.target)   # another kernel's connection
    before = watcher.data_version()
    c = add_contribution(fresh_store, ana, "healers")
    add_reaction(fresh_store, ben, c["id"], 1)
    add_reaction(fresh_store, ben, c["id"], 0)
    add_break(fresh_store, session["id"])
    assert watcher.data_version() != before
    numbers = live_numbers(watcher, [session["id"]])
    assert numbers == {"participants": 3, "contributions": 1, "reactions": 1, "breaks": 1, "recent_breaks": 1}
    assert live_numbers(watcher)["participants"] == 3
    watcher.close()


def test_opinion_groups_from_stored_reactions_recover_planted_groups(fresh_store):
    """Two planted groups of 10 in one session: each agrees with its own half of 16 statements."""
    session, people = make_session(fresh_store, people=22)
    authors, voters = people[:2], people[2:]
    contributions = [add_contribution(fresh_store, authors[i % 2], f"statement {i}")["id"] for i in range(16)]
    update_phase(fresh_store, session["id"], "reacting")
    rng = np.random.default_rng(3)
    planted = {}
    for n, person in enumerate(voters):
        group = n % 2
        planted[person] = group
        for i, cid in enumerate(contributions):
            if rng.random() < 0.8:
                own = i % 2 == group
                vote = rng.choice([1, -1, 0], p=[0.85, 0.1, 0.05] if own else [0.1, 0.8, 0.1])
                add_reaction(fresh_store, person, cid, int(vote))
    result = opinion_groups(current_votes(fresh_store, [session["id"]]))
    assert result.k == 2
    found = [set(g.participants) for g in result.groups]
    share = max(sum(len(found[g] & {p for p, t in planted.items() if t == (g + flip) % 2}) for g in range(2))
                for flip in range(2)) / len(planted)
    assert share >= 0.9
    assert len(planted) == 20 and result.participants_included == 20
