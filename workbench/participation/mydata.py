"""A participant's "My data" page: what is stored about her, in her language, for her to read.

Pure functions over the record of :func:`workbench.participation.store.erasure.my_record`
(plain values: no database id, nobody else's pseudonym, id or reactions): her pseudonym,
language and when she joined; her optional answers (country and languages named in her
language); every consent record with its date and her answer to each use of her words (the
questions the join panel asks); her contributions and their state; her reactions with the words
of each idea (never who wrote it); her comments and what became of them; her ballots in plain
words; the vision drafts that drew on her words.

:func:`my_data_html` is an escaped HTML fragment (the privacy panel shows it),
:func:`my_data_page` the same fragment as a whole page to save, :func:`my_data_plain` the same
as plain text. Every stored text is escaped; every word of the page goes through the catalog.
"""
from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping

from workbench.core.i18n import LANGUAGES, format_moment, plural_translator, translator
from workbench.feedback.labels import status_labels, type_labels
from workbench.participation.privacy import USES, agreed, use_questions
from workbench.participation.rules import PREFER_NOT, countries, spoken_languages
from workbench.plan.model import pick
from workbench.polls.labels import method_names, reason_names
from workbench.polls.rules import BALLOT_KINDS, PollItem
from workbench.visioning.rules import AGREE, DISAGREE, PASS

#: One line of a block: (label or None, value). A block is one thing (a contribution, a ballot…).
Line = tuple[str | None, str]
Block = list[Line]
Section = tuple[str, list[Block]]


def _when(moment: str | None, language: str) -> str:
    if not moment:
        return ""
    try:
        return format_moment(moment, language)
    except (ValueError, TypeError):
        return str(moment)


def _language_name(tag: str, language: str) -> str:
    names = {tag: name for name, tag in spoken_languages(language)}
    return names.get(tag) or names.get(tag.split("-")[0]) or LANGUAGES.get(tag, tag)


def _yes_no(value: bool, _: Callable[[str], str]) -> str:
    return _("Yes") if value else _("No")


def _about_you(record: Mapping, language: str) -> Block:
    _ = translator(language)
    ngettext = plural_translator(language)
    block: Block = [(_("Pseudonym"), record["pseudonym"]),
                    (_("Language"), _language_name(record["language"], language)),
                    (_("Joined"), _when(record["joined_at"], language))]
    title = pick(record["session"]["title"], language, "en")
    if title:
        block.append((_("Session"), title))
    if record.get("role") == "interpreter":
        block.append((_("Role"), _("Interpreter")))
    if record.get("group"):
        block.append((_("Working group"), record["group"]))
    block.append((_("Return code"), _("Stored only in a form nobody can read back")
                  if record.get("return_code") else _("No return code")))
    assisted = record.get("assisted")
    if assisted:
        helper = _("a facilitator") if assisted["by"] == "facilitator" else _("an interpreter")
        block.append((_("Entered with help from"), helper))
        if assisted.get("how"):
            block.append((_("How you agreed to be helped"), assisted["how"]))
        if assisted.get("recorded_at"):
            block.append((_("Recorded"), _when(assisted["recorded_at"], language)))
    if record.get("submissions"):
        n = record["submissions"]
        block.append((_("Times you sent something"), ngettext(
            "%(n)d time, kept for a while to limit how fast anyone can send",
            "%(n)d times, kept for a while to limit how fast anyone can send", n) % {"n": n}))
    return block


def _optional_answers(answers: Mapping, language: str) -> Block:
    _ = translator(language)
    genders = {"woman": _("Woman"), "man": _("Man"), "non_binary": _("Non-binary"), "another": _("Another gender")}

    def shown(value, named: Callable[[str], str]) -> str:
        if value in (None, ""):
            return _("(no answer)")
        if value == PREFER_NOT:
            return _("Prefer not to say")
        return named(value)

    country_names = {code: name for name, code in countries(language)} if answers.get("country") else {}
    spoken = answers.get("languages")
    block: Block = [
        (_("Country you live in"), shown(answers.get("country"), lambda code: country_names.get(code, code))),
        (_("Languages you speak"), shown(spoken, lambda tags: ", ".join(
            [_language_name(tag, language) for tag in ([tags] if isinstance(tags, str) else tags)]
            + list(answers.get("other_languages") or ())))),
        (_("Age"), shown(answers.get("age_band"), str)),
        (_("Gender"), shown(answers.get("gender"), lambda g: genders.get(g, g))),
    ]
    if answers.get("recorded_at"):
        block.append((_("Recorded"), _when(answers["recorded_at"], language)))
    return block


def _consent(entry: Mapping, language: str) -> Block:
    _ = translator(language)
    answers = entry.get("answers") or {}
    questions = use_questions(_)
    block: Block = [(_("Recorded"), _when(entry.get("recorded_at"), language)),
                    (_("Consent text"), _("version %(n)s") % {"n": entry.get("version")}),
                    (_("Taking part"), _yes_no(answers.get("take_part") is True, _))]
    # A use her record does not name counts as yes (a record from before these questions).
    block += [(questions[use], _yes_no(agreed(answers, use), _)) for use in USES]
    return block


