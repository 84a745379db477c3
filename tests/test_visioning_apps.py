"""The visioning apps without a browser: the JoinPanel, the participant screen (including forged
widget messages), the facilitator screen and the live watcher."""
from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from workbench.core.errors import NotFound
from workbench.core.i18n import translator
from workbench.participation.privacy import SYNTHETIC_CONSENT
from workbench.participation.rules import JoinAnswers, PseudonymRefused
from workbench.visioning.screens.facilitator import FacilitatorScreen
from workbench.visioning.screens.facilitator import build as build_facilitator
from workbench.ui.live import Watcher
from workbench.visioning.screens.participant import VisioningScreen
from workbench.store import Store
from workbench.visioning.store.contributions import add_contribution, list_contributions
from workbench.participation.store.participants import join_session, update_role
from workbench.visioning.store.reactions import current_votes
from workbench.visioning.store.sessions import add_visioning_session, live_numbers, update_phase
from workbench.participation.widgets.join import JoinPanel


class DB(type(Path())):
    """A database path that also carries the session made in it."""
    session: dict


@pytest.fixture
def db(tmp_path):
    path = DB(tmp_path / "w.db")
    with Store.open(path) as store:
        path.session = add_visioning_session(
            store, {"en": "Workshop", "sw": "Warsha"}, [{"en": "In ten years …"}],
            {"en": "We collect what you write.", "sw": "Tunakusanya unachoandika."})
        update_phase(store, path.session["id"], "gathering")
    return path


def joined(db, name="Ana X", language="en") -> VisioningScreen:
    screen = VisioningScreen(Store.open(db), code=db.session["code"].lower(), language=language, live=False)
    screen.join.language_button.click()
    screen.join.pseudonym_input.value = name
    screen.join.pseudonym_button.click()
    for choice in screen.join.use_buttons.values():    # no use is answered for her (issue 13)
        choice.value = True
    screen.join.agree_button.click()
    screen.join.skip_button.click()
    return screen


def test_join_panel_steps_and_messages():
    sessions = {"K7QX4R": {"title": {"en": "W"}, "consent": {"en": "We keep it.\nTwo years."},
                           "consent_version": 3, "phase": "gathering"},
                "CCCCCC": {"title": {"en": "Old"}, "consent": {"en": "c"}, "consent_version": 1, "phase": "closed"}}
    joined_with = []

    def lookup(code):
        from workbench.participation.codes import normalize_join_code
        code = normalize_join_code(code)
        if code not in sessions:
            raise NotFound(code)
        return sessions[code]

    def on_join(session, answers):
        if answers.pseudonym == "Taken":
            raise PseudonymRefused("taken")
        joined_with.append(answers)

    panel = JoinPanel(lookup, on_join, language="sw")
    _ = translator("sw")          # the panel speaks the language it was opened in
    for code, message in (("hello", "A join code has 6 letters and digits, like K7QX4R. Please check it."),
                          ("AAAAAA", "No session has this code. Please check it with your facilitator."),
                          ("cccccc", "This session is closed. Thank you for your interest.")):
        panel.code_input.value = code
        panel.code_button.click()
        assert panel.step == "code" and _(message) in panel.message.value
    panel.code_input.value = "k7q-x4r"
    panel.code_button.click()
    assert panel.step == "language" and panel.language_buttons.value == "sw"
    panel.language_buttons.value = "en"
    panel.language_button.click()
    suggested = panel.pseudonym_input.value
    panel.suggest_button.click()
    assert panel.pseudonym_input.value and panel.step == "pseudonym"
    panel.pseudonym_input.value = "Taken"
    panel.pseudonym_button.click()
    assert panel.step == "consent" and "<p>Two years.</p>" in panel.consent_text.value
    assert [choice.value for choice in panel.use_buttons.values()] == [None, None, None]   # none chosen for her
    for choice in panel.use_buttons.values():
        choice.value = True
    panel.agree_button.click()
    assert panel.step == "demographics"
    panel.skip_button.click()
    assert panel.step == "pseudonym" and "already uses this pseudonym" in panel.message.value
    panel.pseudonym_input.value = suggested
    panel.pseudonym_button.click()
    panel.agree_button.click()
    panel.demographics.country.value = "KE"
    panel.demographics.age_band.value = "prefer_not_to_say"
    panel.join_button.click()
    assert panel.step == "done"
    answers = joined_with[-1]
    assert (answers.language, answers.consent_version, answers.consent) == (   # each use yes/no
        "en", 3, {"take_part": True, "quote": True, "translate": True, "share_numbers": True})
    assert (answers.demographics.country, answers.demographics.age_band) == ("KE", "prefer_not_to_say")


