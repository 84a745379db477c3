"""Joining a session: pseudonym, language, consent record, optional demographics."""
from __future__ import annotations

import pytest

from workbench.core.errors import NotFound, RuleError, ValidationError
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


def answers(name="Calm Heron 27", **kw):
    return JoinAnswers(pseudonym=name, language="sw", consent_version=1, **kw)


def test_joining_records_pseudonym_consent_and_demographics(fresh_store, session):
    demographics = Demographics(country="TZ", languages=["sw", "en"], age_band=PREFER_NOT)
    person = join_session(fresh_store, session["id"], answers(demographics=demographics))
    assert (person["pseudonym"], person["language"], person["role"]) == ("Calm Heron 27", "sw", "participant")
    consent = latest_consent(fresh_store, person["id"])
    assert consent["version"] == 1 and consent["answers"] == {"take_part": True} and consent["recorded_at"]
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
        join_session(fresh_store, session["id"], JoinAnswers("Kind Owl 11", "sw", consent_version=0))
    join_session(fresh_store, session["id"], answers())
    with pytest.raises(PseudonymRefused, match="already uses the pseudonym"):
        join_session(fresh_store, session["id"], answers())
    with pytest.raises(PseudonymRefused, match="use 2 to 40 characters"):
        join_session(fresh_store, session["id"], answers("x"))
    update_phase(fresh_store, session["id"], "closed")
    with pytest.raises(RuleError, match="this session is closed"):
        join_session(fresh_store, session["id"], answers("Kind Owl 11"))
    assert len(list_participants(fresh_store, session["id"])) == 1


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