def _contribution(entry: Mapping, language: str) -> Block:
    _ = translator(language)
    block: Block = [(_("Question"), pick(entry["prompt"], language, "en"))] if entry.get("prompt") else []
    if entry.get("withdrawn_at"):
        block.append((_("Your words"), _("(erased when you withdrew them)")))
    else:
        block.append((_("Your words"), entry["text"]))
    block.append((_("Written"), _when(entry.get("created_at"), language)))
    if entry.get("updated_at") and entry["updated_at"] != entry.get("created_at") and not entry.get("withdrawn_at"):
        block.append((_("Last changed"), _when(entry["updated_at"], language)))
    if entry.get("withdrawn_at"):
        state = _("You withdrew it on %(date)s") % {"date": _when(entry["withdrawn_at"], language)}
    elif entry.get("hidden_reason") is not None:
        state = _("Hidden by the facilitators")
    elif entry.get("merged"):
        state = _("Joined with a similar contribution")
    else:
        state = _("Shown to the others, without your name")
    block.append((_("State"), state))
    if entry.get("hidden_reason") and not entry.get("withdrawn_at"):
        block.append((_("Reason given"), entry["hidden_reason"]))
    if entry.get("tags"):
        block.append((_("Topics"), ", ".join(entry["tags"])))
    for tag, text in (entry.get("translations") or {}).items():
        block.append((_("Translation into %(language)s") % {"language": _language_name(tag, language)}, text))
    return block


def _vote_name(vote, _: Callable[[str], str]) -> str:
    return {AGREE: _("Agree"), DISAGREE: _("Disagree"), PASS: _("Pass")}.get(vote, str(vote))


def _reaction(entry: Mapping, language: str) -> Block:
    _ = translator(language)
    idea = entry.get("idea")
    block: Block = [(_("The idea"), idea if idea else _("(an idea that is no longer shown)")),
                    (_("Your answer"), _vote_name(entry.get("vote"), _)),
                    (_("When"), _when(entry.get("at"), language))]
    earlier = [f"{_vote_name(vote, _)} ({_when(at, language)})" for vote, at in entry.get("earlier") or ()]
    if earlier:
        block.append((_("Your earlier answers"), "; ".join(earlier)))
    return block


def _translation(entry: Mapping, language: str) -> Block:
    _ = translator(language)
    return [(_("Translation into %(language)s") % {"language": _language_name(entry["language"], language)},
             entry["text"]),
            (_("Written"), _when(entry.get("created_at"), language))]


def _comment(entry: Mapping, language: str) -> Block:
    _ = translator(language)
    kinds = {"theme": _("Theme"), "goal": _("Goal"), "action": _("Action")}
    types, statuses = type_labels(language), status_labels(language)
    block: Block = [(_("Plan item"), f"{kinds.get(entry['kind'], entry['kind'])} {entry['ref']}"),
                    (_("Type"), types.get(entry["type"], entry["type"])),
                    (_("Your words"), entry["text"]),
                    (_("Written"), _when(entry.get("created_at"), language))]
    if entry.get("withdrawn_at"):
        block.append((_("State"), _("You withdrew it on %(date)s") % {"date": _when(entry["withdrawn_at"], language)}))
    block.append((_("Status"), statuses.get(entry.get("status") or "new", entry.get("status"))))
    if entry.get("response"):
        block.append((_("The facilitators' answer"), entry["response"]))
    return block


def _ballot(entry: Mapping, language: str) -> Block:
    _ = translator(language)
    ngettext = plural_translator(language)
    items = entry.get("items") or {}

    def label(key) -> str:
        title = items.get(str(key))
        return PollItem(str(key), title).label(language) if title else str(key)

    block: Block = [(_("Poll"), pick(entry["poll"], language, "en")),
                    (_("Method"), method_names(language).get(entry["method"], entry["method"]))]
    ballot, kind = entry.get("ballot"), BALLOT_KINDS.get(entry["method"])
    if ballot is not None:
        if kind == "approval":
            block += [(_("You support"), label(key)) for key in ballot]
        elif kind == "dots":
            block += [(_("Your dots"), ngettext("%(item)s: %(n)d dot", "%(item)s: %(n)d dots", int(n))
                       % {"item": label(key), "n": int(n)}) for key, n in ballot.items()]
        elif kind == "score":
            top = (entry.get("params") or {}).get("max_score", 5)
            block += [(_("Your scores"), _("%(item)s: %(score)s out of %(top)s")
                       % {"item": label(key), "score": score, "top": top}) for key, score in ballot.items()]
        elif kind == "ranking":
            for place, group in enumerate(ballot, start=1):
                tied = isinstance(group, list)
                names = " = ".join(label(key) for key in group) if tied else label(group)
                if tied and len(group) > 1:
                    names = _("%(items)s (tied)") % {"items": names}
                block.append((_("Your order"), f"{place}. {names}"))
        else:
            block.append((_("Your choices"), str(ballot)))
        if entry.get("updated_at"):
            block.append((_("Last changed"), _when(entry["updated_at"], language)))
    reasons = reason_names(language)
    for pair in entry.get("comparisons") or ():
        first, second = label(pair["first"]), label(pair["second"])
        if pair.get("winner") is not None:
            text = _("%(first)s or %(second)s: you chose %(winner)s") % {
                "first": first, "second": second, "winner": label(pair["winner"])}
        else:
            text = _("%(first)s or %(second)s: you could not decide (%(reason)s)") % {
                "first": first, "second": second, "reason": reasons.get(pair.get("reason") or "none", "")}
        block.append((_("Pair answered on %(date)s") % {"date": _when(pair.get("created_at"), language)}, text))
    return block


