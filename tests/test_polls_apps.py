"""The ballot widgets, the vote app and the polls app, driven without a browser (``.click()``)."""
from __future__ import annotations

import base64
import re

import pytest

from workbench.core.access import key_hash
from workbench.core.errors import RuleError, ValidationError
from workbench.polls.rules import PollItem
from workbench.polls.screens.facilitator import PollsScreen
from workbench.polls.screens.facilitator import build as build_polls
from workbench.polls.screens.vote import VoteScreen
from workbench.polls.screens.vote import build as build_vote
from workbench.polls.store.ballots import attributes, get_ballot
from workbench.polls.store.polls import add_poll, get_poll, list_items, resolve_source, update_phase
from workbench.polls.widgets.ballot_dots import DotsBallot
from workbench.polls.widgets.ballot_marks import ApprovalBallot, ScoreBallot
from workbench.polls.widgets.ballot_pairwise import PairwiseBallot
from workbench.polls.widgets.ballot_ranking import RankingBallot

ITEMS = [PollItem(k, {"en": f"item {k}"}, {"en": f"the full text of {k}"}) for k in "ABCD"]


def test_dots_ballot_stops_at_the_cap_and_the_budget():
    sent = []
    ballot = DotsBallot(ITEMS, sent.append, budget=3, max_per_item=2)
    for _ in range(3):
        ballot.plus_buttons["A"].click()
    assert ballot.value == {"A": 2} and ballot.plus_buttons["A"].disabled
    ballot.plus_buttons["B"].click()
    assert "0 dots left of 3" in ballot.left.value and ballot.plus_buttons["C"].disabled
    ballot.minus_buttons["A"].click()
    assert ballot.value == {"A": 1, "B": 1} and "1 dot left of 3" in ballot.left.value
    ballot.submit_button.click()
    assert sent == [{"A": 1, "B": 1}]


def test_refusals_are_shown_word_for_word_and_escaped():
    def refuse(_value):
        raise RuleError("this poll is closed: ballots are no longer accepted <b>")
    ballot = ApprovalBallot(ITEMS, refuse)
    ballot.toggles["B"].value = True
    ballot.submit_button.click()
    assert "no longer accepted &lt;b&gt;" in ballot.submitter.message.value


def test_ranking_by_tapping_and_moving_up_and_down():
    sent = []
    ballot = RankingBallot(ITEMS, sent.append)
    for key in ("C", "A", "D"):
        ballot.item_buttons[key].click()
    assert ballot.value == ["C", "A", "D"] and ballot._pool_rows["A"].layout.display == "none"
    ballot.up_buttons["A"].click()
    ballot.down_buttons["C"].click()
    assert ballot.value == ["A", "D", "C"] and ballot.up_buttons["A"].disabled
    ballot.remove_buttons["D"].click()
    ballot.submit_button.click()
    assert sent == [["A", "C"]]
    again = RankingBallot(ITEMS, sent.append, value=["B", "A"])
    assert again.value == ["B", "A"] and "2 items placed" in again.order_heading.value


def test_approval_and_score_ballots():
    sent = []
    approval = ApprovalBallot(ITEMS, sent.append, value=["D"])
    approval.toggles["A"].value = True
    approval.submit_button.click()
    score = ScoreBallot(ITEMS, sent.append, max_score=5)
    score.choices["B"].value = 4
    score.choices["C"].value = 0
    score.choices["C"].value = -1
    score.submit_button.click()
    assert sent == [["A", "D"], {"B": 4}]


def test_full_text_is_one_tap_away_and_long_lists_open_by_section():
    many = [PollItem(f"{g}.{n}", {"en": f"action {g}.{n}"}, {"en": "text"}) for g in (1, 2) for n in range(1, 16)]
    ballot = DotsBallot(many, lambda v: None, budget=5, section_titles={"1": "Goal one"})
    assert len(ballot.rows.section_buttons) == 2 and "Goal one" in ballot.rows.section_buttons[0].description
    assert ballot.plus_buttons == {}                                  # rows are built when opened
    ballot.rows.section_buttons[1].click()
    assert len(ballot.plus_buttons) == 15
    ballot.plus_buttons["2.3"].click()
    assert ballot.value == {"2.3": 1}
    row_label = ballot.rows._panels[1].children[0].children[0]
    row_label.info_button.click()
    assert row_label.text.layout.display == "block" and "text" in row_label.text.value


