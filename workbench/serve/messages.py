"""What the server itself says to a person, before or around an app: in her language.

The loading screen, "the meeting is full", "the connection was lost" and "trying again" are
shown by the page template (``templates/voila/templates/workbench``) and by the full page,
before any kernel runs, so they are rendered into the page for all five languages at once and
the page picks one (``?lang=``, else the browser's languages).
"""
from __future__ import annotations

import html

from workbench.core.i18n import LANGUAGES, translator

#: Seconds after which the "full" page tries again by itself.
FULL_RETRY_SECONDS = 15


def page_messages(language: str) -> dict[str, str]:
    """The template's sentences in ``language``."""
    _ = translator(language)
    return {
        "loading": _("Preparing your page…"),
        "loading_slow": _("This can take a little while on a slow connection. Please keep this page open."),
        "not_ready": _("Your page could not be prepared in time. Trying again by itself…"),
        "lost": _("The connection was lost. Trying to reconnect… What you saved is kept."),
        "reopening": _("Opening your page again. What you saved is kept."),
        "offline": _("This phone is offline. What you saved is kept; the page reconnects when the "
                     "connection is back."),
        "waiting": _("The connection was lost. What you just did is waiting, and will be sent when the "
                     "connection is back."),
        "delivered": _("The connection is back. What was waiting has been sent."),
    }


def all_page_messages() -> dict[str, dict[str, str]]:
    """:func:`page_messages` for every language the apps speak (embedded in every page)."""
    return {tag: page_messages(tag) for tag in LANGUAGES}


def full_page(language: str) -> str:
    """The page shown when the meeting holds as many people as this machine can: it says so
    kindly, in the reader's language, and tries again by itself."""
    _ = translator(language)
    title = _("The meeting is full right now")
    body = _("Too many people are connected at this moment. This page tries again by itself "
             "every %(seconds)d seconds: please keep it open.") % {"seconds": FULL_RETRY_SECONDS}
    again = _("Try again now")
    return f"""<!doctype html>
<html lang="{html.escape(language)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="{FULL_RETRY_SECONDS}">
<title>{html.escape(title)}</title>
<style>body{{font-family:sans-serif;margin:0;padding:1.5rem;max-width:36rem;line-height:1.5;color:#1a1a1a}}
a{{display:inline-block;margin-top:1rem;padding:.75rem 1.25rem;min-height:44px;box-sizing:border-box;
background:#0b5394;color:#fff;text-decoration:none;border-radius:6px}}</style></head>
<body><main><h1>{html.escape(title)}</h1><p role="status">{html.escape(body)}</p>
<a href="" onclick="location.reload();return false">{html.escape(again)}</a></main></body></html>
"""
