"""The console's "People and data" panel without a browser: a person's data shown and erased
(only after the confirmation), refusals, the backup as a download, named facilitators."""
from __future__ import annotations

import base64
import html
import json
import re
import sqlite3
from urllib.parse import parse_qs, urlsplit

import pytest

from workbench.console.links import Links
from workbench.console.people import PeoplePanel
from workbench.participation.rules import JoinAnswers
from workbench.participation.store.erasure import count_rows, find_participant
from workbench.participation.store.facilitators import add_facilitator, facilitator_named, list_facilitators
from workbench.participation.store.participants import join_session
from workbench.participation.store.sessions import add_participant
from workbench.visioning.store.contributions import add_contribution, list_contributions
from workbench.visioning.store.sessions import add_visioning_session, update_phase

ALL_YES = {"take_part": True, "quote": True, "translate": True, "share_numbers": True}


@pytest.fixture
def session(fresh_store):
    found = add_visioning_session(fresh_store, {"en": "Workshop"}, [{"en": "In ten years …"}], {"en": "We collect …"})
    update_phase(fresh_store, found["id"], "gathering")
    return found


def person(store, session, name):
    return join_session(store, session["id"], JoinAnswers(name, "en", 1, ALL_YES))["id"]


def data_uri(markup: str, css: str) -> bytes:
    """The bytes carried by the ``data:`` link of class ``css``."""
    found = re.search(rf'<a class="{css}" download="[^"]+" href="data:[^"]*;base64,([^"]+)"', markup)
    assert found, markup[:300]
    return base64.b64decode(found.group(1))


def fill(panel, code, pseudonym):
    panel.code_input.value, panel.pseudonym_input.value = code, pseudonym


def test_shows_a_persons_data_as_text_and_json(fresh_store, session):
    me = person(fresh_store, session, "Calm Heron 27")
    add_contribution(fresh_store, me, "More healers in the villages")
    panel = PeoplePanel(fresh_store)
    fill(panel, session["code"].lower(), "Calm Heron 27")
    panel.show_button.click()
    assert '<pre class="wb-data">' in panel.data_box.value
    assert "More healers in the villages" in panel.data_box.value and "return_code_hash" not in panel.data_box.value
    data = json.loads(data_uri(panel.data_box.value, "wb-people-download-json").decode("utf-8"))
    assert data["participant"]["pseudonym"] == "Calm Heron 27"
    assert [row["text"] for row in data["tables"]["contributions"]] == ["More healers in the villages"]
    assert panel.message.value == ""


def test_erases_only_after_the_confirmation(fresh_store, session):
    me = person(fresh_store, session, "Calm Heron 27")
    other = person(fresh_store, session, "Brave Otter 3")
    add_contribution(fresh_store, me, "mine")
    add_contribution(fresh_store, other, "theirs")
    before = count_rows(fresh_store)
    panel = PeoplePanel(fresh_store)
    fill(panel, session["code"], "Calm Heron 27")
    panel.erase_button.click()
    assert count_rows(fresh_store) == before                    # the first click erases nothing
    assert panel.confirm_box.layout.display == "flex"
    assert panel.confirm_erase_button.description == "Yes, erase everything Calm Heron 27 gave"
    assert panel.confirm_erase_button.button_style == "danger"
    panel.cancel_erase_button.click()
    assert panel.confirm_box.layout.display == "none" and count_rows(fresh_store) == before
    panel.erase_button.click()
    panel.pseudonym_input.value = "Brave Otter 3"               # another name typed: the confirmation goes
    assert panel.confirm_box.layout.display == "none"
    panel.confirm_erase_button.click()
    assert count_rows(fresh_store) == before
    panel.pseudonym_input.value = "Calm Heron 27"
    panel.erase_button.click()
    panel.confirm_erase_button.click()
    assert 'class="wb-ok" role="status"' in panel.message.value
    assert "Erased everything Calm Heron 27 gave" in panel.message.value and "contributions: 1" in panel.message.value
    assert [c["text"] for c in list_contributions(fresh_store, [session["id"]])] \
        == ["theirs"]
    assert find_participant(fresh_store, session["code"], "Brave Otter 3")["id"] == other
    fill(panel, session["code"], "Calm Heron 27")
    panel.show_button.click()
    assert 'class="wb-error" role="alert"' in panel.message.value   # she is gone


def test_unknown_pseudonym_or_code_is_refused_and_nothing_is_done(fresh_store, session):
    person(fresh_store, session, "Calm Heron 27")
    before = count_rows(fresh_store)
    panel = PeoplePanel(fresh_store)
    for code, name, said in [(session["code"], "Calm Heron 28", "no participant"),
                             ("K7QX4R" if session["code"] != "K7QX4R" else "K7QX4S", "Calm Heron 27", "no participant"), ("no!", "Calm Heron 27", "not a join code")]:
        fill(panel, code, name)
        panel.show_button.click()
        assert panel.message.value.startswith('<p class="wb-error" role="alert">') and panel.data_box.value == ""
        assert said in panel.message.value
        panel.erase_button.click()
        assert panel.confirm_box.layout.display == "none"
        panel.confirm_erase_button.click()
    assert count_rows(fresh_store) == before