def test_pairwise_ballot_answers_cant_decide_and_proposals():
    pairs = [(ITEMS[0], ITEMS[1]), (ITEMS[2], ITEMS[3]), None]
    answers, proposals = [], []
    ballot = PairwiseBallot(lambda: pairs.pop(0), lambda *a: answers.append(a), on_propose=proposals.append)
    assert ballot.left_button.description == "A item A"
    ballot.read_button.click()
    assert "the full text of B" in ballot.full_text.value
    ballot.right_button.click()
    ballot.cant_decide_button.click()
    ballot.reason_buttons["dont_understand"].click()
    assert answers == [("A", "B", "B", None), ("C", "D", None, "dont_understand")]
    assert ballot.answered == 2 and "Pairs answered: 2" in ballot.progress.value
    assert "every pair" in ballot.status.message.value and ballot.pair_box.layout.display == "none"
    ballot.propose_input.value = "Peer mentoring"
    ballot.propose_button.click()
    assert proposals == ["Peer mentoring"] and "approves" in ballot.status.message.value


# -- the vote app ---------------------------------------------------------------------------
def open_poll(store, source="goal:1.2", method="schulze", params=None, **kwargs):
    items, found = resolve_source(store, source)
    poll = add_poll(store, {"en": "Goal 1.2: what first?"}, items, method, params, source=found, **kwargs)
    return update_phase(store, poll["id"], "open")


def joined(store, poll, group=None, name="Calm Heron 31") -> VoteScreen:
    screen = VoteScreen(store, code=poll["code"], group=group)
    assert screen.join.step == "language"
    screen.join.language_button.click()
    screen.join.pseudonym_input.value = name
    screen.join.pseudonym_button.click()
    for choice in screen.join.use_buttons.values():    # no use is answered for her (issue 13)
        choice.value = True
    screen.join.agree_button.click()
    screen.join.skip_button.click()
    assert screen.participant is not None, screen.join.message.value
    return screen


def test_vote_app_join_rank_confirm_review_and_change(plan_store):
    poll = open_poll(plan_store)
    screen = joined(plan_store, poll, group="wg2")
    assert attributes(plan_store, poll["session_id"])[screen.participant["id"]]["group"] == "wg2"
    ballot = screen.ballot
    ballot.item_buttons["1.2.4"].click()
    ballot.item_buttons["1.2.1"].click()
    ballot.submit_button.click()
    assert get_ballot(plan_store, poll["id"], screen.participant["id"]) == ["1.2.4", "1.2.1"]
    assert "Your ballot is saved" in screen.confirmation.value and "<ol>" in screen.confirmation.value
    screen.change_button.click()
    assert screen.ballot.value == ["1.2.4", "1.2.1"]                 # the saved ballot, to change
    screen.ballot.up_buttons["1.2.1"].click()
    screen.ballot.submit_button.click()
    assert get_ballot(plan_store, poll["id"], screen.participant["id"]) == ["1.2.1", "1.2.4"]


def test_vote_app_refuses_forged_ballots_and_says_when_the_poll_closed(plan_store):
    poll = open_poll(plan_store, method="dots", params={"budget": 3, "max_per_item": 2})
    screen = joined(plan_store, poll)
    with pytest.raises(ValidationError, match="more than the 2 allowed"):
        screen._submit({"1.2.1": 3})                                     # what a forged message would do
    screen.ballot.value = {"1.2.1": 3}                                   # a forged widget state
    screen.ballot.submit_button.click()
    assert "more than the 2 allowed" in screen.ballot.submitter.message.value
    assert get_ballot(plan_store, poll["id"], screen.participant["id"]) is None
    update_phase(plan_store, poll["id"], "closed")
    screen.ballot.value = {"1.2.1": 1}
    screen.ballot.submit_button.click()                                  # the page had not noticed yet
    assert "This poll is closed: ballots are no longer accepted." in screen.ballot.submitter.message.value
    screen.refresh()
    assert "This poll is closed" in screen.notice.value and screen.ballot not in screen.body.children


