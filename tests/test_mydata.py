"""Issue 13 part 5: "My data", readable and private. Her page (``my_record`` → ``mydata``) lists
her things in her language — optional answers, consent choices with their dates, contributions,
reactions with the words of each idea, comments, ballots, the drafts that drew on her words — and
nothing of anyone else: no database id, no other pseudonym, not others' reactions to her words.
Every stored text is escaped, every word goes through the catalog, and the download is the same
page.

Assertions use ``translator("sw")(…)``: a string not translated yet falls back to English, so
these tests hold before and after the catalogs are filled."""
from __future__ import annotations

import base64
import re
from html import escape as html_escape

import pytest

from workbench.store.postgres import reset_identities
from workbench.core.i18n import translator
from workbench.feedback.rules import Decision
from workbench.feedback.store.comments import add_comment, add_feedback_session, add_round, update_session_phase
from workbench.feedback.store.triage import add_decision
from workbench.participation.mydata import file_name, my_data_html, my_data_page, my_data_plain, sections
from workbench.participation.privacy import use_questions
from workbench.participation.rules import PREFER_NOT, Demographics, JoinAnswers, countries, spoken_languages
from workbench.participation.store.erasure import my_data, my_record
from workbench.participation.store.participants import add_consent, join_session
from workbench.participation.store.return_codes import issue_return_code
from workbench.polls.store.ballots import cast_ballot
from workbench.polls.store.polls import add_poll, resolve_source
from workbench.polls.store.polls import update_phase as poll_phase
from workbench.store import Store
from workbench.visioning.store.contributions import add_contribution
from workbench.visioning.store.drafts import add_vision_draft
from workbench.visioning.store.reactions import add_reaction
from workbench.visioning.store.sessions import add_visioning_session, update_phase

ALL_YES = {"take_part": True, "quote": True, "translate": True, "share_numbers": True}
SW = translator("sw")
HER = "Calm Heron 27"
OTHERS = ("Bright Kestrel 51", "Quiet Ibis 73")
HER_WORDS = '<script>alert("x")</script> safe houses & <b>healers</b>'
THEIR_IDEA = "community kitchens run by survivors"
#: Tables whose ids are moved to six digits (9xxxxx) so that an id shown anywhere would be found.
BUMPED = {"sessions": 910000, "participants": 920000, "contributions": 930000, "reactions": 940000,
          "consent_records": 950000, "feedback_comments": 960000, "triage_events": 970000, "polls": 980000,
          "poll_items": 985000, "ballots": 990000}


def bump_ids(store):
    """One placeholder row per table at a six-digit id, so every later row's id has six digits
    (foreign keys off for the placeholders only: they point at nothing)."""
    conn = store.db.conn
    postgresql = store.dialect == "postgresql"
    conn.execute("SET session_replication_role = replica" if postgresql else "PRAGMA foreign_keys = OFF")
    try:
        b = BUMPED
        conn.execute("INSERT INTO sessions (id, kind, title, code) VALUES (?, 'visioning', '{}', 'ZZZZZZ')",
                     [b["sessions"]])
        conn.execute("INSERT INTO participants (id, session_id, pseudonym, language) VALUES (?, ?, 'Placeholder', 'en')",
                     [b["participants"], b["sessions"]])
        conn.execute("INSERT INTO contributions (id, session_id, participant_id, language, text) "
                     "VALUES (?, ?, ?, 'en', 'placeholder')", [b["contributions"], b["sessions"], b["participants"]])
        conn.execute("INSERT INTO reactions (id, contribution_id, participant_id, vote) VALUES (?, ?, ?, 1)",
                     [b["reactions"], b["contributions"], b["participants"]])
        conn.execute("INSERT INTO consent_records (id, participant_id, version, answers) VALUES (?, ?, 1, '{}')",
                     [b["consent_records"], b["participants"]])
        conn.execute("INSERT INTO feedback_comments (id, round_id, source, ref, kind, type, language, text) "
                     "VALUES (?, 999999, 'written', '1', 'theme', 'support', 'en', 'placeholder')",
                     [b["feedback_comments"]])
        conn.execute("INSERT INTO triage_events (id, comment_id, status) VALUES (?, ?, 'accepted')",
                     [b["triage_events"], b["feedback_comments"]])
        conn.execute("INSERT INTO polls (id, session_id, method) VALUES (?, ?, 'approval')",
                     [b["polls"], b["sessions"]])
        conn.execute("INSERT INTO poll_items (id, poll_id, key, position, title) VALUES (?, ?, 'X', 1, '{}')",
                     [b["poll_items"], b["polls"]])
        conn.execute("INSERT INTO ballots (id, poll_id, participant_id, ballot) VALUES (?, ?, ?, '[]')",
                     [b["ballots"], b["polls"], b["participants"]])
        if postgresql:   # explicit ids leave PostgreSQL's identity counters behind: move them on
            reset_identities(conn)
    finally:
        conn.execute("SET session_replication_role = DEFAULT" if postgresql else "PRAGMA foreign_keys = ON")


