"""Typed languages kept (issue 13): in the optional questions, languages typed ("Kiswahili,
Kiingereza") were dropped unless they were an exact pick. Names in any of the five languages
become tags, the rest is kept as typed (cleaned, bounded), in the core; aggregates count it only
as "another language", never showing what was typed."""
from __future__ import annotations

import pytest

from workbench.core.errors import ValidationError
from workbench.core.i18n import translator
from workbench.participation import demographics as demo
from workbench.participation.demographics import FEWER, OTHER_LANGUAGE
from workbench.participation.privacy import SYNTHETIC_CONSENT
from workbench.participation.rules import (
    MAX_OTHER_LANGUAGE_CHARS,
    MAX_OTHER_LANGUAGES,
    PREFER_NOT,
    Demographics,
    JoinAnswers,
    check_demographics,
    language_from_name,
    split_spoken,
)
from workbench.participation.store.participants import get_demographics, join_session, update_demographics
from workbench.participation.widgets.demographics_form import DemographicsForm
from workbench.participation.widgets.demographics_view import summary_html
from workbench.store import Store
from workbench.visioning.store.sessions import add_visioning_session, update_phase


@pytest.mark.parametrize("typed, tag", [
    ("Kiswahili", "sw"), ("swahili", "sw"), ("SWAHILI", "sw"), ("suajili", "sw"), ("sw", "sw"), ("SW", "sw"),
    ("Kiingereza", "en"), ("English", "en"), ("inglés", "en"), ("ingles", "en"), ("anglais", "en"),
    ("inglês", "en"), ("Kifaransa", "fr"), ("français", "fr"), ("Francais", "fr"), ("Kireno", "pt"),
    ("português", "pt"), ("Kihispania", "es"), ("Español", "es"), ("espagnol", "es"),
    ("Kiarabu", "ar"), ("Lingala", "ln"), ("Kijaluo", "luo"), ("  Kiswahili  ", "sw"), ("Kiswahili (sw)", "sw"),
    ("pt-br", "pt-BR"),
])
def test_names_in_the_five_languages_and_tags_are_recognised(typed, tag):
    assert language_from_name(typed) == tag


@pytest.mark.parametrize("typed", ["Kikurya", "Lugha ya nyumbani", "xx", "", "12", "kiswahili sanifu kabisa"])
def test_other_text_is_not_a_language(typed):
    assert language_from_name(typed) is None


def test_typed_answers_become_tags_and_kept_texts():
    assert split_spoken(["Kiswahili, Kiingereza"]) == (("sw", "en"), ())
    assert split_spoken(["Kiswahili na Kiingereza", "English"]) == (("sw", "en"), ())
    assert split_spoken(["français et anglais; Kikurya", "kikurya", "Español y portugués"]) == (
        ("fr", "en", "es", "pt"), ("Kikurya",))
    assert split_spoken(["  Lugha\u202e ya\tmama  "]) == ((), ("Lugha ya mama",))   # cleaned, single spaces
    assert split_spoken([" , ;", ""]) == ((), ())
    with pytest.raises(ValidationError, match=f"the limit is {MAX_OTHER_LANGUAGE_CHARS}"):
        split_spoken(["x" * (MAX_OTHER_LANGUAGE_CHARS + 1)])
    with pytest.raises(ValidationError, match="expected text"):
        split_spoken([3])


def test_the_core_sorts_what_was_typed():
    checked = check_demographics(Demographics(languages=("Kiswahili, Kiingereza", "Kikurya", "sw")))
    assert (checked.languages, checked.other_languages) == (("en", "sw"), ("Kikurya",))
    assert check_demographics(checked) == checked                       # checking again changes nothing
    assert check_demographics(Demographics(languages=["Kikurya"])) == Demographics(other_languages=("Kikurya",))
    assert check_demographics(Demographics(languages=PREFER_NOT)).other_languages is None
    for bad in (Demographics(languages="Kiswahili"), Demographics(other_languages="Kikurya"),
                Demographics(languages=PREFER_NOT, other_languages=("Kikurya",)),
                Demographics(languages=[f"Lugha {n}" for n in range(MAX_OTHER_LANGUAGES + 1)]),
                Demographics(languages=["a"] * 1000)):
        with pytest.raises(ValidationError):
            check_demographics(bad)


