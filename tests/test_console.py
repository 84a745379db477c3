"""The console's frame without a browser: what is live now, the stages built when opened, the key."""
from __future__ import annotations

from workbench.console.links import Links
from workbench.console.screen import STAGES, ConsoleScreen, build
from workbench.core.access import key_hash
from workbench.core.i18n import translator
from workbench.visioning.store.sessions import add_visioning_session, update_phase


def test_live_now_lists_what_participants_can_join(plan_store):
    screen = ConsoleScreen(plan_store, language="sw", links=Links("K", "sw", token="T"), live=False)
    nothing = translator("sw")("Nothing is open to participants right now.")
    assert nothing != "Nothing is open to participants right now." and nothing in screen.live_now.value
    session = add_visioning_session(plan_store, {"en": "Open <b>day</b>"}, [{"en": "In ten years …"}],
                                    {"en": "We collect what you write."})
    screen.refresh_live()
    assert session["code"] not in screen.live_now.value                     # a draft is not live
    update_phase(plan_store, session["id"], "gathering")
    screen.refresh_live()
    live = screen.live_now.value
    assert f'visioning.ipynb?token=T&amp;code={session["code"]}' in live    # the participants' link: no key, no lang
    assert "Open &lt;b&gt;day&lt;/b&gt;" in live and "<b>day</b>" not in live


def test_each_stage_is_built_when_first_opened(plan_store):
    screen = ConsoleScreen(plan_store, links=Links("K"), live=False)
    assert list(screen.panels) == ["visioning"]
    for stage in STAGES:
        screen.stages.value = stage
        assert screen.body.children == (screen.panels[stage],)
    assert list(screen.panels) == list(STAGES)


def test_the_console_needs_a_facilitator_key(plan_store, monkeypatch):
    monkeypatch.setenv("WORKBENCH_FACILITATOR_KEY_HASH", key_hash("right"))
    refused = build({"key": "wrong", "lang": "sw"})
    assert not isinstance(refused, ConsoleScreen) and "wb-error" in refused.children[-1].value
