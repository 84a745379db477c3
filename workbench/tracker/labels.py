"""Words and numbers of the tracker in the reader's language: status names, shares, dates."""
from __future__ import annotations

import datetime as dt

from workbench.core.i18n import translator


def status_labels(language: str | None) -> dict[str, str]:
    """Each status word (as stored) → its name in ``language``.

    >>> status_labels("en")["on track"]
    'on track'
    """
    _ = translator(language)
    return {"not started": _("not started"), "on track": _("on track"), "at risk": _("at risk"),
            "off track": _("off track"), "done": _("done"), "dropped": _("dropped")}


def percent(share: float | None, language: str | None = "en") -> str:
    """A share as a whole percentage in ``language`` ("–" when there is none).

    >>> percent(0.256, "en"), percent(None)
    ('26%', '–')
    """
    if share is None:
        return "–"
    from babel.core import UnknownLocaleError
    from babel.numbers import format_percent
    try:
        return format_percent(share, format="#,##0%", locale=(language or "en").replace("-", "_"))
    except (UnknownLocaleError, ValueError):  # an unknown locale: plain digits
        return f"{share:.0%}"


def date_text(date: dt.date, language: str | None = "en") -> str:
    """A date written the ``language``'s way (e.g. "31 Dec 2025"), ISO if Babel cannot.

    >>> date_text(dt.date(2025, 12, 31), "en")
    'Dec 31, 2025'
    """
    from babel.core import UnknownLocaleError
    from babel.dates import format_date
    try:
        return format_date(date, format="medium", locale=(language or "en").replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return date.isoformat()
