"""What every screen needs from the page it runs in: its query string and the database."""
from __future__ import annotations

import html
import json
import os
import time
from pathlib import Path
from urllib.parse import parse_qs

from workbench.core.i18n import translator
from workbench.store import Store


def wait_for_request() -> None:
    """In a preheated Voila kernel, block until a page request takes this kernel, then put
    the request's details (``QUERY_STRING``, ``HTTP_COOKIE``…) into ``os.environ``.

    Does what ``voila.utils.wait_for_request`` does, without importing ``voila.utils``: that
    module imports Voila's whole server stack (jupyter_server, nbconvert, tornado…), about
    45 MB more in every participant's kernel. Unlike it, a connection that cannot be opened
    (a server busy starting 60 kernels) or that drops while waiting is opened again: a kernel
    whose wait failed was handed out broken ("There was an error when executing cell [1]").
    """
    if os.environ.get("VOILA_PREHEAT", "False") == "False":
        return
    import time

    from websockets.exceptions import WebSocketException
    from websockets.sync.client import connect
    env = os.environ.get
    ws_base = env("VOILA_WS_BASE_URL", env("VOILA_SERVER_URL", "/"))
    url = (f"{env('VOILA_WS_PROTOCOL', 'ws')}://{env('VOILA_APP_IP', '127.0.0.1')}:"
           f"{env('VOILA_APP_PORT', '8866')}{ws_base}voila/query/{env('VOILA_KERNEL_ID', '')}")
    for attempt in range(60):
        try:
            with connect(url, open_timeout=30, ping_interval=None, max_size=None) as socket:
                info = socket.recv()
            break
        except (OSError, TimeoutError, WebSocketException):
            if attempt == 59:
                raise
            time.sleep(min(0.5 * (attempt + 1), 5))
    os.environ.update({key: str(value) for key, value in json.loads(info).items()})


#: A participant app's return code remembered on her phone, per session: cookie ``wb_<CODE>``.
REMEMBER_PREFIX = "wb_"
#: How long a phone remembers a return code (seconds): the length of a long meeting day.
REMEMBER_SECONDS = 12 * 3600


def remembered_codes() -> dict[str, str]:
    """The return codes this phone remembers, by join code (from the page request's cookies).

    The cookies reach the kernel as ``HTTP_COOKIE`` (``serve`` passes that header); it is
    removed from the kernel's environment once read: it also holds the server's login cookie.
    """
    from urllib.parse import unquote
    raw = os.environ.pop("HTTP_COOKIE", "")
    found = {}
    for part in raw.split(";"):
        name, _, value = part.strip().partition("=")
        if name.startswith(REMEMBER_PREFIX) and value:
            found[name[len(REMEMBER_PREFIX):].upper()] = unquote(value.strip('"'))
    return found


def remember_html(join_code: str, return_code: str | None) -> str:
    """A hidden element asking the page to remember ``return_code`` for ``join_code`` on this
    phone (``None``: forget it). The page template turns it into a cookie."""
    import html
    code = "".join(ch for ch in str(join_code) if ch.isalnum())
    age = REMEMBER_SECONDS if return_code else 0
    return (f'<span hidden data-wb-remember="{REMEMBER_PREFIX}{html.escape(code)}" '
            f'data-wb-value="{html.escape(return_code or "")}" data-wb-max-age="{age}"></span>')


def query_params() -> dict[str, str]:
    """The page's query string as a dict (first value of each key).

    In a preheated Voila kernel the request arrives after the kernel started: wait for it
    first, or ``QUERY_STRING`` is empty.
    """
    wait_for_request()
    parsed = parse_qs(os.environ.get("QUERY_STRING", ""))
    return {key: values[0] for key, values in parsed.items() if values}


def page_language(params: dict[str, str]) -> str:
    """The page's language: ``?lang=``, else the first of the browser's languages the apps
    speak (its ``Accept-Language``, which ``serve`` passes to the kernel), else English."""
    from workbench.core.i18n import accepted_language
    return accepted_language(params.get("lang"), os.environ.get("HTTP_ACCEPT_LANGUAGE"))


def open_store() -> Store:
    """The database named by ``WORKBENCH_DB`` (set by ``workbench serve``), else the default."""
    return Store.open()


