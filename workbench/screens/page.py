"""What every screen needs from the page it runs in: its query string and the database."""
from __future__ import annotations

import json
import os
from urllib.parse import parse_qs

from workbench.store import Store


def wait_for_request() -> None:
    """In a preheated Voila kernel, block until a page request takes this kernel, then put
    the request's details (``QUERY_STRING``…) into ``os.environ``.

    Does what ``voila.utils.wait_for_request`` does, without importing ``voila.utils``: that
    module imports Voila's whole server stack (jupyter_server, nbconvert, tornado…), about
    45 MB more in every participant's kernel.
    """
    if os.environ.get("VOILA_PREHEAT", "False") == "False":
        return
    from websockets.sync.client import connect
    env = os.environ.get
    ws_base = env("VOILA_WS_BASE_URL", env("VOILA_SERVER_URL", "/"))
    url = (f"{env('VOILA_WS_PROTOCOL', 'ws')}://{env('VOILA_APP_IP', '127.0.0.1')}:"
           f"{env('VOILA_APP_PORT', '8866')}{ws_base}voila/query/{env('VOILA_KERNEL_ID', '')}")
    with connect(url, open_timeout=5, max_size=None) as socket:
        info = socket.recv()
    os.environ.update({key: str(value) for key, value in json.loads(info).items()})


def query_params() -> dict[str, str]:
    """The page's query string as a dict (first value of each key).

    In a preheated Voila kernel the request arrives after the kernel started: wait for it
    first, or ``QUERY_STRING`` is empty.
    """
    wait_for_request()
    parsed = parse_qs(os.environ.get("QUERY_STRING", ""))
    return {key: values[0] for key, values in parsed.items() if values}


def open_store() -> Store:
    """The database named by ``WORKBENCH_DB`` (set by ``workbench serve``), else the default."""
    return Store.open()


def facilitator_refusal(params: dict[str, str], language: str):
    """``None`` when ``?key=`` is this run's facilitator key; otherwise the page every
    facilitator app shows instead, in the reader's language (no data, no controls)."""
    import html

    import ipywidgets as widgets

    from workbench.access import is_facilitator
    from workbench.i18n import translator
    from workbench.widgets.style import full_width, stylesheet
    if is_facilitator(params.get("key")):
        return None
    _ = translator(language)
    message = _("This page is for facilitators: open it with the facilitator link that "
                "`workbench serve` printed.")
    page = widgets.VBox([stylesheet(), widgets.HTML(
        f'<p class="wb-error" role="alert">{html.escape(message)}</p>')], layout=full_width())
    page.add_class("wb-app")
    return page