def test_declining_consent_saves_nothing(db):
    screen = VisioningScreen(Store.open(db), code=db.session["code"], live=False)
    screen.join.language_button.click()
    screen.join.pseudonym_button.click()
    screen.join.decline_button.click()
    assert screen.join.step == "done" and "Nothing about you was saved" in screen.join.texts["done"].value
    assert live_numbers(screen.store)["participants"] == 0


def test_participant_writes_reacts_and_forged_clicks_are_refused(db):
    ana, ben = joined(db, "Ana X"), joined(db, "Ben Y", "sw")
    assert ana.participant["language"] == "en" and ben.participant["language"] == "sw"  # chosen in the panel
    ana.editor.text.value = "<b>healers</b>"
    ana.editor.add_button.click()
    assert "&lt;b&gt;healers&lt;/b&gt;" in ana.editor.mine.children[0].children[0].value
    assert ben.card.layout.display == "none"
    ben.card.show({"id": list_contributions(ben.store)[0]["id"], "text": "x", "language": "en"})
    ben.card.agree_button.click()   # a forged click while the card is hidden: the core refuses
    _ = translator(ben.language)                                            # the phase named in her language
    refused = _("reactions are not being collected now: the session is %(phase)s") % {"phase": _("gathering ideas")}
    assert refused in ben.card.message.value and current_votes(ben.store) == []
    update_phase(ben.store, db.session["id"], "reacting")
    ben.watcher.poll()
    assert ben.phase == "reacting" and ben.card.layout.display == "flex"
    assert "&lt;b&gt;healers&lt;/b&gt;" in ben.card.text.value
    ben.card.pass_button.click()
    ben.card.back_button.click()
    _ = translator("sw")          # Ben joined in Swahili
    assert _("Your answer was: %(vote)s") % {"vote": _("Pass")} in ben.card.text.value
    ben.card.agree_button.click()
    assert current_votes(ben.store) == [(ben.participant["id"], list_contributions(ben.store)[0]["id"], 1)]
    update_phase(ben.store, db.session["id"], "closed")
    ana.watcher.poll()
    assert ana.editor.layout.display == "none"
    ana.editor.text.value = "after the close"
    ana.editor.add_button.click()   # forged: the button is not shown any more
    assert "the session is closed" in ana.editor.message.value
    assert len(list_contributions(ana.store)) == 1


def test_editing_withdrawing_and_the_counter(db):
    ana = joined(db)
    ana.editor.text.value = "x" * 281
    assert "281 of 280" in ana.editor.counter.value and "wb-over" in ana.editor.counter.value
    ana.editor.add_button.click()
    assert "limit is 280" in ana.editor.message.value
    ana.editor.text.value = "healers"
    ana.editor.add_button.click()
    (cid,) = ana.editor.edit_buttons
    ana.editor.edit_buttons[cid].click()
    ana.editor.text.value = "healers and doctors"
    ana.editor.add_button.click()
    assert list_contributions(ana.store)[0]["text"] == "healers and doctors"
    ana.editor.withdraw_buttons[cid].click()
    assert list_contributions(ana.store) != []   # the first tap only asks
    ana.editor.withdraw_buttons[cid].click()
    assert list_contributions(ana.store) == [] and ana.editor.edit_buttons == {}


def test_interpreters_get_the_interpret_panel_live(db):
    ana, ben = joined(db, "Ana X"), joined(db, "Ben Y")
    ana.editor.text.value = "healers"
    ana.editor.add_button.click()
    assert ben.interpret.layout.display == "none"
    update_role(ben.store, ben.participant["id"], "interpreter")
    ben.watcher.poll()
    assert ben.interpret.layout.display == "flex"
    ben.interpret.target.value = "sw"
    ben.interpret.text.value = "waganga"
    ben.interpret.save_button.click()
    assert list_contributions(ben.store)[0]["translations"] == {"sw": "waganga"}


def test_break_requests_are_anonymous_and_spaced(db):
    ana = joined(db)
    ana.break_button.click()
    ana.break_button.click()   # a second tap within a minute is not a second request
    assert live_numbers(ana.store)["breaks"] == 1 and "Take the time you need" in ana.break_message.value
    columns = [row[1] for row in ana.store.db.execute("PRAGMA table_info(break_requests)")]
    assert "participant_id" not in columns


def test_facilitator_needs_the_key(monkeypatch):
    from workbench.core.access import FACILITATOR_ENV, key_hash
    monkeypatch.setenv(FACILITATOR_ENV, key_hash("right"))
    assert "for facilitators" in build_facilitator({"key": "wrong"}).children[-1].value
    assert "for facilitators" in build_facilitator({}).children[-1].value


