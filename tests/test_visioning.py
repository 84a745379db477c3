"""Visioning rules (workbench.visioning.rules, workbench.visioning.draft) and join codes: pure functions."""
from __future__ import annotations

import random

import pytest

from workbench.participation.codes import CODE_ALPHABET, new_join_code, normalize_join_code
from workbench.core.errors import RuleError, ValidationError
from workbench.core.cleaning import clean_text
from workbench.visioning.draft import VisionNumbers, compose_draft, draft_html, draft_markdown
from workbench.visioning.rules import (
    MAX_CONTRIBUTION_CHARS,
    MAX_CONTRIBUTIONS_PER_PERSON,
    NEXT_PHASES,
    PHASES,
    check_can_react,
    check_can_write,
    check_contribution,
    check_edit,
    check_merge,
    check_phase_change,
    check_reaction,
    check_session_setup,
    normalize_tag,
    reaction_order,
)


def test_join_codes_have_no_look_alikes_and_ignore_case_and_dashes():
    for ch in "0O1IL2Z5S8BUV":
        assert ch not in CODE_ALPHABET
    code = new_join_code(random.Random(1))
    assert len(code) == 6 and set(code) <= set(CODE_ALPHABET)
    assert normalize_join_code(f" {code[:3].lower()}-{code[3:]} ") == code
    with pytest.raises(ValidationError, match="is not a join code"):
        normalize_join_code("K7QX40")  # 0 is a look-alike and never in a code


def test_phases_move_only_as_the_facilitator_may():
    assert set(NEXT_PHASES) == set(PHASES)
    assert check_phase_change("draft", "gathering") == "gathering"
    assert check_phase_change("gathering", "reacting") == "reacting"
    assert check_phase_change("reacting", "closed") == "closed"
    assert check_phase_change("closed", "reacting") == "reacting"  # reopening is allowed
    with pytest.raises(RuleError, match="cannot move to 'draft'"):
        check_phase_change("gathering", "draft")
    with pytest.raises(RuleError):
        check_phase_change("draft", "reacting")
    with pytest.raises(ValidationError, match="unknown phase"):
        check_phase_change("gathering", "voting")


@pytest.mark.parametrize("phase, write, react", [
    ("draft", False, False), ("gathering", True, False), ("reacting", True, True), ("closed", False, False)])
def test_what_each_phase_allows(phase, write, react):
    for check, allowed in ((check_can_write, write), (check_can_react, react)):
        if allowed:
            check(phase)
        else:
            with pytest.raises(RuleError, match=phase):
                check(phase)


def test_contribution_limits():
    assert check_contribution("  In ten years we will be healers \n", prompt=0, prompts=1, written=0) \
        == "In ten years we will be healers"
    assert len(check_contribution("x" * MAX_CONTRIBUTION_CHARS, prompt=0, prompts=1, written=0)) == 280
    with pytest.raises(ValidationError, match="281 characters long; the limit is 280"):
        check_contribution("x" * 281, prompt=0, prompts=1, written=0)
    with pytest.raises(ValidationError, match="contribution is empty"):
        check_contribution(" \u200b\n ", prompt=0, prompts=1, written=0)  # a zero-width space only
    with pytest.raises(ValidationError, match="prompt 1 does not exist"):
        check_contribution("ok", prompt=1, prompts=1, written=0)
    with pytest.raises(ValidationError, match="expected text"):
        check_contribution(["forged"], prompt=0, prompts=1, written=0)
    with pytest.raises(RuleError, match="the most one person may write"):
        check_contribution("ok", prompt=0, prompts=1, written=MAX_CONTRIBUTIONS_PER_PERSON)


def test_only_the_author_edits_and_not_after_others_reacted():
    mine = {"id": 4, "participant_id": 1}
    check_edit(mine, 1, others_reacted=0)
    with pytest.raises(RuleError, match="written by someone else"):
        check_edit(mine, 2, others_reacted=0)
    with pytest.raises(RuleError, match="2 people have already reacted"):
        check_edit(mine, 1, others_reacted=2)
    with pytest.raises(RuleError, match="set aside by the facilitator"):
        check_edit({**mine, "hidden_reason": "names a person"}, 1, others_reacted=0)