def _proposal(entry: Mapping, language: str) -> Block:
    _ = translator(language)
    states = {"pending": _("Waiting for the facilitators"), "approved": _("Added to the poll"),
              "rejected": _("Not added")}
    return [(_("Your words"), pick(entry["text"], language, "en")),
            (_("Written"), _when(entry.get("created_at"), language)),
            (_("Status"), states.get(entry.get("status"), str(entry.get("status"))))]


def _draft(entry: Mapping, language: str) -> Block:
    _ = translator(language)
    return [(_("Draft"), _("%(name)s, version %(version)s") % {"name": entry["name"], "version": entry["version"]}),
            (_("Written"), _when(entry.get("created_at"), language))]


def sections(record: Mapping, language: str) -> list[Section]:
    """The page as ``(heading, blocks)``, each block a list of ``(label, value)`` lines; a
    section with nothing stored is left out (what is not listed is not stored)."""
    _ = translator(language)
    parts: list[Section] = [(_("About you"), [_about_you(record, language)])]
    if record.get("demographics") is not None:
        parts.append((_("Your optional answers"), [_optional_answers(record["demographics"], language)]))
    for heading, key, render in (
            (_("Your consent choices"), "consent", _consent),
            (_("Your contributions"), "contributions", _contribution),
            (_("Your reactions to others' ideas"), "reactions", _reaction),
            (_("Translations you made"), "translated", _translation),
            (_("Your comments on the plan"), "comments", _comment),
            (_("Your ballots"), "ballots", _ballot),
            (_("Items you proposed"), "proposals", _proposal),
            (_("Vision drafts that drew on your words"), "drafts", _draft)):
        entries = record.get(key) or []
        if entries:
            parts.append((heading, [render(entry, language) for entry in entries]))
    return parts


def _intro(language: str) -> str:
    _ = translator(language)
    return _("This is everything stored about you in this session. Nobody else's name or answers are "
             "shown here. You may save it, and you may withdraw and erase it.")


_STYLE = ("<style>.wb-my-record dl { margin: 0 0 12px 0; padding-left: 8px; border-left: 3px solid #cccccc; "
          "overflow-wrap: anywhere; } .wb-my-record dt { font-weight: bold; } "
          ".wb-my-record dd { margin: 0 0 4px 0; white-space: pre-wrap; }</style>")


def my_data_html(record: Mapping, language: str) -> str:
    """Her data as an HTML fragment in ``language``: every stored text escaped."""
    _ = translator(language)
    e = html.escape
    parts = [f'<div class="wb-data wb-my-record" lang="{e(language)}">', _STYLE,
             f"<h3>{e(_('What is stored about you'))}</h3>", f'<p class="wb-note">{e(_intro(language))}</p>']
    for heading, blocks in sections(record, language):
        parts.append(f"<section><h4>{e(heading)}</h4>")
        for block in blocks:
            parts.append('<dl class="wb-record-entry">')
            for label, value in block:
                if label:
                    parts.append(f"<dt>{e(label)}</dt>")
                parts.append(f"<dd>{e(str(value))}</dd>")
            parts.append("</dl>")
        parts.append("</section>")
    parts.append("</div>")
    return "".join(parts)


def my_data_page(record: Mapping, language: str) -> str:
    """:func:`my_data_html` as a whole page, to save on her phone (the download)."""
    _ = translator(language)
    title = html.escape(_("What is stored about you"))
    return (f'<!DOCTYPE html>\n<html lang="{html.escape(language)}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title></head>'
            f'<body style="font-family:sans-serif;max-width:40em;margin:auto;padding:8px">'
            f"{my_data_html(record, language)}</body></html>\n")


def my_data_plain(record: Mapping, language: str) -> str:
    """Her data as plain text in ``language`` (the same page, without markup)."""
    _ = translator(language)
    title = _("What is stored about you")
    lines = [title, "=" * len(title), _intro(language)]
    for heading, blocks in sections(record, language):
        lines += ["", heading, "-" * len(heading)]
        for block in blocks:
            lines += [str(value) if not label else f"{label} {value}" if label.endswith("?")
                      else f"{label}: {value}" for label, value in block]
            lines.append("")
        if lines[-1] == "":
            lines.pop()
    return "\n".join(lines) + "\n"


def file_name(language: str, extension: str) -> str:
    """The download's file name in ``language`` (``my-data.html``; letters, digits and dashes)."""
    _ = translator(language)
    stem = re.sub(r"[^\w-]+", "-", _("my-data"), flags=re.UNICODE).strip("-") or "my-data"
    return f"{stem}.{extension}"