def test_vote_app_pairs_and_proposals(plan_store):
    poll = open_poll(plan_store, source="list:capacity-building", method="bradley-terry")
    screen = joined(plan_store, poll)
    ballot = screen.ballot
    first = ballot.pair
    ballot.left_button.click()
    assert ballot.pair != first and ballot.answered == 1
    ballot.propose_input.value = "Peer mentoring"
    ballot.propose_button.click()
    assert "approves" in ballot.status.message.value


def test_vote_app_without_a_code_asks_for_one_and_a_bad_group_is_ignored(plan_store, monkeypatch):
    monkeypatch.setenv("WORKBENCH_DB", plan_store.target)
    screen = build_vote({"group": "<b>"})
    assert screen.join.step == "code" and screen.group is None and "not valid" in screen.notice.value


# -- the polls app --------------------------------------------------------------------------
def test_polls_app_needs_the_facilitator_key(plan_store, monkeypatch):
    monkeypatch.setenv("WORKBENCH_DB", plan_store.target)
    monkeypatch.setenv("WORKBENCH_FACILITATOR_KEY_HASH", key_hash("secret"))
    assert "for facilitators" in build_polls({"key": "wrong"}).children[1].value
    assert isinstance(build_polls({"key": "secret"}), PollsScreen)


def test_polls_app_create_open_hidden_close_results_and_approve(plan_store):
    screen = PollsScreen(plan_store, "en", token="tok")
    screen.new_button.click()
    form = screen.form
    form.title.value = "Where to meet"
    form.source.value = "typed"
    form.lines.value = "Nairobi\nLima\n<script>alert(1)</script>"
    form.method.value = "approval"
    form.create_button.click()
    assert "join code" in form.message.value, form.message.value
    poll_id = screen.poll_id
    items = list_items(plan_store, poll_id)
    assert [i.key for i in items] == ["T1", "T2", "T3"]
    assert "vote.ipynb?token=tok&amp;code=" in screen.info.value and "key=" not in screen.info.value
    screen.open_button.click()
    assert "open" in screen.info.value
    voter = joined(plan_store, get_poll(plan_store, poll_id))
    voter.ballot.toggles["T3"].value = True
    voter.ballot.submit_button.click()
    screen.refresh()
    assert "People who voted: 1" in screen.count.value
    assert "hidden until it closes" in screen.results_box.children[0].value
    screen.close_button.click()
    view = screen.results_box.children[0]
    assert "&lt;script&gt;" in view.table.value and "<script>" not in view.table.value
    assert "too small" in view.breakdown.value and "Consensus across groups" in view.consensus.value
    view.show_charts()
    assert "data:image/png;base64" in view.charts.value
    assert view.downloads.value.count("download=") == 3
    files = dict(re.findall(r'download="([^"]+)" href="data:[^;]+;charset=utf-8;base64,([^"]+)"', view.downloads.value))
    assert sorted(files) == [f"poll-{poll_id}-ballots.csv", f"poll-{poll_id}-results.csv", f"poll-{poll_id}-results.md"]
    results_file = base64.b64decode(files[f"poll-{poll_id}-results.csv"]).decode()
    assert results_file.splitlines()[:2] == ["place,tied,key,title,score,share",
                                             "1,False,T3,<script>alert(1)</script>,1,1.0"]

    pairs = open_poll(plan_store, source="list:capacity-building", method="bradley-terry")
    voter = joined(plan_store, pairs, name="Kind Owl 44")
    voter.ballot.propose_input.value = "Peer mentoring"
    voter.ballot.propose_button.click()
    screen._load_picker(select=pairs["id"])
    assert "waiting for approval: 1" in screen.proposals.children[0].value
    screen.approve_buttons["P1"].click()
    assert "P1" in [i.key for i in list_items(plan_store, pairs["id"])] and not screen.proposals.children


