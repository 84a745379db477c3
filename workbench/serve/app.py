"""The Voila server of a meeting: standalone Voila with the meeting's kernel pools and pages.

``workbench serve`` runs ``python -m workbench.serve.app`` with Voila's own options. On top of
standalone Voila it adds:

- the kernel manager of :mod:`workbench.serve.kernels` (bounded starts, only ready kernels
  handed out, pools sized from what is live, kernels released when their page is gone);
- a page handler that shows "the meeting is full" (in the reader's language, retrying by
  itself, HTTP 503) when the participant ceiling is reached, and tells the kernel manager when a
  page was sent;
- the meeting's home page (:mod:`workbench.serve.home`) instead of Voila's file listing, and
  ``/join?code=`` that leads a join code to its app;
- a page-closing endpoint that the page calls when it is closed or reloaded. Voila's own one
  refuses the call for want of an ``_xsrf`` argument; this one asks for the same login as every
  page and only marks the kernel, which is then released at the next check (a kernel id is a
  random UUID known only to its page);
- compressed responses (:mod:`workbench.serve.compress`), cache headers that let a phone keep
  the front end for a year, Voila's front end under a versioned URL
  (:mod:`workbench.serve.static`), and the button icons served from here
  (:mod:`workbench.serve.icons`), not from a CDN.
"""
from __future__ import annotations

import tornado.web
import voila.app
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.utils import url_path_join
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.treehandler import TornadoVoilaTreeHandler

from workbench.serve.compress import CompressedResponse
from workbench.serve.home import home_page, join_target
from workbench.serve.icons import ICONS_CSS
from workbench.serve.kernels import PAGE_REQUEST, meeting_kernel_manager_factory
from workbench.core.i18n import accepted_language
from workbench.serve.messages import full_page
from workbench.serve.static import REPLACED, VersionedStaticHandler, WorkbenchFileHandler, static_tag, \
    versioned_static_hook


class MeetingPageHandler(TornadoVoilaHandler):
    """An app's page: "the meeting is full" at the ceiling; else Voila's page."""

    @tornado.web.authenticated
    async def get(self, path=None):
        manager = self.kernel_manager
        if path and getattr(manager, "is_full", None) and manager.is_full(path):
            language = accepted_language(self.get_argument("lang", None),
                                         self.request.headers.get("Accept-Language"))
            self.set_status(503)
            self.set_header("Retry-After", "15")
            self.set_header("Cache-Control", "no-store")
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(full_page(language))
            return
        if path and hasattr(manager, "until_preheating"):
            await manager.until_preheating(path)
        request = {}
        token = PAGE_REQUEST.set(request)
        try:
            await super().get(path)
        finally:
            PAGE_REQUEST.reset(token)
            if hasattr(manager, "page_sent"):
                manager.page_sent(request.get("kernel_id"))


class HomeHandler(JupyterHandler):
    """The meeting's home page, in the visitor's language; no kernel."""

    def language(self) -> str:
        return accepted_language(self.get_argument("lang", None), self.request.headers.get("Accept-Language"))

    def show(self, language: str, **problem) -> None:
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-cache")
        self.finish(home_page(self.base_url, language, **problem))

    @tornado.web.authenticated
    def get(self, path=None):
        self.show(self.language())


class JoinHandler(HomeHandler):
    """``/join?code=K7QX4R&lang=sw``: to the app of that code's activity, or back home saying why."""

    @tornado.web.authenticated
    def get(self, path=None):
        language, code = self.language(), self.get_argument("code", "")
        manager = self.settings["kernel_manager"]
        link, problem = join_target(getattr(manager, "meeting_db", None) or "", self.base_url, code, language)
        if link:
            self.redirect(link)
        else:
            self.show(language, code=code, problem=problem)


class PageClosingHandler(JupyterHandler):
    """``POST /voila/api/shutdown/<kernel id>``: the page is closing; release its kernel. Only
    for a logged-in browser (the beacon carries the page's cookies)."""

    def check_xsrf_cookie(self):
        return None   # the page's closing beacon carries no _xsrf; see the module docstring

    @tornado.web.authenticated
    def post(self, kernel_id: str):
        manager = self.settings["kernel_manager"]
        if hasattr(manager, "page_closing"):
            manager.page_closing(kernel_id)
        self.set_status(204)
        self.finish()


class MeetingVoila(Voila):
    """Standalone Voila with the meeting's kernel manager and page handlers."""

    def init_settings(self):
        voila.app.voila_kernel_manager_factory = meeting_kernel_manager_factory
        # Pages load Voila's front end from a versioned folder (see workbench.serve.static).
        self.static_tag = static_tag(self.static_paths, voila.__version__)
        full_static_url = url_path_join(self.base_url, "voila/static", f"v-{self.static_tag}")
        configuration = self.voila_configuration
        configuration.page_config_hook = versioned_static_hook(full_static_url, configuration.page_config_hook)
        settings = super().init_settings()
        # An output transform must be given when tornado's Application is made (Voila's
        # ``tornado_settings`` come later, which is why ``compress_response`` there does nothing).
        settings["transforms"] = [CompressedResponse]
        return settings

    def init_handlers(self):
        handlers = [
            (url_path_join(self.server_url, "join"), JoinHandler),
            (url_path_join(self.server_url, rf"voila/static/v-{self.static_tag}/(.*)"), VersionedStaticHandler,
             {"paths": self.static_paths, "default_filename": "index.html"}),
            (url_path_join(self.server_url, r"voila/workbench/(icons\.css)"), WorkbenchFileHandler,
             {"path": str(ICONS_CSS.parent)}),
        ]
        for handler in super().init_handlers():
            pattern, target, *rest = handler
            if target in REPLACED:
                handler = (pattern, REPLACED[target], *rest)
            elif target is TornadoVoilaHandler:
                handler = (pattern, MeetingPageHandler, *rest)
            elif target is TornadoVoilaTreeHandler:
                handler = (pattern, HomeHandler)
            elif pattern.endswith("/voila/api/shutdown/(.*)"):
                handler = (pattern, PageClosingHandler)
            handlers.append(handler)
        return handlers


main = MeetingVoila.launch_instance

if __name__ == "__main__":
    main()