def join(store, session_id, name, language="en", demographics=None):
    return join_session(store, session_id, JoinAnswers(name, language, 1, ALL_YES,
                                                      demographics or Demographics()))["id"]


def her_sessions(store):
    """Her in a visioning session, a feedback session and a poll (one participant each, as the
    apps make them), with two other people reacting to her words and voting beside her."""
    bump_ids(store)
    vis = add_visioning_session(store, {"en": "Workshop", "sw": "Warsha"}, [{"en": "In ten years …"}],
                                {"en": "We collect …"})
    update_phase(store, vis["id"], "gathering")
    me = join(store, vis["id"], HER, "sw", Demographics("TZ", ("sw", "en"), "25-34", PREFER_NOT))
    issue_return_code(store, me)
    others = [join(store, vis["id"], name) for name in OTHERS]
    mine = add_contribution(store, me, HER_WORDS)["id"]
    theirs = add_contribution(store, others[0], THEIR_IDEA)["id"]
    add_contribution(store, others[1], "a third idea she never saw")
    add_consent(store, me, 1, {**ALL_YES, "quote": False})
    update_phase(store, vis["id"], "reacting")
    add_reaction(store, others[0], mine, 1)            # others' reactions to her words: never shown
    add_reaction(store, others[1], mine, -1)
    add_reaction(store, me, theirs, 0)
    add_reaction(store, me, theirs, 1)                 # she changed her mind
    add_vision_draft(store, "vision", "en", "We dream.", [mine, theirs])

    add_round(store, "draft-1")
    fb = add_feedback_session(store, "draft-1")
    update_session_phase(store, fb["id"], "open")
    me_fb = join(store, fb["id"], HER, "sw")
    other_fb = join(store, fb["id"], OTHERS[0])
    comment = add_comment(store, me_fb, "1.1", "suggestion", "<i>more</i> funding for shelters")
    add_decision(store, comment.id, Decision("partly_accepted", response="Added to goal 1.1"))
    add_comment(store, other_fb, "1.1", "concern", "someone else's comment")

    items, found = resolve_source(store, "goal:1.1")
    poll = add_poll(store, {"en": "Which first?", "sw": "Kipi kwanza?"}, items, "approval", None, source=found)
    poll_phase(store, poll["id"], "open")
    me_poll = join(store, poll["session_id"], HER, "sw")
    other_poll = join(store, poll["session_id"], OTHERS[1])
    cast_ballot(store, poll["id"], me_poll, [items[0].key])
    cast_ballot(store, poll["id"], other_poll, [items[1].key])
    return {"visioning": me, "feedback": me_fb, "poll": me_poll}, items


def every_id(store) -> set[str]:
    found = set()
    for table in BUMPED:
        found |= {str(row[0]) for row in store.db.execute(f'SELECT id FROM "{table}"')}
    return found