def facilitator_app(params: dict[str, str] | None, make, *, status: bool = True):
    """Build a facilitator app: read the page's query string (unless ``params`` is given),
    check its ``?key=`` (without this run's key: the refusal page, in the reader's language),
    then ``make(params, language)``; with ``status``, the line of people connected on top.
    Every facilitator app's ``build()`` is this one call."""
    params = query_params() if params is None else params
    language = page_language(params)
    refused = facilitator_refusal(params, language)
    if refused is not None:
        return refused
    screen = make(params, language)
    return with_kernel_status(screen, language) if status else screen


def named_facilitator(key: str | None) -> str | None:
    """The named facilitator whose personal key ``key`` is, else None."""
    if not key:
        return None
    from workbench.participation.store.facilitators import facilitator_named
    with open_store() as store:
        return facilitator_named(store, key)


def facilitator_refusal(params: dict[str, str], language: str):
    """``None`` when ``?key=`` is this run's facilitator key or a named facilitator's personal
    key (``workbench facilitator add``, not revoked); otherwise the page every facilitator app
    shows instead, in the reader's language (no data, no controls)."""
    import html

    import ipywidgets as widgets

    from workbench.core.access import is_facilitator
    from workbench.core.i18n import translator
    from workbench.ui.style import full_width, stylesheet
    if is_facilitator(params.get("key")) or named_facilitator(params.get("key")):
        return None
    _ = translator(language)
    message = _("This page is for facilitators: open it with the facilitator link that "
                "`workbench serve` printed.")
    page = widgets.VBox([stylesheet(), widgets.HTML(
        f'<p class="wb-error" role="alert">{html.escape(message)}</p>')], layout=full_width())
    page.add_class("wb-app")
    return page


#: The kernel status ``workbench serve`` writes every 2 s (its path, given to the kernels).
STATUS_ENV = "WORKBENCH_SERVE_STATUS"


def kernel_status_text(language: str, status: dict | None) -> str:
    """The line facilitators see about the server's capacity (empty without a status)."""
    if not status:
        return ""
    _ = translator(language)
    numbers = {"used": status.get("participants_in_use", 0), "most": status.get("participants_max", 0),
               "ready": status.get("preheated_ready", 0), "servers": status.get("servers", 1)}
    if numbers["servers"] > 1:
        text = _("People connected: %(used)d of the %(most)d that the %(servers)d servers of this meeting "
                 "hold; %(ready)d pages ready for newcomers.") % numbers
    else:
        text = _("People connected: %(used)d of the %(most)d this server holds; %(ready)d pages ready "
                 "for newcomers.") % numbers
    return f'<p class="wb-note wb-kernels" role="status">{html.escape(text)}</p>'


#: A server whose status is older than this is not counted with the others (it stopped).
STALE_STATUS = 30.0


def read_kernel_status() -> dict | None:
    """This server's status; under ``workbench serve --workers N`` (its folder is ``worker-i``),
    the people and pages of every server of the meeting added up, with ``servers`` = how many
    wrote theirs in the last :data:`STALE_STATUS` seconds."""
    path = os.environ.get(STATUS_ENV)
    if not path:
        return None
    own = Path(path)
    paths = [own]
    if own.parent.name.startswith("worker-"):
        paths += [p for p in sorted(own.parent.parent.glob(f"worker-*/{own.name}")) if p != own]
    found = []
    for n, each in enumerate(paths):
        try:
            if n and time.time() - each.stat().st_mtime > STALE_STATUS:
                continue
            found.append(json.loads(each.read_text()))
        except (OSError, ValueError):
            if n == 0:
                return None
    if len(found) == 1:
        return found[0]
    keys = ("participants_in_use", "participants_max", "preheated_ready")
    return {**found[0], **{key: sum(s.get(key, 0) for s in found) for key in keys}, "servers": len(found)}


def with_kernel_status(screen, language: str, every: float = 5.0):
    """Put the capacity line (people connected of how many the server holds, kept current) at
    the top of a facilitator ``screen``; return the screen."""
    import asyncio

    import ipywidgets as widgets
    line = widgets.HTML(kernel_status_text(language, read_kernel_status()))
    line.add_class("wb-kernel-status")
    screen.children = [line, *screen.children]

    async def follow() -> None:
        while line.comm is not None:
            await asyncio.sleep(every)
            line.value = kernel_status_text(language, read_kernel_status())
    if os.environ.get(STATUS_ENV):
        try:
            asyncio.get_running_loop().create_task(follow())
        except RuntimeError:   # no event loop (a plain Python test): the line stays as it is
            pass
    return screen
