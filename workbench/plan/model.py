"""The plan's nouns as frozen dataclasses. No I/O here: see :mod:`workbench.plan.views` and the store.

Titles and texts are multilingual: a mapping from a language tag (``sw``, ``en``, ``pt-BR``…)
to text, so a language can be added without a schema change.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

Text = Mapping[str, str]


def pick(text: Text, language: str | None = None, fallback: str | None = None) -> str:
    """Return ``text`` in ``language``, else in ``fallback``, else in its first language.

    >>> pick({"sw": "Mada", "en": "Theme"}, "en")
    'Theme'
    >>> pick({"sw": "Mada"}, "fr", "en")
    'Mada'
    """
    for tag in (language, fallback):
        if tag and text.get(tag):
            return text[tag]
    return next(iter(text.values()), "")


@dataclass(frozen=True)
class Action:
    number: int
    title: Text
    text: Text = field(default_factory=dict)
    note: str = ""


@dataclass(frozen=True)
class Goal:
    number: int
    title: Text
    actions: tuple[Action, ...] = ()
    text: Text = field(default_factory=dict)
    note: str = ""


@dataclass(frozen=True)
class Theme:
    number: int
    title: Text
    goals: tuple[Goal, ...] = ()
    text: Text = field(default_factory=dict)
    note: str = ""


@dataclass(frozen=True)
class Plan:
    """A plan: themes → goals → actions, numbered 1 / 1.2 / 1.2.5.

    ``meta`` keeps what the plan file says about itself (period, source, credit, licence,
    ``actions_stated``, notes) so that an export gives it back unchanged.
    """
    slug: str
    title: Text
    themes: tuple[Theme, ...] = ()
    meta: Mapping = field(default_factory=dict)

    @property
    def actions_found(self) -> int:
        return sum(len(goal.actions) for theme in self.themes for goal in theme.goals)

    @property
    def actions_stated(self) -> int | None:
        return self.meta.get("actions_stated")

    def walk(self):
        """Yield ``(ref, kind, node)`` for every theme, goal and action, in order."""
        for theme in self.themes:
            yield f"{theme.number}", "theme", theme
            for goal in theme.goals:
                yield f"{theme.number}.{goal.number}", "goal", goal
                for action in goal.actions:
                    yield f"{theme.number}.{goal.number}.{action.number}", "action", action

    def languages(self) -> list[str]:
        """The language tags of the themes', goals' and actions' titles, first-seen order."""
        seen: dict[str, None] = {}
        for _, _, node in self.walk():
            seen.update(dict.fromkeys(node.title))
        return list(seen) or list(self.title)


@dataclass(frozen=True)
class ListItem:
    number: int
    title: Text
    items: tuple["ListItem", ...] = ()
    text: Text = field(default_factory=dict)


@dataclass(frozen=True)
class ItemList:
    """A numbered list a working group may prioritise: capacity-building areas, barriers, calls."""
    slug: str
    title: Text
    items: tuple[ListItem, ...] = ()
    meta: Mapping = field(default_factory=dict)
