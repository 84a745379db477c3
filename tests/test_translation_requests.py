"""Mixed-language sessions (issue 13): a reader shown a contribution with no translation into
her language sees the original with a note in her language, and a translation is asked for
(once per reader and language, in the store); if the author said no to translation, the note
says so and nothing is recorded. The interpreters see what is waiting, most requested first."""
from __future__ import annotations

import pytest

from workbench.core.errors import RuleError
from workbench.core.i18n import plural_translator, translator
from workbench.participation.rules import JoinAnswers
from workbench.participation.store.erasure import erase_participant, my_data
from workbench.participation.store.participants import add_consent, join_session, update_language, update_role
from workbench.store import Store
from workbench.visioning.screens.facilitator import FacilitatorScreen
from workbench.visioning.screens.participant import VisioningScreen
from workbench.visioning.store.contributions import (
    NOT_NEEDED,
    REFUSED,
    REQUESTED,
    TRANSLATED,
    add_contribution,
    add_translation,
    request_translation,
    waiting_for_translation,
    withdraw_contribution,
)
from workbench.visioning.store.moderation import hide_contribution, show_contribution
from workbench.visioning.store.sessions import add_visioning_session, update_phase
from workbench.visioning.widgets.interpret_panel import InterpretPanel
from workbench.visioning.widgets.reaction_card import ReactionCard

ALL_YES = {"take_part": True, "quote": True, "translate": True, "share_numbers": True}
NO_TRANSLATION = {**ALL_YES, "translate": False}
REQUESTED_NOTE = "A translation has been requested. This is the original, in %(language)s."
REFUSED_NOTE = "Its author asked not to be translated. This is the original, in %(language)s."


def session_of(store, title="Workshop"):
    session = add_visioning_session(store, {"en": title}, [{"en": "In ten years …"}], {"en": "We collect …"})
    update_phase(store, session["id"], "gathering")
    return session


def person(store, session, name, language="en", consent=ALL_YES):
    return join_session(store, session["id"], JoinAnswers(name, language, 1, consent))["id"]


def requests(store):
    return store.db.execute("SELECT contribution_id, reader_id, language FROM translation_requests "
                            "ORDER BY id").fetchall()


def test_a_request_is_recorded_once_per_reader_and_language(fresh_store):
    session = session_of(fresh_store)
    ana, ben = person(fresh_store, session, "Ana X", "es"), person(fresh_store, session, "Ben Y", "sw")
    idea = add_contribution(fresh_store, ana, "curanderas en nuestras comunidades")["id"]
    assert request_translation(fresh_store, idea, ben) == REQUESTED
    assert request_translation(fresh_store, idea, ben) == REQUESTED        # asking again changes nothing
    assert requests(fresh_store) == [(idea, ben, "sw")]
    update_language(fresh_store, ben, "fr")                                # she reads in French now
    assert request_translation(fresh_store, idea, ben) == REQUESTED
    assert requests(fresh_store) == [(idea, ben, "sw"), (idea, ben, "fr")]
    assert request_translation(fresh_store, idea, ana) == NOT_NEEDED      # her own
    cleo = person(fresh_store, session, "Cleo Z", "es")
    assert request_translation(fresh_store, idea, cleo) == NOT_NEEDED     # in her language
    dan = person(fresh_store, session, "Dan W", "pt")
    add_translation(fresh_store, idea, "pt", "curandeiras")
    assert request_translation(fresh_store, idea, dan) == TRANSLATED      # nothing to ask
    assert len(requests(fresh_store)) == 2


def test_no_request_when_the_author_refused_translation(fresh_store):
    session = session_of(fresh_store)
    ana = person(fresh_store, session, "Ana X", "es", NO_TRANSLATION)
    ben = person(fresh_store, session, "Ben Y", "sw", NO_TRANSLATION)   # the reader's own answer does not matter
    idea = add_contribution(fresh_store, ana, "curanderas")["id"]
    assert request_translation(fresh_store, idea, ben) == REFUSED and requests(fresh_store) == []
    cleo = person(fresh_store, session, "Cleo Z", "fr")
    hers = add_contribution(fresh_store, cleo, "guérisseuses")["id"]
    assert request_translation(fresh_store, hers, ben) == REQUESTED      # her author agreed: Ben's no is his own
    assert requests(fresh_store) == [(hers, ben, "sw")]