def test_reactions_are_agree_disagree_or_pass_to_other_peoples_shown_contributions():
    theirs = {"id": 4, "participant_id": 1}
    assert [check_reaction(theirs, 2, v) for v in (1, -1, 0)] == [1, -1, 0]
    for bad in (2, "1", True, None):
        with pytest.raises(ValidationError):
            check_reaction(theirs, 2, bad)
    with pytest.raises(RuleError, match="is your own"):
        check_reaction(theirs, 1, 1)
    with pytest.raises(RuleError, match="no longer shown"):
        check_reaction({**theirs, "merged_into": 3}, 2, 1)


def test_reaction_order_differs_between_people_and_is_stable():
    ids = list(range(1, 41))
    first, second = reaction_order(1, ids), reaction_order(2, ids)
    assert sorted(first) == ids and first != ids and first != second
    assert reaction_order(1, ids[:20]) == [c for c in first if c <= 20]  # new ones slot in


def test_merge_rules():
    a, b = {"id": 1}, {"id": 2}
    check_merge(a, b)
    with pytest.raises(RuleError, match="into itself"):
        check_merge(a, a)
    with pytest.raises(RuleError, match="merge into that one"):
        check_merge(a, {"id": 2, "merged_into": 3})


def test_tags_and_text_cleaning():
    assert normalize_tag(" Collective  HEALING ") == "collective healing"
    assert normalize_tag("theme:3") == "theme:3"
    with pytest.raises(ValidationError, match="theme tags are"):
        normalize_tag("theme:x")
    assert clean_text("a\x00b\u202e", "x", 5) == "ab"  # control and bidi-override characters go


def test_session_setup_needs_title_prompt_and_consent():
    title, prompts, consent = check_session_setup(
        {"en": " Workshop 1 ", "sw": ""}, [{"en": "In ten years, survivors will be …"}], {"en": "We keep …"})
    assert title == {"en": "Workshop 1"} and len(prompts) == 1 and consent == {"en": "We keep …"}
    with pytest.raises(ValidationError, match="session title is empty"):
        check_session_setup({"en": " "}, [{"en": "p"}], {"en": "c"})
    with pytest.raises(ValidationError, match="at least one prompt"):
        check_session_setup({"en": "t"}, [], {"en": "c"})
    with pytest.raises(ValidationError, match="consent text is empty"):
        check_session_setup({"en": "t"}, [{"en": "p"}], {})


def test_vision_draft_text_and_exports_escape_and_carry_the_numbers():
    text = compose_draft(["healers", "<b>legislators</b>"], "In ten years …", "WE WILL BE")
    assert text.splitlines() == ["In ten years …", "", "WE WILL BE:", "- healers", "- <b>legislators</b>"]
    draft = {"name": "Shared vision", "version": 2, "text": text, "synthetic": True}
    numbers = VisionNumbers(sessions=12, participants=170, contributions=300, countries=20)
    sources = [{"text": "<b>legislators</b>", "language": "en", "session": "Workshop 1"}]
    markdown = draft_markdown(draft, numbers, sources)
    assert "# Shared vision — version 2" in markdown and "Participants: 170" in markdown
    assert "Countries: 20" in markdown and "Synthetic data" in markdown
    page = draft_html(draft, numbers, sources)
    assert "<b>legislators" not in page and "&lt;b&gt;legislators&lt;/b&gt;" in page
    assert "Sessions: 12" in page


def test_suggested_themes_group_similar_words_within_and_across_languages():
    from workbench.visioning.themes import pivot_texts, suggest_themes
    texts = ["healers in our communities", "community healers and therapists", "legislators writing laws",
             "lawmakers and legislators in parliament", "doctors"]
    items = [{"id": i, "text": t, "language": "en", "translations": {}} for i, t in enumerate(texts)]
    items.append({"id": 9, "text": "waganga wa jamii", "language": "sw", "translations": {"en": "community healers"}})
    items.append({"id": 10, "text": "sanadoras", "language": "es", "translations": {}})
    assert pivot_texts(items)[0] == "en"
    themes = suggest_themes(items)
    assert [set(t.contribution_ids) for t in themes] == [{0, 1, 9}, {2, 3}]
    assert "healers" in themes[0].label and themes[0].language == "en"
