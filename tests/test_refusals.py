"""Refusals raised in the core with a message id: English in str() (CLI, logs), the reader's
language on a participant's screen (issue 13)."""
from __future__ import annotations

import pytest

from workbench.core import i18n
from workbench.core.errors import RuleError, ValidationError, WorkbenchError
from workbench.core.i18n import N_, refusal, translator
from workbench.participation.ratelimit import TooFast
from workbench.visioning.rules import MAX_CONTRIBUTION_CHARS, check_contribution

CLOSED = "This poll is closed: ballots are no longer accepted."   # translated in every catalog


def test_a_message_id_keeps_english_in_str_and_fills_its_arguments():
    error = ValidationError(N_("contribution is %(n)d characters long; the limit is %(limit)d"), n=12, limit=10)
    assert str(error) == "contribution is 12 characters long; the limit is 10"
    assert error.msgid == "contribution is %(n)d characters long; the limit is %(limit)d"
    assert error.params == {"n": 12, "limit": 10}
    assert isinstance(N_("x"), str) and N_("x") == "x"


def test_refusal_translates_a_message_id_and_leaves_plain_messages_alone():
    swahili = translator("sw")(CLOSED)
    assert swahili != CLOSED
    assert refusal(RuleError(N_(CLOSED)), "sw") == swahili
    assert refusal(RuleError(N_(CLOSED)), "en") == CLOSED
    plain = RuleError(CLOSED)          # no message id: shown as it is
    assert plain.msgid is None and refusal(plain, "sw") == CLOSED
    assert refusal(ValueError("other"), "sw") == "other"


def test_refusal_falls_back_to_english_when_a_translation_does_not_fit(monkeypatch):
    monkeypatch.setattr(i18n, "translator", lambda language: lambda msgid: "%(missing)s")
    error = RuleError(N_("you have %(n)d proposals waiting"), n=3)
    assert refusal(error, "sw") == "you have 3 proposals waiting"


def test_a_too_long_contribution_is_english_in_str_and_swahili_on_the_editor(monkeypatch):
    from workbench.visioning.widgets.contribution_editor import ContributionEditor
    too_long = "x" * (MAX_CONTRIBUTION_CHARS + 5)
    with pytest.raises(ValidationError) as caught:
        check_contribution(too_long, prompt=0, prompts=1, written=0)
    assert str(caught.value) == (f"contribution is {MAX_CONTRIBUTION_CHARS + 5} characters long; "
                                 f"the limit is {MAX_CONTRIBUTION_CHARS}")
    # Not translated yet: a Swahili translator stands in for the catalog.
    real = i18n.translator
    catalog = {"contribution is %(n)d characters long; the limit is %(limit)d":
               "mchango una herufi %(n)d; kikomo ni %(limit)d"}
    monkeypatch.setattr(i18n, "translator", lambda language: (
        lambda msgid: catalog.get(msgid, real(language)(msgid))) if language == "sw" else real(language))

    def add(prompt, text):
        check_contribution(text, prompt=prompt, prompts=1, written=0)

    editor = ContributionEditor([{"en": "Your hopes?"}], on_add=add, on_edit=lambda *a: None,
                                on_withdraw=lambda *a: None, language="sw")
    editor.text.value = too_long
    editor._submit()
    assert f"mchango una herufi {MAX_CONTRIBUTION_CHARS + 5}; kikomo ni {MAX_CONTRIBUTION_CHARS}" \
        in editor.message.value
    assert "characters long" not in editor.message.value


def test_a_closed_poll_is_refused_in_swahili_on_the_ballot():
    from workbench.polls.rules import check_open
    from workbench.polls.widgets.ballot_common import Submitter
    with pytest.raises(RuleError, match="this poll is closed: ballots are no longer accepted"):
        check_open("closed")

    def submit(value):
        raise RuleError(N_(CLOSED))        # what the vote screen raises once the poll has closed

    submitter = Submitter("sw", submit)
    assert submitter.submit(["A"]) is False
    assert translator("sw")(CLOSED) in submitter.message.value
    assert CLOSED not in submitter.message.value