def test_requests_only_for_shown_contributions_of_her_session(fresh_store):
    session, other = session_of(fresh_store), session_of(fresh_store, "Other")
    ana, ben = person(fresh_store, session, "Ana X", "es"), person(fresh_store, session, "Ben Y", "sw")
    stranger = person(fresh_store, other, "Cleo Z", "sw")
    idea = add_contribution(fresh_store, ana, "curanderas")["id"]
    with pytest.raises(RuleError, match="not of this participant's session"):
        request_translation(fresh_store, idea, stranger)
    hide_contribution(fresh_store, idea, "names a person")
    with pytest.raises(RuleError, match="not shown"):
        request_translation(fresh_store, idea, ben)
    assert requests(fresh_store) == []


def test_waiting_most_requested_first_with_the_languages_asked(fresh_store):
    session, other = session_of(fresh_store), session_of(fresh_store, "Other")
    ana = person(fresh_store, session, "Ana X", "es")
    readers = [person(fresh_store, session, f"Reader {n}", lang) for n, lang in enumerate(["sw", "sw", "en", "fr"])]
    few, many = (add_contribution(fresh_store, ana, text)["id"] for text in ("pocas", "muchas"))
    request_translation(fresh_store, few, readers[0])
    for reader in readers:
        request_translation(fresh_store, many, reader)
    waiting = waiting_for_translation(fresh_store, [session["id"]])
    assert [(w["id"], w["waiting"], w["requests"]) for w in waiting] == [
        (many, 4, {"sw": 2, "en": 1, "fr": 1}), (few, 1, {"sw": 1})]
    assert waiting[0]["text"] == "muchas" and waiting[0]["language"] == "es"
    assert "reader_id" not in waiting[0] and waiting_for_translation(fresh_store, [other["id"]]) == []
    add_translation(fresh_store, many, "sw", "mengi")                   # Swahili done: en and fr still wait
    assert [(w["id"], w["requests"]) for w in waiting_for_translation(fresh_store)] == [
        (many, {"en": 1, "fr": 1}), (few, {"sw": 1})]
    hide_contribution(fresh_store, few, "off topic")
    assert [w["id"] for w in waiting_for_translation(fresh_store)] == [many]
    show_contribution(fresh_store, few)
    add_consent(fresh_store, ana, 1, NO_TRANSLATION)                   # the author changed her mind
    assert waiting_for_translation(fresh_store) == []
    add_consent(fresh_store, ana, 1, ALL_YES)
    withdraw_contribution(fresh_store, many, ana)                      # its requests go with its words
    assert [w["id"] for w in waiting_for_translation(fresh_store)] == [few]
    assert {row[0] for row in requests(fresh_store)} == {few}


def test_requests_are_the_readers_data_and_erased_with_her(fresh_store):
    session = session_of(fresh_store)
    ana, ben = person(fresh_store, session, "Ana X", "es"), person(fresh_store, session, "Ben Y", "sw")
    idea = add_contribution(fresh_store, ana, "curanderas")["id"]
    request_translation(fresh_store, idea, ben)
    assert my_data(fresh_store, ben)["tables"]["translation_requests"][0]["language"] == "sw"
    erase_participant(fresh_store, ben, vacuum=False)
    assert requests(fresh_store) == [] and waiting_for_translation(fresh_store) == []


def test_reaction_card_notes_in_the_readers_language():
    card = ReactionCard(on_react=lambda *_: None, on_back=lambda: None, language="sw")
    _ = translator("sw")
    card.show({"id": 1, "text": "curanderas", "language": "es", "note": "requested"})
    assert _(REQUESTED_NOTE) % {"language": "Español"} in card.text.value
    assert 'lang="es"' in card.text.value and card.original_button.layout.display == "none"
    card.show({"id": 2, "text": "<b>curandeiras</b>", "language": "pt", "note": "refused"})
    assert _(REFUSED_NOTE) % {"language": "Português"} in card.text.value
    assert "&lt;b&gt;curandeiras" in card.text.value and "<b>curandeiras" not in card.text.value
    card.show({"id": 3, "text": "curanderas", "language": "es", "translation": "waganga", "note": None})
    assert "wb-translation-note" not in card.text.value and "waganga" in card.text.value


