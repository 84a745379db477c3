"""The questions about each use of a person's words (:data:`workbench.participation.privacy.USES`:
quoting, translating, counting in numbers shared with partners), shared by the join panel and
"My data": one Yes/No choice per use (the questions and their short names are
:func:`~workbench.participation.privacy.use_questions` and ``use_names``, which her record uses too).

A choice starts with nothing chosen unless it shows an answer the person gave: consent is what
she chooses, never a pre-selected yes. Relabelling a choice in another language keeps its answer
(ipywidgets moves a selection to its first option when the options change).
"""
from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping

import ipywidgets as widgets

from workbench.participation.privacy import USES, use_names, use_questions


def use_choice(_: Callable[[str], str], value: bool | None = None) -> widgets.ToggleButtons:
    """A Yes/No choice for one use in the language of ``_``, showing ``value`` (``None``:
    nothing chosen)."""
    choice = widgets.ToggleButtons(options=[(_("Yes"), True), (_("No"), False)], value=value)
    choice.add_class("wb-consent-use")
    return choice


def relabel_choice(choice: widgets.ToggleButtons, _: Callable[[str], str]) -> None:
    """Label ``choice`` in the language of ``_``, keeping its answer (or the lack of one)."""
    value = choice.value
    choice.options = [(_("Yes"), True), (_("No"), False)]
    if choice.value != value:
        choice.value = value


def question_html(use: str, _: Callable[[str], str]) -> str:
    return f"<p>{html.escape(use_questions(_)[use])}</p>"


def missing_text(missing: Iterable[str], _: Callable[[str], str]) -> str:
    """One sentence naming the uses not answered yet (empty when every use is answered)."""
    names, missing = use_names(_), set(missing)
    named = [names[use] for use in USES if use in missing]
    if not named:
        return ""
    return _("Please answer each question first. Not answered yet: %(uses)s.") % {"uses": ", ".join(named)}


def missing_note(missing: Iterable[str], _: Callable[[str], str]) -> str:
    """:func:`missing_text` as a note (markup; empty when every use is answered)."""
    text = missing_text(missing, _)
    return f'<p class="wb-note wb-consent-missing" role="status">{html.escape(text)}</p>' if text else ""


def unanswered(choices: Mapping[str, widgets.ToggleButtons]) -> list[str]:
    """The uses whose choice has no answer yet."""
    return [use for use in USES if choices[use].value is None]