def test_a_pseudonym_with_html_is_escaped(fresh_store, session):
    name = '<img src=x onerror="alert(1)"> Heron'
    add_participant(fresh_store, session["id"], name, "en")
    panel = PeoplePanel(fresh_store)
    fill(panel, session["code"], name)
    panel.show_button.click()
    assert "<img" not in panel.data_box.value and html.escape(name) in panel.data_box.value
    panel.erase_button.click()
    assert "<img" not in panel.confirm_text.value
    panel.confirm_erase_button.click()
    assert "<img" not in panel.message.value and "Erased everything" in panel.message.value
    add_facilitator(fresh_store, "<b>Amina</b>")
    panel.refresh()
    shown = "".join(getattr(w, "value", "") for line in panel.facilitators_box.children for w in line.children)
    assert "<b>" not in shown and "&lt;b&gt;Amina&lt;/b&gt;" in shown


def test_backup_link_holds_the_whole_database(fresh_store, session, tmp_path):
    person(fresh_store, session, "Calm Heron 27")
    panel = PeoplePanel(fresh_store)
    panel.backup_button.click()
    links = panel.backup_links.value
    assert re.search(r'download="workbench-backup-\d{4}-\d\d-\d\d-\d{4}\.db"', links)
    assert "wb-ok" in links and "workbench restore workbench-backup-" in links
    copy = tmp_path / "copy.db"
    copy.write_bytes(data_uri(links, "wb-people-download-backup"))
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        assert set(tables) == set(fresh_store.db.table_names())
        assert {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables} \
            == {t: n for t, n in count_rows(fresh_store).items() if t in tables}
        assert conn.execute("SELECT pseudonym FROM participants").fetchall() == [("Calm Heron 27",)]
    finally:
        conn.close()


def test_add_a_facilitator_then_revoke_after_the_confirmation(fresh_store):
    panel = PeoplePanel(fresh_store, language="en", links=Links("the-servers-key", "en"))
    assert "No named facilitators yet" in panel.facilitators_box.children[0].value
    panel.facilitator_name.value = "Amina (working group 3)"
    panel.add_facilitator_button.click()
    assert "wb-ok" in panel.facilitator_message.value and panel.facilitator_name.value == ""
    href = html.unescape(re.search(r'class="wb-people-personal-link" href="([^"]+)"', panel.new_link.value).group(1))
    assert href.startswith("console.ipynb?")
    query = parse_qs(urlsplit(href).query)
    assert query["lang"] == ["en"] and query["key"] != ["the-servers-key"]
    assert facilitator_named(fresh_store, query["key"][0]) == "Amina (working group 3)"
    assert "shown only this once" in panel.new_link.value
    panel.hide_link_button.click()
    assert panel.new_link.value == "" and query["key"][0] not in repr(panel.children)

    panel.facilitator_name.value = "Amina (working group 3)"    # the name is taken: refused
    panel.add_facilitator_button.click()
    assert 'class="wb-error" role="alert"' in panel.facilitator_message.value

    panel.revoke_buttons["Amina (working group 3)"].click()
    assert facilitator_named(fresh_store, query["key"][0]) == "Amina (working group 3)"   # not yet
    assert panel.confirm_revoke_button.description == "Yes, revoke the link of Amina (working group 3)"
    panel.confirm_revoke_button.click()
    assert facilitator_named(fresh_store, query["key"][0]) is None
    assert "wb-ok" in panel.facilitator_message.value and "stops working when" not in panel.facilitator_message.value
    assert not panel.revoke_buttons and list_facilitators(fresh_store)[0]["revoked_at"]


def test_revoking_the_pages_own_link_says_so_and_refresh_keeps_the_form(fresh_store):
    _row, key = add_facilitator(fresh_store, "Baraka")
    panel = PeoplePanel(fresh_store, links=Links(key, "en"))
    panel.facilitator_name.value = "Half typed"
    panel.code_input.value = "K7QX4R"
    add_facilitator(fresh_store, "Chiku")                       # added elsewhere
    panel.refresh()
    assert set(panel.revoke_buttons) == {"Baraka", "Chiku"}
    assert panel.facilitator_name.value == "Half typed" and panel.code_input.value == "K7QX4R"
    panel.revoke_buttons["Baraka"].click()
    assert "stops working when it is reloaded" in panel.confirm_revoke_text.value
    panel.refresh()
    assert panel.confirm_revoke_box.layout.display == "flex"    # a pending confirmation survives a refresh
    panel.confirm_revoke_button.click()
    assert facilitator_named(fresh_store, key) is None
    assert "stops working when it is reloaded" in panel.facilitator_message.value
