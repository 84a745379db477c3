"""The meeting's home page: the link ``serve`` prints to share.

A page of its own (no kernel, a few kilobytes, phone-first) instead of Voila's file listing: the
workbench's name and purpose in the visitor's language (``?lang=``, else the browser's languages,
with the five offered), one field for a join code that leads straight to the right activity (a
visioning, feedback or poll code each opens its app, with the language carried along), and the
plan browser. Nothing of the facilitator apps: facilitators use the links ``serve`` printed.
"""
from __future__ import annotations

import html
from urllib.parse import urlencode

from workbench.core.errors import ValidationError
from workbench.core.i18n import LANGUAGES, translator
from workbench.participation.codes import normalize_join_code
from workbench.serve.kernels import APP_OF_KIND


def app_for_code(database, text: str) -> tuple[str, str]:
    """(the app, the normalised code) a join code opens, read in ``database`` (a
    :class:`workbench.serve.database.MeetingDatabase`, or a SQLite path or PostgreSQL URL read
    once). Raises ValidationError for text that cannot be a code and LookupError for a code no
    session has."""
    from workbench.serve.database import reads
    code = normalize_join_code(text)
    found, once = reads(database)
    try:
        kind = found.session_kind(code)
    finally:
        if once:
            found.close()
    if kind not in APP_OF_KIND:
        raise LookupError(code)
    return APP_OF_KIND[kind], code


def app_link(base_url: str, app: str, **params: str) -> str:
    """The link to an app under ``base_url`` with ``params`` (empty ones left out)."""
    query = urlencode({key: value for key, value in params.items() if value})
    return f"{base_url}voila/render/{app}" + (f"?{query}" if query else "")


def home_page(base_url: str, language: str, *, code: str = "", problem: str = "") -> str:
    """The home page in ``language``; ``problem`` names what was wrong with a typed ``code``
    (``"malformed"`` or ``"unknown"``)."""
    _ = translator(language)
    title = _("Planning together")
    purpose = _("A place for our meetings: visioning workshops, working groups choosing priorities, "
                "feedback on the draft plan, and following the plan year by year. You take part "
                "under a name you choose, in your language.")
    messages = {"malformed": _("A join code has 6 letters and digits, like K7QX4R. Please check it."),
                "unknown": _("No session has this code. Please check it with your facilitator.")}
    languages = " · ".join(
        f'<a href="{html.escape(base_url)}?{urlencode({"lang": tag})}" lang="{tag}" hreflang="{tag}"'
        + (' aria-current="true"' if tag == language else "") + f">{html.escape(name)}</a>"
        for tag, name in LANGUAGES.items())
    alert = (f'<p class="error" role="alert" id="problem">{html.escape(messages[problem])}</p>'
             if problem in messages else "")
    plan = app_link(base_url, "plan.ipynb", lang=language)
    return f"""<!doctype html>
<html lang="{html.escape(language)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>
body {{ font: 17px/1.5 sans-serif; margin: 0; color: #1a1a1a; background: #fff; }}
main {{ max-width: 36rem; margin: 0 auto; padding: 1rem 1.25rem 2rem; }}
h1 {{ font-size: 1.6rem; margin: .5rem 0; }}
nav {{ font-size: 1rem; padding: .5rem 0; }}
nav a {{ display: inline-block; min-height: 44px; line-height: 44px; padding: 0 .25rem; color: #0b5394; }}
nav a[aria-current] {{ font-weight: 700; color: #1a1a1a; }}
label {{ display: block; font-weight: 600; margin: 1.25rem 0 .5rem; }}
input {{ font-size: 1.4rem; letter-spacing: .15em; text-transform: uppercase; width: 100%;
        min-height: 48px; box-sizing: border-box; padding: .4rem .6rem; border: 2px solid #555; border-radius: 6px; }}
button, .button {{ display: block; width: 100%; min-height: 48px; margin-top: .75rem; font-size: 1.1rem;
        background: #0b5394; color: #fff; border: 0; border-radius: 6px; text-align: center;
        text-decoration: none; line-height: 48px; }}
.button.secondary {{ background: #e8eef5; color: #0b5394; }}
.error {{ color: #a4001d; font-weight: 600; }}
</style></head>
<body><main>
<nav aria-label="{html.escape(_("Language"))}">{languages}</nav>
<h1>{html.escape(title)}</h1>
<p>{html.escape(purpose)}</p>
<form method="get" action="{html.escape(base_url)}join">
<input type="hidden" name="lang" value="{html.escape(language)}">
<label for="code">{html.escape(_("Type the join code your facilitator gave you."))}</label>
<input id="code" name="code" value="{html.escape(code)}" autocomplete="off" autocapitalize="characters"
 spellcheck="false" placeholder="K7QX4R" maxlength="12" required{' aria-describedby="problem"' if alert else ''}>
{alert}
<button type="submit">{html.escape(_("Continue"))}</button>
</form>
<a class="button secondary" href="{html.escape(plan)}">{html.escape(_("Read the plan"))}</a>
</main></body></html>
"""


def join_target(database, base_url: str, text: str, language: str) -> tuple[str | None, str]:
    """Where the join form leads: (the app's link, "") or (None, the problem)."""
    try:
        app, code = app_for_code(database, text)
    except ValidationError:
        return None, "malformed"
    except LookupError:
        return None, "unknown"
    return app_link(base_url, app, code=code, lang=language), ""
