"""Words of feedback rounds in the reader's language: comment types, statuses, overall numbers."""
from __future__ import annotations

from collections.abc import Mapping

from workbench.core.i18n import plural_translator, translator


def type_labels(language: str | None) -> dict[str, str]:
    """Each comment type (as stored) → its name in ``language``.

    >>> type_labels("en")["concern"]
    'concern'
    """
    _ = translator(language)
    return {"support": _("support"), "concern": _("concern"), "suggestion": _("suggestion"),
            "question": _("question")}


def status_labels(language: str | None) -> dict[str, str]:
    """Each triage status (as stored) → its name in ``language``.

    >>> status_labels("en")["partly_accepted"]
    'partly accepted'
    """
    _ = translator(language)
    return {"new": _("not yet answered"), "accepted": _("accepted"), "partly_accepted": _("partly accepted"),
            "declined": _("declined"), "out_of_scope": _("out of scope"), "duplicate": _("duplicate")}


def change_labels(language: str | None) -> dict[str, str]:
    """Each kind of plan change → its name in ``language``."""
    _ = translator(language)
    return {"added": _("added"), "removed": _("removed"), "moved": _("moved"), "changed": _("changed"),
            "renumbered": _("renumbered")}


def numbers_sentence(numbers: Mapping[str, int], language: str | None) -> str:
    """The round's overall numbers as the source document gives them.

    >>> numbers_sentence({"sessions": 5, "participants": 82, "countries": 12,
    ...                   "written_submissions": 55, "written_countries": 10}, "en")
    '5 live sessions, 82 participants from 12 countries; 55 written submissions from 10 countries.'
    """
    ngettext = plural_translator(language)
    live = (ngettext("%(n)d live session", "%(n)d live sessions", numbers["sessions"]) % {"n": numbers["sessions"]}
            + ", " + ngettext("%(n)d participant", "%(n)d participants", numbers["participants"])
            % {"n": numbers["participants"]})
    if numbers.get("countries"):
        live += " " + ngettext("from %(n)d country", "from %(n)d countries", numbers["countries"]) \
            % {"n": numbers["countries"]}
    written = ngettext("%(n)d written submission", "%(n)d written submissions",
                       numbers["written_submissions"]) % {"n": numbers["written_submissions"]}
    if numbers.get("written_countries"):
        written += " " + ngettext("from %(n)d country", "from %(n)d countries", numbers["written_countries"]) \
            % {"n": numbers["written_countries"]}
    return f"{live}; {written}."
