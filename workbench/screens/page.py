"""What every screen needs from the page it runs in: its query string and the database."""
from __future__ import annotations

import os
from urllib.parse import parse_qs

from workbench.store import Store


def query_params() -> dict[str, str]:
    """The page's query string as a dict (first value of each key).

    In a preheated Voila kernel the request arrives after the kernel started: wait for it
    first, or ``QUERY_STRING`` is empty.
    """
    if os.environ.get("VOILA_PREHEAT", "False") != "False":
        from voila.utils import wait_for_request
        wait_for_request()
    parsed = parse_qs(os.environ.get("QUERY_STRING", ""))
    return {key: values[0] for key, values in parsed.items() if values}


def open_store() -> Store:
    """The database named by ``WORKBENCH_DB`` (set by ``workbench serve``), else the default."""
    return Store.open()
