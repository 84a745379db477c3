"""Joining a session: pseudonym, language, consent record, optional demographics."""
from __future__ import annotations

import pytest

from workbench.core.errors import NotFound, RuleError, ValidationError
from workbench.participation.privacy import SYNTHETIC_CONSENT
from workbench.participation.rules import (
    PREFER_NOT,
    Demographics,
    JoinAnswers,
    PseudonymRefused,
    check_demographics,
    countries,
    spoken_languages,
)
from workbench.participation.store.participants import (
    add_consent,
    count_countries,
    country_counts,
    get_demographics,
    join_session,
    latest_consent,
    list_participants,
    update_role,
)
from workbench.visioning.store.sessions import add_visioning_session, find_visioning_session, update_phase


@pytest.fixture
def session(fresh_store):
    found = add_visioning_session(fresh_store, {"en": "Workshop"}, [{"en": "In ten years …"}],
                                  {"en": "We collect what you write …", "sw": "Tunakusanya …"})
    update_phase(fresh_store, found["id"], "gathering")
    return found


def answers(name="Calm Heron 27", consent=SYNTHETIC_CONSENT, **kw):
    return JoinAnswers(pseudonym=name, language="sw", consent_version=1, consent=consent, **kw)


def test_joining_records_pseudonym_consent_and_demographics(fresh_store, session):
    demographics = Demographics(country="TZ", languages=["sw", "en"], age_band=PREFER_NOT)
    person = join_session(fresh_store, session["id"], answers(demographics=demographics))
    assert (person["pseudonym"], person["language"], person["role"]) == ("Calm Heron 27", "sw", "participant")
    consent = latest_consent(fresh_store, person["id"])
    assert consent["version"] == 1 and consent["answers"] == SYNTHETIC_CONSENT and consent["recorded_at"]
    assert get_demographics(fresh_store, person["id"]) == Demographics("TZ", ("en", "sw"), PREFER_NOT, None)
    assert count_countries(fresh_store, [session["id"]]) == 1
    assert country_counts(fresh_store) == {"TZ": 1}
    assert country_counts(fresh_store, min_count=5) == {}


def test_join_code_is_case_insensitive_and_wrong_codes_are_named(fresh_store, session):
    assert find_visioning_session(fresh_store, session["code"].lower())["id"] == session["id"]
    with pytest.raises(NotFound, match="no session has the join code"):
        find_visioning_session(fresh_store, "AAAAAA")
    with pytest.raises(ValidationError, match="is not a join code"):
        find_visioning_session(fresh_store, "hello")


def test_joining_needs_consent_an_open_session_and_a_free_pseudonym(fresh_store, session):
    with pytest.raises(RuleError, match="needs your agreement"):
        join_session(fresh_store, session["id"], answers(consent={"take_part": False}))
    with pytest.raises(ValidationError, match="consent text changed"):
        join_session(fresh_store, session["id"], JoinAnswers("Kind Owl 11", "sw", 0, SYNTHETIC_CONSENT))
    join_session(fresh_store, session["id"], answers())
    with pytest.raises(PseudonymRefused, match="already uses the pseudonym"):
        join_session(fresh_store, session["id"], answers())
    with pytest.raises(PseudonymRefused, match="use 2 to 40 characters"):
        join_session(fresh_store, session["id"], answers("x"))
    update_phase(fresh_store, session["id"], "closed")
    with pytest.raises(RuleError, match="this session is closed"):
        join_session(fresh_store, session["id"], answers("Kind Owl 11"))
    assert len(list_participants(fresh_store, session["id"])) == 1


def test_joining_refuses_consent_answers_that_leave_out_a_use(fresh_store, session):
    """Issue 13: no use of a person's words is answered for her; a missing answer is not a yes."""
    from workbench.participation.store.return_codes import add_assisted_participant
    everything = {"take_part": True, "quote": False, "translate": True, "share_numbers": False}
    for missing in ("quote", "translate", "share_numbers"):
        partial = {k: v for k, v in everything.items() if k != missing}
        with pytest.raises(ValidationError, match=f"yes or no is missing for {missing}"):
            join_session(fresh_store, session["id"], answers(consent=partial))
    with pytest.raises(ValidationError, match="missing for quote, translate, share_numbers"):
        join_session(fresh_store, session["id"], answers(consent={"take_part": True}))
    with pytest.raises(ValidationError, match="yes or no"):          # not answered is not an answer
        join_session(fresh_store, session["id"], answers(consent={**everything, "quote": None}))
    with pytest.raises(ValidationError, match="missing for translate"):  # assisted: the same rule
        add_assisted_participant(fresh_store, session["id"], answers(
            "By Phone 1", consent={"take_part": True, "quote": False, "share_numbers": False}), helper="facilitator")
    assert list_participants(fresh_store, session["id"]) == []
    assert fresh_store.db.execute("SELECT count(*) FROM consent_records").fetchone()[0] == 0
    person = join_session(fresh_store, session["id"], answers(consent=everything))
    assert latest_consent(fresh_store, person["id"])["answers"] == everything
    with pytest.raises(ValidationError, match="missing for share_numbers"):   # changing them later too
        add_consent(fresh_store, person["id"], 1, {"take_part": True, "quote": True, "translate": True})
    add_consent(fresh_store, person["id"], 1, {"take_part": False})             # withdrawing needs none
    assert latest_consent(fresh_store, person["id"])["answers"] == {"take_part": False}


def test_a_refusal_needs_no_reading_of_a_newer_consent_text(fresh_store, session):
    from workbench.visioning.store.sessions import update_setup
    person = join_session(fresh_store, session["id"], answers())
    update_setup(fresh_store, session["id"], [{"en": "In ten years …"}], {"en": "A new consent text."})
    only_no = {**SYNTHETIC_CONSENT, "quote": False}
    add_consent(fresh_store, person["id"], 1, only_no)              # a no, to the text she agreed to
    assert latest_consent(fresh_store, person["id"])["answers"] == only_no
    with pytest.raises(ValidationError, match="consent text changed"):   # a new yes needs the new text
        add_consent(fresh_store, person["id"], 1, SYNTHETIC_CONSENT)


def test_draft_sessions_cannot_be_joined_yet(fresh_store):
    draft = add_visioning_session(fresh_store, {"en": "W"}, [{"en": "p"}], {"en": "c"})
    with pytest.raises(RuleError, match="has not opened yet"):
        join_session(fresh_store, draft["id"], answers())


def test_demographics_are_optional_and_each_may_be_declined():
    assert check_demographics(Demographics()) == Demographics()
    every_no = Demographics(PREFER_NOT, PREFER_NOT, PREFER_NOT, PREFER_NOT)
    assert check_demographics(every_no) == every_no
    for bad in (Demographics(country="Tanzania"), Demographics(country="EU"), Demographics(age_band="12"),
                Demographics(gender="<script>"), Demographics(languages="sw")):
        with pytest.raises(ValidationError):
            check_demographics(bad)


def test_roles(fresh_store, session):
    person = join_session(fresh_store, session["id"], answers())
    assert update_role(fresh_store, person["id"], "interpreter")["role"] == "interpreter"
    with pytest.raises(ValidationError, match="unknown role"):
        update_role(fresh_store, person["id"], "facilitator")


def test_country_and_language_choices_are_in_the_readers_language():
    assert ("Tanzania", "TZ") in countries("sw")
    names = {code: name for name, code in countries("fr")}
    assert names["DE"] == "Allemagne" and "EU" not in names
    first = spoken_languages("sw")[:5]
    assert [tag for _, tag in first] == ["sw", "en", "es", "fr", "pt"] and first[0][0] == "Kiswahili"
