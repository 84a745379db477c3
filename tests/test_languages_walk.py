"""Every participant screen in each language: no English sentence on a non-English page.

Each participant app (visioning, feedback, vote, the plan browser) is walked in Python, step by
step as a person taps through it — the join panel's steps, the app's own screen, an action, "My
data" — in Swahili, Spanish, French and Portuguese. At each step every visible word of the
widget tree is collected (texts, buttons, labels, placeholders, options, tab titles; hidden
widgets left out) and checked two ways:

- no sentence of the English catalog (a msgid of three words or more) appears where its
  translation differs: a string that skipped the catalog, or a widget left in English;
- no sentence reads as English (three or more distinct English function words), which also
  catches text that never went through the catalog (a refusal raised by the core, say).

What people typed and the plan's own text are content, not the page's words: the facilitator's
session texts are given in every language, and the plan's titles are checked only where the plan
has that language (it is in Swahili with English working titles).
"""
from __future__ import annotations

import html
import re

import ipywidgets as widgets
import pytest
from babel.messages.pofile import read_po

from workbench.core.i18n import LOCALE_DIR, DOMAIN, LANGUAGES, translator
from workbench.participation.rules import default_consent
from workbench.store import Store

LANGS = [tag for tag in LANGUAGES if tag != "en"]
ENGLISH_WORDS = {"the", "you", "your", "and", "is", "are", "to", "of", "with", "this", "will", "be", "for",
                 "have", "has", "not", "it", "can", "on", "in", "or", "what", "when", "who", "was", "a", "an"}


def english_catalog() -> list[str]:
    with open(LOCALE_DIR / "en" / "LC_MESSAGES" / f"{DOMAIN}.po", "rb") as source:
        catalog = read_po(source)
    ids = []
    for message in catalog:
        text = message.id[0] if isinstance(message.id, (tuple, list)) else message.id
        if text and len(text.split()) >= 3:
            ids.append(text)
    return ids


ENGLISH = english_catalog()
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")


def visible_texts(widget, found: list[str], content: tuple[str, ...]) -> list[str]:
    """Every word a person can see in ``widget`` (not hidden), outside elements of the CSS classes
    ``content`` (what people typed, the plan's text)."""
    layout = getattr(widget, "layout", None)
    if layout is not None and layout.display == "none":
        return found
    classes = set(getattr(widget, "_dom_classes", ()))
    if classes & set(content):
        return found
    for name in ("value", "description", "placeholder", "tooltip"):
        value = getattr(widget, name, None)
        if name == "value" and not isinstance(widget, (widgets.HTML, widgets.Label, widgets.HTMLMath)):
            continue
        if isinstance(value, str) and value.strip():
            found.append(value)
    for label in getattr(widget, "_options_labels", ()) or ():
        found.append(str(label))
    for title in getattr(widget, "titles", ()) or ():
        if title:
            found.append(str(title))
    for child in getattr(widget, "children", ()) or ():
        visible_texts(child, found, content)
    return found


def plain(text: str, content: tuple[str, ...]) -> str:
    """HTML to text, leaving out elements whose class is content, and hidden elements."""
    for css in content:
        text = re.sub(rf'<(\w+)[^>]*class="[^"]*\b{css}\b[^"]*"[^>]*>.*?</\1>', " ", text, flags=re.S)
    text = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]*\bhidden\b[^>]*>", " ", text)
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


def english_in(texts: list[str], language: str, content: tuple[str, ...]) -> list[str]:
    """The English found in ``texts`` shown on a ``language`` page."""
    _ = translator(language)
    problems = []
    for raw in texts:
        text = " ".join(plain(raw, content).split())
        for msgid in ENGLISH:
            translated = _(msgid)
            fixed = PLACEHOLDER.split(msgid)
            longest = max(fixed, key=len).strip()
            if translated != msgid and len(longest.split()) >= 3 and longest in text and longest not in translated:
                problems.append(f"catalog English {longest!r} in {text[:120]!r}")
        for sentence in re.split(r"(?<=[.!?:;])\s+|\s+·\s+", text):
            words = {w.lower() for w in re.findall(r"[A-Za-z']+", sentence)}
            if len(words & ENGLISH_WORDS) >= 3:
                problems.append(f"English sentence {sentence[:120]!r}")
    return sorted(set(problems))


class Walk:
    """Collects what each step of a walk shows, in one language."""

    def __init__(self, language: str, content: tuple[str, ...] = ()):
        self.language, self.content, self.problems = language, content, []

    def look(self, step: str, screen) -> None:
        texts = visible_texts(screen, [], self.content)
        assert texts, f"{step}: nothing visible"
        self.problems += [f"{self.language} · {step}: {p}" for p in english_in(texts, self.language, self.content)]


def all_languages(text_of) -> dict[str, str]:
    return {tag: text_of(tag) for tag in LANGUAGES}