def test_the_new_poll_form_shows_its_fields():
    """Each field has a layout of its own: hiding the score field (a dots poll) hid them all."""
    from workbench.polls.widgets.setup import PollForm
    form = PollForm([("Goal 1.3", "goal:1.3")], on_create=lambda spec: "created", language="sw")
    shown = [form.title, form.source, form.method, form.budget, form.max_per_item, form.opens_at, form.closes_at]
    assert all(field.layout.display != "none" for field in shown)
    assert form.max_score.layout.display == "none" and form.lines.layout.display == "none"
    form.method.value = "score"
    assert form.max_score.layout.display != "none" and form.budget.layout.display == "none"
    assert form.title.layout.display != "none" and form.method.layout.display != "none"
    assert len({id(field.layout) for field in [*shown, form.max_score, form.lines]}) == 9


def test_participants_see_published_results_in_their_language_and_never_from_fewer_than_five(plan_store):
    from workbench.polls.store.ballots import cast_ballot, published_results
    from workbench.polls.store.polls import publish_results

    def closed_poll(voters: int):
        poll = open_poll(plan_store, method="approval", params={})
        screens = [joined(plan_store, poll, name=f"Calm Heron {n}") for n in range(voters)]
        for n, screen in enumerate(screens):
            cast_ballot(plan_store, poll["id"], screen.participant["id"], ["1.2.1", f"1.2.{n % 4 + 2}"])
        with pytest.raises(RuleError, match="once the poll is closed"):
            publish_results(plan_store, poll["id"])                      # not while it is open
        update_phase(plan_store, poll["id"], "closed")
        screens[-1]._switch_language("sw")
        return poll, screens[-1]

    few, reader = closed_poll(4)
    reader.refresh()
    assert "mwezeshaji" in reader.notice.value and reader.body.children == ()   # not published yet
    publish_results(plan_store, few["id"])
    with pytest.raises(RuleError, match="fewer than 5 voters"):
        published_results(plan_store, few["id"])                         # 4 ballots could be told apart
    reader.refresh()
    assert "chini ya 5" in reader.notice.value and reader.body.children == ()

    enough, reader = closed_poll(5)
    publish_results(plan_store, enough["id"])
    reader.refresh()
    shown = reader.body.children[0].value
    assert "Matokeo" in shown and shown.index("1.2.1") < shown.index("1.2.2")
    assert "Calm Heron" not in shown                                     # no ballot, no person


def test_the_facilitator_publishes_a_closed_polls_results(plan_store):
    poll = open_poll(plan_store)
    screen = PollsScreen(plan_store, "en", "")
    screen.picker.value = poll["id"]
    assert screen.publish_button.layout.display == "none"                # open: nothing to publish
    screen.close_button.click()
    assert screen.publish_button.layout.display == "flex"
    screen.publish_button.click()
    assert get_poll(plan_store, poll["id"])["results_published"]
    assert screen.publish_button.description == "Stop showing the results to participants"
    screen.publish_button.click()
    assert not get_poll(plan_store, poll["id"])["results_published"]


def test_the_polls_app_makes_a_link_per_working_group(plan_store):
    poll = open_poll(plan_store)
    screen = PollsScreen(plan_store, "en", "tok")
    screen.picker.value = poll["id"]
    screen.groups_input.value = "wg1, wg2; wg1"
    screen.groups_button.click()
    links = screen.group_links.value
    assert links.count("<li>") == 2 and f"code={poll['code']}" in links
    assert "&amp;group=wg1" in links and "&amp;group=wg2" in links and "token=tok" in links
    screen.groups_input.value = "wg1, <b>bad</b>"
    screen.groups_button.click()
    assert "wb-error" in screen.group_links.value and "<b>bad" not in screen.group_links.value