@pytest.fixture
def session(fresh_store):
    session = add_visioning_session(fresh_store, {"en": "W"}, [{"en": "In ten years …"}], {"en": "consent"})
    update_phase(fresh_store, session["id"], "gathering")
    return session


def test_stored_as_tags_and_kept_texts(fresh_store, session):
    person = join_session(fresh_store, session["id"], JoinAnswers(
        "Calm Heron 27", "sw", 1, SYNTHETIC_CONSENT, Demographics(languages=("Kiswahili, Kiingereza, Kikurya",))))
    assert get_demographics(fresh_store, person["id"]) == Demographics(
        languages=("en", "sw"), other_languages=("Kikurya",))
    update_demographics(fresh_store, person["id"], Demographics(languages=("Kireno",)))
    assert get_demographics(fresh_store, person["id"]) == Demographics(languages=("pt",))
    row = fresh_store.db.execute("SELECT other_languages FROM demographics").fetchone()
    assert row[0] is None


def test_aggregates_count_typed_texts_as_another_language_never_the_text(fresh_store, session):
    people = [("Kiswahili",)] * 6 + [("Kiswahili, Kikurya",)] * 3 + [("Lugha ya nyumbani",)] * 3 + [None]
    for n, spoken in enumerate(people):
        join_session(fresh_store, session["id"], JoinAnswers(
            f"Person {n:02d}", "en", 1, SYNTHETIC_CONSENT, Demographics(languages=spoken)))
    data = demo.summary(fresh_store, [session["id"]])
    assert data["language"] == {"sw": 9, OTHER_LANGUAGE: 6, "unanswered": FEWER}   # once per person
    shown = summary_html(data, "en") + "\n".join(demo.report_lines(fresh_store))
    assert "Kikurya" not in shown and "nyumbani" not in shown and "Another language" in shown
    join_session(fresh_store, session["id"], JoinAnswers(
        "Person 99", "en", 1, SYNTHETIC_CONSENT, Demographics(languages=("Lugha ya bibi",))))
    assert demo.summary(fresh_store, [session["id"]])["language"][OTHER_LANGUAGE] == 7


def test_form_shows_what_was_understood_and_the_core_keeps_it(tmp_path):
    form = DemographicsForm("sw")
    form.load("sw")
    _ = translator("sw")
    assert form.spoken.allowed_tags == []                 # nothing typed is dropped in the browser
    form.spoken.value = ["Kiswahili, kiingereza"]        # one answer, as typed and committed
    assert form.spoken.value == ["Kiswahili", "Kiingereza"]
    assert _("Understood: %(languages)s.") % {"languages": "Kiswahili, Kiingereza"} in form.spoken_understood.value
    form.spoken.value = [*form.spoken.value, "Kikurya", "english"]
    assert form.spoken.value == ["Kiswahili", "Kiingereza", "Kikurya"]
    assert "Kikurya" in form.spoken_understood.value
    form.load("fr")                                       # names follow the reader's language
    assert form.spoken.value == ["swahili", "anglais", "Kikurya"]
    checked = check_demographics(form.value())
    assert (checked.languages, checked.other_languages) == (("en", "sw"), ("Kikurya",))
    form.spoken.value = [*form.spoken.value, "<b>" * 20]
    assert "wb-error" in form.spoken_understood.value and "<b><b>" not in form.spoken_understood.value
    form.spoken_not.value = True
    assert form.value().languages == PREFER_NOT


def test_typed_languages_reach_the_store_through_the_join_panel(tmp_path):
    from workbench.visioning.screens.participant import VisioningScreen
    db = tmp_path / "w.db"
    store = Store.open(db)
    session = add_visioning_session(store, {"en": "W"}, [{"en": "In ten years …"}], {"en": "consent"})
    update_phase(store, session["id"], "gathering")
    screen = VisioningScreen(Store.open(db), code=session["code"], language="sw", live=False)
    screen.join.language_button.click()
    screen.join.pseudonym_button.click()
    for choice in screen.join.use_buttons.values():
        choice.value = True
    screen.join.agree_button.click()
    screen.join.demographics.spoken.value = ["Kiswahili, Kiingereza", "Kikurya"]
    screen.join.join_button.click()
    assert screen.participant is not None
    assert get_demographics(store, screen.participant["id"]) == Demographics(
        languages=("en", "sw"), other_languages=("Kikurya",))