def join_steps(walk: Walk, screen, name: str = "Kind Person 12") -> None:
    """The join panel, step by step, looking at each."""
    join = screen.join
    walk.look("language step", screen)
    join.language_button.click()
    walk.look("pseudonym step", screen)
    join.pseudonym_input.value = name
    join.pseudonym_button.click()
    walk.look("consent step (nothing answered)", screen)
    for use, buttons in join.use_buttons.items():
        buttons.value = True
    walk.look("consent step (answered)", screen)
    join.agree_button.click()
    walk.look("optional questions", screen)
    join.skip_button.click()
    assert screen.participant is not None, "the walk did not get in"


def my_data(walk: Walk, screen) -> None:
    screen.privacy.data_button.click()
    walk.look("my data", screen)


@pytest.mark.parametrize("language", LANGS)
def test_visioning_speaks_the_readers_language(tmp_path, language):
    from workbench.visioning.screens.participant import VisioningScreen
    from workbench.visioning.store.sessions import add_visioning_session, update_phase
    prompt = all_languages(lambda tag: translator(tag)("In ten years, survivors will be …"))
    store = Store.open(tmp_path / "w.db")
    session = add_visioning_session(store, all_languages(lambda tag: f"Warsha {tag}"), [prompt],
                                    all_languages(default_consent))
    update_phase(store, session["id"], "gathering")
    walk = Walk(language, content=("wb-quote", "wb-mine"))
    screen = VisioningScreen(store, code=session["code"], language=language, live=False)
    join_steps(walk, screen)
    walk.look("writing", screen)
    screen.editor.text.value = "wazo la kwanza"
    screen.editor.add_button.click()
    walk.look("after adding", screen)
    other = VisioningScreen(Store.open(tmp_path / "w.db"), code=session["code"], language=language, live=False)
    join_steps(Walk(language), other, name="Other Person 34")
    other.editor.text.value = "wazo la pili"
    other.editor.add_button.click()
    update_phase(store, session["id"], "reacting")
    screen.refresh()
    walk.look("reacting", screen)
    screen.break_button.click()
    walk.look("a break", screen)
    my_data(walk, screen)
    assert not walk.problems, "\n".join(walk.problems)


@pytest.mark.parametrize("language", LANGS)
def test_feedback_speaks_the_readers_language(plan_store, language):
    from workbench.feedback.screens.participant import FeedbackScreen
    from workbench.feedback.store.comments import add_feedback_session, add_round, update_session_phase
    add_round(plan_store, "walk", title=all_languages(lambda tag: f"Mapitio {tag}"))
    session = add_feedback_session(plan_store, "walk")
    update_session_phase(plan_store, session["id"], "open")
    walk = Walk(language, content=("wb-item", "wb-toggle", "wb-mine", "wb-plan-text"))
    screen = FeedbackScreen(plan_store, code=session["code"], language=language, live=False)
    join_steps(walk, screen)
    walk.look("the plan's themes", screen)
    screen.walk.child_buttons["1"].click()
    screen.walk.child_buttons["1.2"].click()
    screen.walk.child_buttons["1.2.5"].click()
    walk.look("an action", screen)
    screen.walk.comment_button.click()
    walk.look("the comment form", screen)
    screen.form.text.value = "maoni yangu"
    screen.form.submit_button.click()
    walk.look("a refusal (no type chosen)", screen)
    screen.form.type_buttons.value = "suggestion"
    screen.form.submit_button.click()
    walk.look("saved", screen)
    my_data(walk, screen)
    assert not walk.problems, "\n".join(walk.problems)


@pytest.mark.parametrize("language", LANGS)
def test_vote_speaks_the_readers_language(plan_store, language):
    from workbench.polls.screens.vote import VoteScreen
    from workbench.polls.store.polls import add_poll, resolve_source, update_phase
    items, found = resolve_source(plan_store, "goal:1.2")
    poll = add_poll(plan_store, all_languages(lambda tag: f"Kura {tag}"), items, "approval", source=found)
    update_phase(plan_store, poll["id"], "open")
    walk = Walk(language, content=("wb-item-title", "wb-mine"))
    screen = VoteScreen(plan_store, code=poll["code"], language=language)
    join_steps(walk, screen)
    walk.look("the ballot", screen)
    next(iter(screen.ballot.toggles.values())).value = True
    walk.look("one ticked", screen)
    screen.ballot.submit_button.click()
    walk.look("saved", screen)
    my_data(walk, screen)
    assert not walk.problems, "\n".join(walk.problems)


@pytest.mark.parametrize("language", LANGS)
def test_plan_browser_speaks_the_readers_language(plan_store, language):
    from workbench.plan.screens import PlanBrowser
    from workbench.plan.store.plans import get_plan
    walk = Walk(language, content=("wb-toggle", "wb-actions", "wb-plan-title"))
    browser = PlanBrowser(get_plan(plan_store), language)
    walk.look("the plan", browser)
    assert not walk.problems, "\n".join(walk.problems)
