"""The shared vision: composing a draft from picked contributions, and exporting it.

A draft is plain text the facilitator edits ("In ten years … WE WILL BE …"); each saved
version keeps the contributions it drew on. Exports carry the numbers behind the draft
(sessions, participants, contributions, countries) and the contributions' words, never a
name or a pseudonym.
"""
from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from workbench.core.errors import ValidationError
from workbench.core.cleaning import clean_text
from workbench.visioning.rules import MAX_DRAFT_CHARS

MAX_NAME_CHARS = 80


@dataclass(frozen=True)
class VisionNumbers:
    """How many sessions, participants, contributions and countries a vision stands on.

    ``countries`` counts distinct countries people chose to give (not "prefer not to say").
    """
    sessions: int
    participants: int
    contributions: int
    countries: int


def compose_draft(texts: Sequence[str], opening: str, refrain: str) -> str:
    """A first draft from picked contributions: the opening, the refrain, one line each.

    >>> print(compose_draft(["healers", "legislators"], "In ten years …", "WE WILL BE"))
    In ten years …
    <BLANKLINE>
    WE WILL BE:
    - healers
    - legislators
    """
    lines = [opening.strip(), "", f"{refrain.strip()}:"]
    lines += [f"- {' '.join(text.split())}" for text in texts if text.strip()]
    return "\n".join(lines)


def check_draft(name, text) -> tuple[str, str]:
    """A draft's name and text, cleaned; raises ValidationError if either is empty or too long."""
    return (clean_text(name, "vision draft name", MAX_NAME_CHARS),
            clean_text(text, "vision draft", MAX_DRAFT_CHARS))


def _numbers_lines(numbers: VisionNumbers, drawn_on: int, labels: Mapping[str, str]) -> list[str]:
    return [
        f"{labels['sessions']}: {numbers.sessions}",
        f"{labels['participants']}: {numbers.participants}",
        f"{labels['contributions']}: {numbers.contributions}",
        f"{labels['drawn_on']}: {drawn_on}",
        f"{labels['countries']}: {numbers.countries}",
    ]


DEFAULT_LABELS = {
    "version": "version", "numbers": "The numbers behind it", "sessions": "Sessions",
    "participants": "Participants", "contributions": "Contributions",
    "drawn_on": "Contributions this draft draws on", "countries": "Countries",
    "sources": "The contributions it draws on", "synthetic": "Synthetic data: not real people's words.",
}


def draft_markdown(draft: Mapping, numbers: VisionNumbers, sources: Sequence[Mapping],
                   labels: Mapping[str, str] = DEFAULT_LABELS) -> str:
    """The draft as Markdown: heading, text, the numbers, the contributions it drew on.

    ``draft`` has ``name``, ``version``, ``text`` (and ``synthetic``); each source has ``text``,
    ``language`` and ``session`` (its title). ``labels`` are the translated headings.
    """
    out = [f"# {draft['name']} — {labels['version']} {draft['version']}", ""]
    if draft.get("synthetic"):
        out += [f"*{labels['synthetic']}*", ""]
    out += [draft["text"], "", f"## {labels['numbers']}", ""]
    out += [f"- {line}" for line in _numbers_lines(numbers, len(sources), labels)]
    if sources:
        out += ["", f"## {labels['sources']}", ""]
        out += [f"{i}. {' '.join(s['text'].split())} ({s['language']}; {s['session']})"
                for i, s in enumerate(sources, start=1)]
    return "\n".join(out) + "\n"


def draft_html(draft: Mapping, numbers: VisionNumbers, sources: Sequence[Mapping],
               labels: Mapping[str, str] = DEFAULT_LABELS, language: str = "en") -> str:
    """The draft as a standalone HTML page; every text from people is escaped."""
    e = html.escape
    body = "".join(f"<p>{e(paragraph).replace(chr(10), '<br>')}</p>"
                   for paragraph in draft["text"].split("\n\n"))
    numbers_list = "".join(f"<li>{e(line)}</li>" for line in _numbers_lines(numbers, len(sources), labels))
    source_list = "".join(f"<li>{e(' '.join(s['text'].split()))} <small>({e(s['language'])}; "
                          f"{e(s['session'])})</small></li>" for s in sources)
    title = f"{draft['name']} — {labels['version']} {draft['version']}"
    synthetic = f"<p><em>{e(labels['synthetic'])}</em></p>" if draft.get("synthetic") else ""
    return (f'<!DOCTYPE html>\n<html lang="{e(language)}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{e(title)}</title></head><body>"
            f"<h1>{e(title)}</h1>{synthetic}{body}"
            f"<h2>{e(labels['numbers'])}</h2><ul>{numbers_list}</ul>"
            + (f"<h2>{e(labels['sources'])}</h2><ol>{source_list}</ol>" if sources else "")
            + "</body></html>\n")


def check_sources(contribution_ids: Sequence[int]) -> list[int]:
    """The picked contribution ids in order, each once; raises ValidationError for a non-id."""
    seen: dict[int, None] = {}
    for cid in contribution_ids:
        if isinstance(cid, bool) or not isinstance(cid, int):
            raise ValidationError(f"vision draft: {cid!r} is not a contribution id")
        seen[cid] = None
    return list(seen)