def test_too_fast_is_english_in_str_and_swahili_on_the_comment_form():
    from workbench.feedback.widgets.comment_form import CommentForm
    message = N_("You have sent a lot in the last minute. Please wait a minute, then send again.")

    def submit(*_args):
        raise TooFast(message)

    form = CommentForm(submit, language="sw")
    form.type_buttons.value = form.type_buttons.options[0][1]
    form.text.value = "Maji safi kwa kila kijiji"
    form._submit()
    assert "wait a minute" in str(TooFast(message))
    assert translator("sw")(message) != message
    assert translator("sw")(message) in form.message.value


def test_refusals_without_a_message_id_still_work():
    error = WorkbenchError("a", "b")
    assert error.args == ("a", "b") and error.msgid is None


@pytest.mark.parametrize("forged, english", [
    ({"1.1.1": 2, "1.1.2": 2, "1.1.3": 2}, "your ballot spends 6 dots, more than the budget of 5"),
    ({"1.1.1": 1, "9.9.9": 1}, "'9.9.9' is not an item of this poll"),
])
def test_a_forged_dots_ballot_is_refused_in_swahili_and_nothing_is_stored(plan_store, forged, english):
    """What a forged widget message gets: the refusal in the participant's language, no ballot."""
    from workbench.participation.privacy import SYNTHETIC_CONSENT
    from workbench.participation.rules import Demographics, JoinAnswers
    from workbench.participation.store.participants import join_session
    from workbench.polls.store.ballots import cast_ballot, get_ballot
    from workbench.polls.store.polls import add_poll, resolve_source, update_phase
    items, found = resolve_source(plan_store, "goal:1.1", ())
    poll = add_poll(plan_store, {"en": "Which first?"}, items, "dots", {"budget": 5, "max_per_item": 3},
                    source=found)
    update_phase(plan_store, poll["id"], "open")
    pid = join_session(plan_store, poll["session_id"],
                       JoinAnswers("Calm Heron 11", "sw", 1, SYNTHETIC_CONSENT, Demographics(None)))["id"]
    with pytest.raises(ValidationError) as refused:
        cast_ballot(plan_store, poll["id"], pid, forged)
    assert str(refused.value) == english                      # the CLI and the logs: English
    swahili = refusal(refused.value, "sw")
    assert swahili != english and translator("sw")(refused.value.msgid) != refused.value.msgid
    for value in refused.value.params.values():
        assert str(value) in swahili                          # the item, the amounts, the budget
    assert get_ballot(plan_store, poll["id"], pid) is None
    assert plan_store.db.execute("SELECT count(*) FROM ballots").fetchone()[0] == 0


def _refused(call):
    with pytest.raises(WorkbenchError) as caught:
        call()
    return caught.value


def test_refusals_a_participant_can_meet_are_in_her_language():
    """Beyond ballots: return codes, typed languages, pairs, reactions (issue 13)."""
    from workbench.participation.privacy import MAX_WRONG_CODES, check_attempts, normalize_return_code
    from workbench.participation.rules import Demographics, check_demographics, split_spoken
    from workbench.polls.rules import check_comparison
    from workbench.visioning.rules import check_reaction
    many = tuple(f"Lugha {n}" for n in range(7))       # more languages not in the list than allowed
    refusals = [
        _refused(lambda: check_attempts([100.0] * MAX_WRONG_CODES, 160.0)),
        _refused(lambda: normalize_return_code("K7QX")),
        _refused(lambda: check_demographics(Demographics(languages=many))),
        _refused(lambda: check_comparison(["A", "B"], ("A", "Z"), "A", None, [], "open")),
        _refused(lambda: check_comparison(["A", "B"], ("A", "B"), "C", None, [], "open")),
        _refused(lambda: check_reaction({"id": 3, "participant_id": 1}, 2, 7)),
        _refused(lambda: split_spoken(["Kiswahili " * 50])),
    ]
    for error in refusals:
        assert error.msgid, f"no message id: {error}"
        swahili = refusal(error, "sw")
        assert swahili != str(error) and swahili == translator("sw")(error.msgid) % error.params


def test_the_interpreter_panel_shows_a_refusal_in_her_language():
    from workbench.visioning.widgets.interpret_panel import InterpretPanel
    message = N_("only interpreters may add translations; ask the facilitator for the role")

    def translate(*_args):
        raise RuleError(message)

    panel = InterpretPanel(on_translate=translate, language="sw")
    panel.contribution.options = [("1", 1)]
    panel.contribution.value = 1
    panel._save()
    assert translator("sw")(message) in panel.message.value and message not in panel.message.value