def test_interpret_panel_lists_what_is_waiting_and_picks_its_language():
    panel = InterpretPanel(on_translate=lambda *_: None, language="en")
    items = [{"id": n, "text": text, "language": "es", "translations": {}}
             for n, text in ((1, "uno"), (2, "<i>dos</i>"), (3, "tres"))]
    assert "Nothing is waiting for a translation." in panel.waiting_list.value
    panel.show(items, [{"id": 2, "language": "es", "text": "<i>dos</i>", "requests": {"fr": 2, "sw": 1},
                        "waiting": 3},
                       {"id": 3, "language": "es", "text": "tres", "requests": {"sw": 1}, "waiting": 1},
                       {"id": 9, "language": "es", "text": "filtered out", "requests": {"sw": 1}, "waiting": 1}])
    listed = panel.waiting_list.value
    assert "3 requests" in listed and "Français (2), Kiswahili (1)" in listed and "1 request" in listed
    assert listed.index("dos") < listed.index("tres") and "filtered out" not in listed
    assert "&lt;i&gt;dos" in listed and "<i>dos" not in listed
    assert [value for _label, value in panel.contribution.options] == [2, 3, 1]
    assert panel.contribution.value == 2 and panel.target.value == "fr"    # the most asked language
    panel.contribution.value = 3
    assert panel.target.value == "sw"
    panel.contribution.value = 1                                            # nothing asked: kept
    assert panel.target.value == "sw"
    panel.text.value = "moja (half typed"
    panel.show(items, [{"id": 2, "language": "es", "text": "<i>dos</i>", "requests": {"fr": 3}, "waiting": 3}])
    assert (panel.contribution.value, panel.target.value, panel.text.value) == (1, "sw", "moja (half typed")
    assert "Kiswahili" not in panel.waiting_list.value                       # the list follows live


def joined(db, session, name, language):
    screen = VisioningScreen(Store.open(db), code=session["code"], language=language, live=False)
    screen.join.language_button.click()
    screen.join.pseudonym_input.value = name
    screen.join.pseudonym_button.click()
    for choice in screen.join.use_buttons.values():
        choice.value = True
    screen.join.agree_button.click()
    screen.join.skip_button.click()
    return screen


def test_swahili_reader_of_spanish_and_portuguese_cards(tmp_path):
    db = tmp_path / "w.db"
    store = Store.open(db)
    session = session_of(store)
    ana = person(store, session, "Ana X", "es")
    bia = person(store, session, "Bia Y", "pt", NO_TRANSLATION)
    spanish = add_contribution(store, ana, "curanderas en nuestras comunidades")["id"]
    add_contribution(store, bia, "legisladoras")
    interpreter = joined(db, session, "Ida T", "es")   # reads Spanish: asks for nothing
    update_role(store, interpreter.participant["id"], "interpreter")
    update_phase(store, session["id"], "reacting")
    ben = joined(db, session, "Ben Y", "sw")
    _ = translator("sw")
    seen = {}
    for _card in range(2):
        item = ben.card.item
        seen[item["language"]] = ben.card.text.value
        ben.card.pass_button.click()
    assert _(REQUESTED_NOTE) % {"language": "Español"} in seen["es"] and "curanderas" in seen["es"]
    assert _(REFUSED_NOTE) % {"language": "Português"} in seen["pt"] and "legisladoras" in seen["pt"]
    assert requests(store) == [(spanish, ben.participant["id"], "sw")]  # nothing for the refused one

    interpreter.watcher.poll()
    assert plural_translator("es")("%(n)d request", "%(n)d requests", 1) % {"n": 1} \
        in interpreter.interpret.waiting_list.value                      # in the interpreter's language
    assert "Kiswahili (1)" in interpreter.interpret.waiting_list.value
    assert "legisladoras" not in interpreter.interpret.waiting_list.value
    facilitator = FacilitatorScreen(Store.open(db), language="en", live=False)
    facilitator.session_filter.value = session["id"]
    facilitator.tabs.selected_index = 1
    assert "Kiswahili (1)" in facilitator.interpret.waiting_list.value
    assert facilitator.interpret.contribution.value == spanish and facilitator.interpret.target.value == "sw"

    ben.card.back_button.click()                 # back to a card shown untranslated …
    while ben.card.item["id"] != spanish:
        ben.card.back_button.click()
    interpreter.interpret.contribution.value = spanish
    interpreter.interpret.target.value = "sw"
    interpreter.interpret.text.value = "waganga katika jamii zetu"
    interpreter.interpret.save_button.click()
    ben.watcher.poll()                           # … shows the translation as soon as there is one
    assert "waganga katika jamii zetu" in ben.card.text.value and "wb-translation-note" not in ben.card.text.value
    interpreter.watcher.poll()
    assert translator("es")("Nothing is waiting for a translation.") in interpreter.interpret.waiting_list.value