def walk(value, path=""):
    """Every (path, key, value) of a nested record."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield path, key, inner
            yield from walk(inner, f"{path}.{key}")
    elif isinstance(value, (list, tuple)):
        for n, inner in enumerate(value):
            yield from walk(inner, f"{path}[{n}]")


def test_her_page_lists_her_things_in_swahili_and_nothing_of_anyone_else(plan_store):
    me, items = her_sessions(plan_store)
    ids = every_id(plan_store)
    assert all(len(i) == 6 for i in ids)
    pages = {}
    for where, pid in me.items():
        record = my_record(plan_store, pid)
        for path, key, value in walk(record):
            assert key != "id" and not str(key).endswith("_id"), f"{path}.{key}"
            assert value not in OTHERS, f"{path}.{key}"
        page, plain = my_data_html(record, "sw"), my_data_plain(record, "sw")
        pages[where] = page
        for text in (page, plain):
            assert HER in text
            for other in OTHERS:
                assert other not in text
            shown_numbers = set(re.findall(r"\d+", text))
            assert not shown_numbers & ids, shown_numbers & ids          # no database id, hers or others'
            for word in ("participant_id", "contribution_id", "return_code_hash", "merged_into"):
                assert word not in text
        assert html_escape(SW("About you")) in page and html_escape(SW("Your consent choices")) in page
        assert 'lang="sw"' in page

    page = pages["visioning"]
    # her optional answers, named in Swahili
    assert html_escape({code: name for name, code in countries("sw")}["TZ"]) in page
    english = {tag: name for name, tag in spoken_languages("sw")}["en"]
    assert html_escape(english) in page and html_escape(SW("Prefer not to say")) in page and "25-34" in page
    # her consent choices, each with its date: two records, the second saying no to quoting
    questions = use_questions(SW)
    assert page.count(html_escape(questions["quote"])) == 2
    assert page.count(html_escape(SW("Taking part"))) == 2
    record = my_record(plan_store, me["visioning"])
    assert [c["answers"]["quote"] for c in record["consent"]] == [True, False]
    assert all(c["recorded_at"] for c in record["consent"])
    # her words, escaped; shown to the others; the drafts that drew on them
    assert html_escape(HER_WORDS) in page and "<script>" not in page and "<b>healers" not in page
    assert html_escape(SW("Shown to the others, without your name")) in page
    assert html_escape(SW("%(name)s, version %(version)s") % {"name": "vision", "version": 1}) in page
    # her reaction, with the words of the idea, her latest answer and the earlier one
    assert html_escape(THEIR_IDEA) in page and "a third idea she never saw" not in page
    assert [(r["idea"], r["vote"], [v for v, _at in r["earlier"]]) for r in record["reactions"]] == [
        (THEIR_IDEA, 1, [0])]
    assert html_escape(SW("Agree")) in page and html_escape(SW("Pass")) in page
    # others' reactions to her words are not there: nobody's "disagree", no count of them
    assert html_escape(SW("Disagree")) not in page
    assert "reactions" not in str(record["contributions"])
    assert html_escape(SW("Stored only in a form nobody can read back")) in page

    page = pages["feedback"]
    assert html_escape("<i>more</i> funding for shelters") in page and "<i>more" not in page
    assert "someone else" not in page
    assert html_escape(f"{SW('Goal')} 1.1") in page
    assert html_escape(SW("suggestion")) in page and html_escape(SW("partly accepted")) in page
    assert html_escape("Added to goal 1.1") in page

    page = pages["poll"]
    assert html_escape("Kipi kwanza?") in page                      # the poll's title in her language
    assert html_escape(items[0].label("sw")) in page and html_escape(items[1].label("sw")) not in page


def test_every_word_of_the_page_goes_through_the_catalog(plan_store, monkeypatch):
    """Every heading, label and word the page adds (not her stored texts, dates and names) is
    looked up in the catalog: with a translator that marks what it translates, all are marked."""
    me, items = her_sessions(plan_store)
    records = [my_record(plan_store, pid) for pid in me.values()]
    combined = {**records[0], **{key: records[0][key] + records[1][key] + records[2][key]
                                 for key in ("contributions", "reactions", "comments", "ballots", "drafts")}}

    def marking(_language):
        return lambda text: f"⟦{text}⟧"

    def plural_marking(_language):
        return lambda one, many, n: f"⟦{one if n == 1 else many}⟧"

    for module in ("workbench.participation.mydata", "workbench.feedback.labels", "workbench.polls.labels"):
        monkeypatch.setattr(f"{module}.translator", marking)
        monkeypatch.setattr(f"{module}.plural_translator", plural_marking, raising=False)
    stored = {HER_WORDS, THEIR_IDEA, "<i>more</i> funding for shelters", "Added to goal 1.1", HER,
              "Warsha", "Kipi kwanza?", "In ten years …", "25-34", *(item.label("sw") for item in items)}
    for heading, blocks in sections(combined, "sw"):
        assert heading.startswith("⟦"), heading
        for block in blocks:
            for label, value in block:
                assert label.startswith("⟦") and label.endswith("⟧"), label
                if value in stored:
                    continue
                # else a date, or a country or languages named by Babel
                assert "⟦" in value or re.search(r"\d{4} \d", value) or value.isalpha() or (
                    value.replace(", ", "").isalpha()), (label, value)
    page = my_data_html(combined, "sw")
    assert "⟦What is stored about you⟧" in page and "⟦This is everything stored about you" in page


def test_every_stored_text_is_escaped():
    evil = '<img src=x onerror="alert(1)">'
    record = {"pseudonym": evil, "language": "sw", "joined_at": "2026-05-01T14:00:00Z", "role": "participant",
              "session": {"title": {"sw": evil}, "kind": "visioning"}, "return_code": False, "group": evil,
              "submissions": 0, "assisted": {"by": "facilitator", "how": evil, "recorded_at": None},
              "demographics": None, "consent": [],
              "contributions": [{"text": evil, "prompt": {"en": evil}, "created_at": "2026-05-01T14:00:00Z",
                                 "updated_at": "2026-05-01T14:00:00Z", "withdrawn_at": None,
                                 "hidden_reason": evil, "merged": False, "tags": [evil], "translations": {"en": evil}}],
              "reactions": [{"idea": evil, "vote": 1, "at": None, "earlier": []}],
              "translated": [{"language": "en", "text": evil, "created_at": None}],
              "comments": [{"ref": evil, "kind": "goal", "type": "question", "text": evil, "created_at": None,
                            "withdrawn_at": None, "status": "new", "response": evil}],
              "ballots": [{"poll": {"sw": evil}, "method": "approval", "params": {}, "items": {"A": {"sw": evil}},
                           "ballot": ["A"], "updated_at": None, "comparisons": []}],
              "proposals": [{"text": {"sw": evil}, "status": "pending", "created_at": None}],
              "drafts": [{"name": evil, "version": 1, "created_at": None}]}
    page = my_data_html(record, "sw")
    assert "<img" not in page and page.count(html_escape(evil)) >= 14
    assert "<img" not in my_data_page(record, "sw")


def test_ballots_in_plain_words():
    en = translator("en")
    base = {"pseudonym": "Calm Heron 27", "language": "en", "joined_at": None, "role": "participant",
            "session": {"title": {"en": "Poll"}, "kind": "poll"}, "return_code": True, "group": None,
            "submissions": 0, "assisted": None, "demographics": None, "consent": [], "contributions": [],
            "reactions": [], "translated": [], "comments": [], "proposals": [], "drafts": []}
    items = {"T1": {"en": "Safe houses"}, "T2": {"en": "Schools"}, "T3": {"en": "Jobs"}}

    def shown(method, ballot, params=None, comparisons=()):
        record = {**base, "ballots": [{"poll": {"en": "Which first?"}, "method": method, "params": params or {},
                                       "items": items, "ballot": ballot, "updated_at": None,
                                       "comparisons": list(comparisons)}]}
        return my_data_plain(record, "en")

    assert "Safe houses: 3 dots" in shown("dots", {"T1": 3, "T2": 1}) and "Schools: 1 dot" in shown("dots", {"T2": 1})
    assert "Jobs: 4 out of 5" in shown("score", {"T3": 4}, {"max_score": 5})
    ranked = shown("schulze", [["T2", "T3"], "T1"])
    assert "1. Schools = Jobs (tied)" in ranked and "2. Safe houses" in ranked
    assert f"{en('You support')}: Schools" in shown("approval", ["T2"])
    pairs = shown("bradley-terry", None, comparisons=[
        {"first": "T1", "second": "T2", "winner": "T2", "reason": None, "created_at": None},
        {"first": "T1", "second": "T3", "winner": None, "reason": "both_good", "created_at": None}])
    assert "Safe houses or Schools: you chose Schools" in pairs
    assert "Safe houses or Jobs: you could not decide (Both are good)" in pairs


def test_the_facilitators_dump_is_unchanged(plan_store):
    """The CLI and the console keep the full technical dump (ids, every table)."""
    me, _items = her_sessions(plan_store)
    data = my_data(plan_store, me["visioning"])
    assert data["participant"]["pseudonym"] == HER and "contributions" in data["tables"]


def test_the_app_shows_her_page_and_the_downloads_are_the_same(tmp_path):
    from workbench.visioning.screens.participant import VisioningScreen
    db = tmp_path / "w.db"
    store = Store.open(db)
    session = add_visioning_session(store, {"en": "Workshop"}, [{"en": "In ten years …"}], {"en": "We collect …"})
    update_phase(store, session["id"], "gathering")
    other = join(store, session["id"], OTHERS[0])
    screen = VisioningScreen(Store.open(db), code=session["code"], language="sw", live=False)
    join_panel = screen.join
    join_panel.language_button.click()
    join_panel.pseudonym_input.value = HER
    join_panel.pseudonym_button.click()
    for choice in join_panel.use_buttons.values():
        choice.value = True
    join_panel.agree_button.click()
    join_panel.skip_button.click()
    screen.editor.text.value = HER_WORDS
    screen.editor.add_button.click()
    update_phase(store, session["id"], "reacting")
    mine = store.db.execute("SELECT id FROM contributions WHERE participant_id = ?",
                            [screen.participant["id"]]).fetchone()[0]
    add_reaction(store, other, mine, -1)
    panel = screen.privacy
    panel.data_button.click()
    shown = panel.data_text.value
    record = my_record(store, screen.participant["id"])
    assert shown == my_data_html(record, "sw")
    assert 'class="wb-data' in shown and html_escape(HER_WORDS) in shown and "<script>" not in shown
    assert OTHERS[0] not in shown and html_escape(SW("Disagree")) not in shown
    links = dict(re.findall(r'download="([^"]+)" href="data:[^;]+;charset=utf-8;base64,([^"]+)"',
                            panel.downloads.value))
    assert set(links) == {file_name("sw", "html"), file_name("sw", "txt")}
    page = base64.b64decode(links[file_name("sw", "html")]).decode("utf-8")
    assert shown in page and page == my_data_page(record, "sw")
    assert base64.b64decode(links[file_name("sw", "txt")]).decode("utf-8") == my_data_plain(record, "sw")
    assert html_escape(SW("Save this page")) in panel.downloads.value
    assert panel.withdraw_button.layout.display == "flex"           # "Withdraw and erase" stays beside it
    panel.language_choice.value = "fr"                              # her language: the page follows
    assert 'lang="fr"' in panel.data_text.value and file_name("fr", "txt") in panel.downloads.value


@pytest.mark.parametrize("language", ["en", "sw", "es", "fr", "pt"])
def test_file_names_are_safe(language):
    for extension in ("html", "txt"):
        name = file_name(language, extension)
        assert name.endswith(f".{extension}") and "/" not in name and " " not in name