def test_facilitator_screen_moderates_and_drafts(db):
    store = Store.open(db)
    people = [join_session(store, db.session["id"], JoinAnswers(f"P{i} x", "en", 1, SYNTHETIC_CONSENT))["id"] for i in range(3)]
    first = add_contribution(store, people[0], "healers")
    add_contribution(store, people[1], "<script>alert(1)</script>")
    screen = FacilitatorScreen(store, language="en", live=False)
    screen.session_filter.value = db.session["id"]
    assert db.session["code"][:3] in screen.panel.heading.value
    screen.tabs.selected_index = 1
    assert "&lt;script&gt;" in screen.table.value and "<script>" not in screen.table.value
    screen.moderation.contribution.value = first["id"]
    screen.moderation.hide_button.click()
    assert "reason for hiding is empty" in screen.moderation.message.value
    screen.moderation.reason.value = "test"
    screen.moderation.hide_button.click()
    screen.moderation.tag.value = screen.theme_names.get("theme:3", "theme:3")
    screen.moderation.tag_button.click()
    assert list_contributions(store, tag="theme:3", visible_only=False)[0]["hidden_reason"] == "test"
    screen.tabs.selected_index = 3
    assert "No opinion groups yet" in screen.groups_html.value
    screen.tabs.selected_index = 5
    screen.vision.picks.value = (screen.vision.picks.options[0][1],)
    screen.vision.compose_button.click()
    assert "WE WILL BE:" in screen.vision.text.value
    screen.vision.save_button.click()
    assert "Saved as version 1" in screen.vision.message.value and "download=" in screen.vision.exports.value
    screen.panel.phase_buttons["reacting"].click()
    assert "Reacting" in screen.panel.numbers.value


def test_watcher_polls_in_an_event_loop_and_ends_with_its_owner(db):
    from concurrent.futures import ThreadPoolExecutor

    import ipywidgets as widgets
    owner = widgets.HTML()
    calls = []
    watcher = Watcher(Store.open(db), lambda: calls.append(1), owner, interval=0.01)

    async def scenario():
        assert watcher.start()
        with Store.open(db) as other:
            update_phase(other, db.session["id"], "reacting")
        for _ in range(100):
            await asyncio.sleep(0.01)
            if calls:
                break
        owner.close()
        await asyncio.sleep(0.05)
        return watcher.task

    def in_a_fresh_thread():   # no event loop runs there (the browser tests' one runs in this thread)
        assert watcher.start() is False   # no running loop: nothing started
        return asyncio.run(scenario())

    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(in_a_fresh_thread).result() is None and calls == [1]


def test_a_contribution_hidden_while_on_screen_is_replaced(db):
    from workbench.visioning.store.moderation import hide_contribution
    ana, ben = joined(db, "Ana X"), joined(db, "Ben Y")
    for text in ("healers", "doctors"):
        ana.editor.text.value = text
        ana.editor.add_button.click()
    update_phase(ana.store, db.session["id"], "reacting")
    ben.watcher.poll()
    first = ben.card.item["id"]
    with Store.open(db) as facilitator:
        hide_contribution(facilitator, first, "names a person")
    ben.watcher.poll()
    assert ben.card.item is not None and ben.card.item["id"] != first


def test_join_buttons_act_only_on_their_own_step(db):
    screen = VisioningScreen(Store.open(db), code=db.session["code"], live=False)
    assert screen.join.step == "language"
    screen.join.join_button.click()        # forged: the consent was never shown
    screen.join.agree_button.click()
    assert screen.join.step == "language" and screen.participant is None
    screen.join.language_button.click()
    screen.join.language_button.click()    # a late second tap on the replaced button
    assert screen.join.step == "pseudonym"


def test_opinion_groups_and_themes_say_when_they_cannot_be_computed(db, monkeypatch):
    """Without scikit-learn (or on any failure) the tab said "Computing…" forever."""
    from workbench.visioning.screens import results
    store = Store.open(db)
    screen = FacilitatorScreen(store, language="sw", live=False)

    def broken(*_args, **_kwargs):
        raise ModuleNotFoundError("No module named 'sklearn'")
    monkeypatch.setattr(results, "opinion_groups_view", broken)
    monkeypatch.setattr(results, "themes_for", broken)
    screen.refresh_tab("groups")
    assert "sklearn" in screen.groups_html.value and "wb-error" in screen.groups_html.value
    screen.refresh_tab("themes")
    assert "sklearn" in screen.themes_box.children[0].value
