"""Cache headers for the files a page loads, so that a second app opened on the same phone
downloads nothing but its own page.

- A file whose URL says which version it is (``?v=…``, a content hash in its name such as
  ``remoteEntry.c8c9eed2cdefdeac.js``, or Voila's front end under its versioned folder) is
  sent with ``Cache-Control: public, max-age=31536000, immutable``: the phone keeps it for a
  year and does not even ask again.
- Any other static file: ``public, max-age=600`` (asked again after 10 minutes).

Voila serves its own front end (``voila.js`` and ~80 chunks named ``1807.voila.js``) from
``/voila/static/`` with no version in the URL. The meeting's pages load it from
``/voila/static/v-<tag>/`` instead (:func:`static_tag`: a hash of Voila's version and of the
files' names, sizes and dates), through Voila's ``page_config_hook`` (webpack loads the chunks
from the page config's ``fullStaticUrl``). After an upgrade the tag changes, so no phone keeps
an old chunk.
"""
from __future__ import annotations

import hashlib
import os
import re

from jupyter_server.base.handlers import FileFindHandler
from tornado.web import StaticFileHandler
from voila.static_file_handler import MultiStaticFileHandler, TemplateStaticFileHandler

IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=600"
#: A content hash of 16 or more hex digits in a file name (webpack's ``[contenthash]``).
HASHED_NAME = re.compile(r"(?:^|[./_-])[0-9a-f]{16,}\.[A-Za-z0-9]+$")


def cache_control(path: str, arguments: dict, versioned: bool = False) -> str:
    """The ``Cache-Control`` of a static file at URL ``path`` with query ``arguments``.

    >>> cache_control("/voila/labextensions/x/static/remoteEntry.c8c9eed2cdefdeac.js", {}) == IMMUTABLE
    True
    >>> cache_control("/voila/templates/workbench/static/index.css", {"v": [b"ee8d"]}) == IMMUTABLE
    True
    >>> cache_control("/voila/static/voila.js", {})
    'public, max-age=600'
    """
    name = path.rsplit("/", 1)[-1]
    if versioned or "v" in arguments or HASHED_NAME.search(name):
        return IMMUTABLE
    return SHORT


class CachePolicy:
    """Mixin for a ``StaticFileHandler``: the ``Cache-Control`` of :func:`cache_control`.
    ``versioned = True``: every URL it serves carries a version."""

    versioned = False

    def set_headers(self) -> None:
        super().set_headers()
        self.clear_header("Expires")
        self.set_header("Cache-Control", cache_control(self.request.path, self.request.arguments, self.versioned))


class MeetingStaticHandler(CachePolicy, MultiStaticFileHandler):
    """Voila's front end at ``/voila/static/`` (without a version: the short max-age)."""


class VersionedStaticHandler(CachePolicy, MultiStaticFileHandler):
    """Voila's front end at ``/voila/static/v-<tag>/``: every file immutable."""

    versioned = True


class MeetingTemplateStaticHandler(CachePolicy, TemplateStaticFileHandler):
    """The page template's files (linked with ``?v=<hash>``)."""


class MeetingLabextensionsHandler(CachePolicy, FileFindHandler):
    """Front-end extensions (their files have content hashes; Voila sends ``no-cache``)."""


class WorkbenchFileHandler(CachePolicy, StaticFileHandler):
    """Files of the page template folder that are not Voila's (the icons), linked with ``?v=``."""


#: Handler classes of Voila's routes and what replaces them.
REPLACED = {MultiStaticFileHandler: MeetingStaticHandler,
            TemplateStaticFileHandler: MeetingTemplateStaticHandler,
            FileFindHandler: MeetingLabextensionsHandler}


def static_tag(paths: list[str], version: str) -> str:
    """12 hex digits naming this set of front-end files (Voila's version, and each file's path,
    size and modification time under ``paths``)."""
    digest = hashlib.sha256(version.encode())
    for root in paths:
        for folder, dirs, files in os.walk(root):
            dirs.sort()
            for name in sorted(files):
                try:
                    stat = os.stat(os.path.join(folder, name))
                except OSError:
                    continue
                relative = os.path.relpath(os.path.join(folder, name), root)
                digest.update(f"{root}\0{relative}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:12]


def versioned_static_hook(full_static_url: str, previous=None):
    """A Voila ``page_config_hook`` that points the page's ``fullStaticUrl`` at
    ``full_static_url`` (then calls ``previous``, if any)."""

    def hook(page_config, **kwargs):
        page_config = {**page_config, "fullStaticUrl": full_static_url}
        return previous(page_config, **kwargs) if previous else page_config

    return hook
