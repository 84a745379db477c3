"""Meeting client: a simulated participant that uses a served app the way a phone's page does.

No browser: it fetches the app's page and speaks the Jupyter widget protocol (ipywidgets 8,
widget protocol 2) over the kernel's WebSocket, as Voila's widget manager does in the page:

1. ``GET {base}/voila/render/APP.ipynb?token=…&code=…&lang=en``. The HTML carries the kernel's
   id (``<script id="jupyter-config-data">``) and each cell's output
   (``<script type="application/vnd.voila.cell-output+json">``): the app cell's output names the
   root widget's model id. A page without it is *blank* (the app cell failed or timed out).
2. ``{ws}/api/kernels/KERNEL/channels?session_id=…&token=…`` with the login cookie the page set,
   in jupyter_server's JSON protocol (no ``Sec-WebSocket-Protocol``: one JSON text frame per
   message; a message with binary buffers comes as a binary frame). A ``kernel_info_request``
   first, as the page's kernel connection does.
3. A comm to ``jupyter.widget.control`` with ``{"method": "request_states"}``: the kernel answers
   ``update_states`` with the state of every widget it holds; the comm is then closed, as the
   page closes it. (The page gives the kernel 4 s to answer before falling back to one
   ``request_state`` per model; this client waits as long as its timeout, and records how long
   the answer took in :attr:`Participant.states_seconds`.)
4. The widget models are kept up to date from IOPub: ``comm_open`` (target ``jupyter.widget``)
   adds one, ``comm_msg`` ``update``/``echo_update`` changes one, ``comm_close`` drops one.
5. A tap on a Button is ``{"method": "custom", "content": {"event": "click"}}`` on its comm; a
   value typed or chosen is ``{"method": "update", "state": {…}, "buffer_paths": []}``. After
   each, the client waits until the kernel reports itself idle for that message (by then every
   widget change the tap caused has arrived), or, for the taps whose answer is timed (joining,
   the ballot, the contribution), until the answer is drawn: a kernel may show it and go on
   working (the vote app loads its ballot parser after showing the ballot).
6. Closing: the beacon the page sends on ``beforeunload`` (``POST voila/api/shutdown/KERNEL``),
   then the WebSocket closes.

What is "shown" is what a page would draw: the tree from the root model through ``children``,
leaving out models whose layout has ``display: none``. The flows press buttons by their English
words (give ``lang=en``).

    import asyncio
    from bench.meeting_client import Participant

    async def one(base, token, code):
        person = Participant(base, token, "vote", {"code": code, "lang": "en"})
        await person.open()
        await person.join()
        await person.vote_approval(2)
        await person.close()
        return person.error or (person.t_usable - person.t_start, person.t_confirmed - person.t_start)

Every step waits at most ``timeout`` seconds (120 by default). A step that fails records
:attr:`Participant.error` (the first failure, naming the step) instead of raising, and the
steps after it do nothing: many participants can run under one ``asyncio.gather``.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import html
import json
import random
import re
import struct
import time
import uuid
from collections.abc import Callable, Iterator
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

DEFAULT_TIMEOUT = 120.0
MESSAGE_PROTOCOL = "5.3"        # Jupyter messaging protocol of the messages sent
CONTROL_PROTOCOL = "1.0.0"      # the jupyter.widget.control comm
MODEL_REF = "IPY_MODEL_"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
CONFIG_DATA = re.compile(r'<script id="jupyter-config-data" type="application/json">\s*(.*?)\s*</script>', re.S)
CELL_OUTPUT = re.compile(r'<script type="application/vnd.voila.cell-output\+json">\s*(.*?)\s*</script>', re.S)
#: What Voila (``show_tracebacks=False``) writes instead of the output of a cell it could not run.
SERVER_EXCEPTION = "An exception occurred at the server"
TAGS = re.compile(r"<style.*?</style>|<script.*?</script>|<[^>]+>", re.S | re.I)
EXCEPTION_LINE = re.compile(r"[A-Za-z_][\w.]*(Error|Exception): ")   # a traceback's last line
ERROR_NOTE = re.compile(r'<(\w+)[^>]*\sclass="[^"]*\bwb-error\b[^"]*"[^>]*>(.*?)</\1>', re.S)
#: At most this many taps to get through the join steps (a pseudonym refused costs two more).
MAX_JOIN_TAPS = 16


class StepFailed(Exception):
    """A step could not be done (its message says what was awaited or refused)."""


def _now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat().replace("+00:00", "Z")


def _text(markup: str) -> str:
    """The readable text of an HTML widget's value."""
    return " ".join(html.unescape(TAGS.sub(" ", markup)).split())


def _ref(value) -> str | None:
    """The model id in an ``"IPY_MODEL_<id>"`` reference, else None."""
    return value[len(MODEL_REF):] if isinstance(value, str) and value.startswith(MODEL_REF) else None


def _put_buffers(state: dict, paths: list, buffers: list) -> None:
    """Put binary buffers back where ``buffer_paths`` says they were taken from."""
    for path, buffer in zip(paths, buffers):
        target = state
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = buffer


def _decode_binary(frame: bytes) -> dict:
    """A binary frame of jupyter_server's JSON protocol: part count, offsets, JSON, buffers."""
    count = struct.unpack("!I", frame[:4])[0]
    offsets = list(struct.unpack("!" + "I" * count, frame[4:4 * (count + 1)])) + [len(frame)]
    parts = [frame[start:stop] for start, stop in zip(offsets[:-1], offsets[1:])]
    message = json.loads(parts[0].decode("utf8"))
    message["buffers"] = parts[1:]
    return message


class Participant:
    """One person's phone: the page of ``app`` (e.g. ``"vote"``) opened with ``params``.

    Times are ``time.monotonic()`` readings: :attr:`t_start` when :meth:`open` began,
    :attr:`t_usable` when the app was shown (the join panel or a screen, with a button to tap),
    :attr:`t_joined` when the join steps were done, :attr:`t_action` when the ballot or
    contribution was sent and :attr:`t_confirmed` when the page confirmed it was saved.
    """

    def __init__(self, base: str, token: str, app: str, params: dict, *, timeout: float = DEFAULT_TIMEOUT,
                 rng: random.Random | None = None):
        self.base, self.token, self.app = base.rstrip("/"), token, app.removesuffix(".ipynb")
        self.params = {k: str(v) for k, v in params.items()}
        self.timeout, self.rng = timeout, rng or random.Random()
        self.t_start: float | None = None
        self.t_page: float | None = None
        self.t_usable: float | None = None
        self.t_joined: float | None = None
        self.t_action: float | None = None
        self.t_confirmed: float | None = None
        self.states_seconds: float | None = None
        self.closing_status: int | None = None
        self.blank = False
        self.error: str | None = None
        self.kernel_id: str | None = None
        self.root_id: str | None = None
        self.models: dict[str, dict] = {}              # model id → widget state
        self.kernel_output: list[str] = []             # errors and stderr the kernel published
        self.taps: list[tuple[str, float]] = []        # (what was tapped or set, seconds to its answer)
        self._session = uuid.uuid4().hex
        self._cookies: dict[str, str] = {}
        self._server, self._base_path = "", "/"       # scheme://host:port, and the server's base path
        self._ws = None
        self._reader: asyncio.Task | None = None
        self._changed = asyncio.Event()
        self._replies: dict[str, dict] = {}            # msg_id → shell reply
        self._idle: set[str] = set()                   # msg_ids the kernel finished handling
        self._control: dict[str, dict] = {}            # control comm id → its update_states
        self._gone: str | None = None                  # why the WebSocket closed

    # -- the public steps -------------------------------------------------------------------
    async def open(self) -> None:
        """Load the page, connect to its kernel and fetch the widgets' state (as the page does)."""
        self.t_start = time.monotonic()
        await self._step("open", self._open)

    async def join(self) -> None:
        """Go through the join steps (language, pseudonym, consent, demographics skipped)."""
        await self._step("join", self._join)

    async def vote_approval(self, n: int = 2) -> None:
        """Tick ``n`` items (chosen at random) on an approval ballot, submit, await the saved note."""
        await self._step("vote", lambda: self._vote_approval(n))

    async def contribute(self, text: str) -> None:
        """Write ``text`` in the visioning editor, tap Add, await the saved note and one more
        contribution listed under "What you wrote"."""
        await self._step("contribute", lambda: self._contribute(text))

    async def close(self, beacon: bool = True) -> None:
        """Close the page: as Voila's page does on ``beforeunload``, post the closing beacon
        (``voila/api/shutdown/KERNEL`` with the ``_xsrf`` cookie's value, empty when there is
        none) unless ``beacon`` is False, then close the WebSocket. Records the beacon's HTTP
        status in :attr:`closing_status`; a failure there is not an error of the participant."""
        if beacon and self.kernel_id is not None:
            client = AsyncHTTPClient(force_instance=True)
            try:
                response = await client.fetch(HTTPRequest(
                    f"{self._server}{self._base_path}voila/api/shutdown/{self.kernel_id}", method="POST",
                    body=urlencode({"_xsrf": self._cookies.get("_xsrf", "")}), headers=self._cookie_header(),
                    connect_timeout=10, request_timeout=10), raise_error=False)
                self.closing_status = response.code
            except Exception:   # the page does not wait for its beacon either
                self.closing_status = None
            finally:
                client.close()
        if self._ws is not None:
            self._ws.close()
            self._ws = None
        if self._reader is not None:
            try:
                await asyncio.wait_for(self._reader, 5)
            except (TimeoutError, asyncio.CancelledError):
                self._reader.cancel()
            self._reader = None

    def timings(self) -> dict[str, float | None]:
        """Seconds from :attr:`t_start` to each moment reached (None when not reached)."""
        start = self.t_start

        def since(moment):
            return None if moment is None or start is None else moment - start
        return {"page": since(self.t_page), "usable": since(self.t_usable), "joined": since(self.t_joined),
                "action": since(self.t_action), "confirmed": since(self.t_confirmed),
                "confirm_wait": None if self.t_confirmed is None or self.t_action is None
                else self.t_confirmed - self.t_action}

    async def _step(self, name: str, body: Callable) -> None:
        if self.error is not None:
            return
        try:
            await body()
        except StepFailed as failure:
            self.error = f"{name}: {failure}"
        except Exception as failure:   # a network error, a protocol surprise: recorded, not raised
            self.error = f"{name}: {type(failure).__name__}: {failure}"
        else:
            return
        said = [line for line in "".join(self.kernel_output).splitlines() if EXCEPTION_LINE.match(line)]
        if said:                       # an exception in the app's kernel: the first one is the cause
            self.error += f" (the kernel said: {said[0]})"

    # -- the page and the kernel ------------------------------------------------------------
    async def _open(self) -> None:
        query = urlencode({"token": self.token, **self.params})
        split = urlsplit(self.base)
        client = AsyncHTTPClient(force_instance=True)
        try:
            response = await client.fetch(HTTPRequest(
                f"{self.base}/voila/render/{self.app}.ipynb?{query}", headers={"Accept": "text/html"},
                connect_timeout=self.timeout, request_timeout=self.timeout), raise_error=False)
        finally:
            client.close()
        if response.code != 200:
            retry = response.headers.get("Retry-After") if response.headers else None
            raise StepFailed(f"the page answered HTTP {response.code}"
                             + (f" (retry after {retry} s: the meeting is full?)" if retry else ""))
        if urlsplit(response.effective_url).path.endswith("/login"):
            raise StepFailed("the token was refused (the server answered with its login page)")
        self.t_page = time.monotonic()
        for header in response.headers.get_list("Set-Cookie"):
            self._cookies.update({name: morsel.value for name, morsel in SimpleCookie(header).items()})
        page = response.body.decode("utf8", "replace")
        found = CONFIG_DATA.search(page)
        if found is None:
            raise StepFailed("the page has no jupyter-config-data (not a Voila app page?)")
        config = json.loads(found.group(1))
        self.kernel_id = config["kernelId"]
        self._server = f"{split.scheme}://{split.netloc}"
        self._base_path = config.get("baseUrl") or f"{split.path}/"   # the server's base URL path
        outputs = [json.loads(found) for found in CELL_OUTPUT.findall(page)]
        views = [o["data"][WIDGET_VIEW]["model_id"] for o in outputs if WIDGET_VIEW in o.get("data", {})]
        failed = [o for o in outputs if o.get("output_type") == "error"
                  or SERVER_EXCEPTION in str(o.get("text", ""))]
        if failed or not views:       # the app cell made no widget: what a person sees is blank
            self.blank = True
            kinds = ", ".join(o.get("output_type", "?") for o in outputs) or "none"
            said = "; ".join(f"{o['ename']}: {o.get('evalue')}" if "ename" in o else SERVER_EXCEPTION
                             for o in failed)
            raise StepFailed(f"blank page: no widget from the app (cell outputs: {kinds})"
                             + (f" ({said})" if said else ""))
        self.root_id = views[-1]
        await self._connect()
        started = time.monotonic()
        await self._request_states()
        self.states_seconds = time.monotonic() - started
        if self.root_id not in self.models:
            raise StepFailed(f"the kernel holds no model {self.root_id} (the page's root widget)")
        await self._until(lambda: any(s.get("_model_name") == "ButtonModel" for _, s in self._shown()),
                          "a button to tap on the first screen")
        self.t_usable = time.monotonic()

    async def _connect(self) -> None:
        query = urlencode({"session_id": self._session, "token": self.token})
        url = f"{self._server}{self._base_path}api/kernels/{self.kernel_id}/channels?{query}"
        headers = {"Origin": self._server, **self._cookie_header()}
        self._ws = await websocket_connect(
            HTTPRequest(url.replace("http", "ws", 1), headers=headers,
                        connect_timeout=self.timeout, request_timeout=self.timeout),
            max_message_size=1 << 28)
        self._reader = asyncio.ensure_future(self._read(self._ws))
        asked = self._send("kernel_info_request", {})
        await self._until(lambda: asked in self._replies, "kernel_info_reply")

    def _cookie_header(self) -> dict[str, str]:
        """The ``Cookie`` header a browser would send back (the login cookie the page set)."""
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self._cookies.items())} if self._cookies else {}

    async def _request_states(self) -> None:
        comm_id = uuid.uuid4().hex
        self._control[comm_id] = {}
        self._send("comm_open", {"comm_id": comm_id, "target_name": "jupyter.widget.control", "data": {}},
                   metadata={"version": CONTROL_PROTOCOL})
        self._send("comm_msg", {"comm_id": comm_id, "data": {"method": "request_states"}})
        answer = await self._until(lambda: self._control[comm_id], "update_states on the control comm")
        self._send("comm_close", {"comm_id": comm_id, "data": {}})
        del self._control[comm_id]
        states, buffers = answer["data"]["states"], answer.get("buffers", [])
        by_model: dict[str, tuple[list, list]] = {}
        for (model_id, *path), buffer in zip(answer["data"].get("buffer_paths", []), buffers):
            paths, found = by_model.setdefault(model_id, ([], []))
            paths.append(path)
            found.append(buffer)
        for model_id, entry in states.items():
            state = entry["state"]
            if model_id in by_model:
                _put_buffers(state, *by_model[model_id])
            self.models.setdefault(model_id, {}).update(state)

    def _send(self, msg_type: str, content: dict, *, metadata: dict | None = None) -> str:
        if self._ws is None or self._gone:
            raise StepFailed(f"the WebSocket is closed ({self._gone or 'not open'})")
        msg_id = uuid.uuid4().hex
        self._ws.write_message(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": msg_type, "session": self._session, "username": "",
                       "date": _now_iso(), "version": MESSAGE_PROTOCOL},
            "parent_header": {}, "metadata": metadata or {}, "content": content, "buffers": [],
            "channel": "shell"}))
        return msg_id

    async def _read(self, ws) -> None:
        """Receive every message until the socket closes; wake whoever is waiting."""
        while True:
            frame = await ws.read_message()
            if frame is None:
                self._gone = f"closed by the server (code {ws.close_code})" if ws.close_code else "closed"
                self._changed.set()
                return
            message = _decode_binary(frame) if isinstance(frame, bytes) else json.loads(frame)
            self._handle(message)
            self._changed.set()

    def _handle(self, message: dict) -> None:
        msg_type, content = message["header"]["msg_type"], message.get("content", {})
        parent = message.get("parent_header", {}).get("msg_id")
        if message.get("channel") == "shell":
            self._replies[parent] = message
        elif msg_type == "status":
            if content.get("execution_state") == "idle" and parent:
                self._idle.add(parent)
        elif msg_type == "comm_open" and content.get("target_name") == "jupyter.widget":
            data = content["data"]
            _put_buffers(data["state"], data.get("buffer_paths", []), message.get("buffers", []))
            self.models[content["comm_id"]] = data["state"]
        elif msg_type == "comm_msg":
            comm_id, data = content["comm_id"], content["data"]
            if comm_id in self._control and data.get("method") == "update_states":
                self._control[comm_id] = {"data": data, "buffers": message.get("buffers", [])}
            elif comm_id in self.models and data.get("method") in ("update", "echo_update"):
                _put_buffers(data["state"], data.get("buffer_paths", []), message.get("buffers", []))
                self.models[comm_id].update(data["state"])
        elif msg_type == "comm_close":
            self.models.pop(content["comm_id"], None)
        elif msg_type == "error":
            self.kernel_output.append(f"{content.get('ename')}: {content.get('evalue')}")
        elif msg_type == "stream" and content.get("name") == "stderr":
            self.kernel_output.append(content.get("text", ""))

    async def _until(self, found: Callable, what: str, timeout: float | None = None):
        """Wait until ``found()`` is truthy (checked after every message); return its value."""
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        while True:
            self._changed.clear()
            value = found()
            if value:
                return value
            if self._gone:
                raise StepFailed(f"the WebSocket {self._gone} while waiting for {what}")
            left = deadline - time.monotonic()
            if left <= 0:
                raise StepFailed(f"no {what} within {self.timeout if timeout is None else timeout:.0f} s")
            try:
                await asyncio.wait_for(self._changed.wait(), left)
            except TimeoutError:
                pass

    # -- what the page shows, and taps on it --------------------------------------------------
    def _shown(self, top: str | None = None) -> Iterator[tuple[str, dict]]:
        """The models drawn under ``top`` (the root by default), in page order."""
        seen: set[str] = set()

        def walk(model_id: str):
            state = self.models.get(model_id)
            if state is None or model_id in seen:
                return
            seen.add(model_id)
            layout = self.models.get(_ref(state.get("layout")) or "", {})
            if layout.get("display") == "none" or layout.get("visibility") == "hidden":
                return
            yield model_id, state
            for child in state.get("children") or ():
                if _ref(child):
                    yield from walk(_ref(child))
        return walk(top or self.root_id)

    def _find(self, model: str, *, description: str | None = None, css: str | None = None,
              top: str | None = None) -> list[str]:
        """Shown models of ``model`` name (e.g. ``"Button"``) with this label and/or CSS class."""
        return [model_id for model_id, state in self._shown(top)
                if state.get("_model_name") == f"{model}Model"
                and (description is None or state.get("description", "").strip() == description)
                and (css is None or css in state.get("_dom_classes", ()))]

    def _html(self, top: str | None = None) -> list[str]:
        """The values of the HTML widgets shown."""
        return [state.get("value", "") for _, state in self._shown(top) if state.get("_model_name") == "HTMLModel"]

    def _shown_error(self, top: str | None = None) -> str | None:
        """The text of an error message shown (an element of class ``wb-error``), if any."""
        for markup in self._html(top):
            if found := ERROR_NOTE.search(markup):
                return _text(found.group(2))
        return None

    async def _settle(self, msg_id: str, label: str, drawn: Callable | None = None) -> bool:
        """Wait until the kernel has handled ``msg_id`` (every change it made has arrived), or
        until ``drawn()`` is true: what the person waits for may be drawn before the kernel is
        done (it may go on loading modules). Records the wait in :attr:`taps`; returns whether
        ``drawn()`` came true."""
        sent = time.monotonic()
        await self._until(lambda: msg_id in self._idle or (drawn is not None and drawn()),
                          f"the kernel's answer to {label}")
        self.taps.append((label, time.monotonic() - sent))
        return drawn is not None and bool(drawn())

    async def _set(self, model_id: str, label: str, **state) -> None:
        """Change a value, as a widget view does when the person types or chooses."""
        self.models[model_id].update(state)
        await self._settle(self._send("comm_msg", {"comm_id": model_id, "data": {
            "method": "update", "state": state, "buffer_paths": []}}), label)

    async def _tap(self, model_id: str, label: str, drawn: Callable | None = None) -> bool:
        """Tap a button (see :meth:`_settle` for ``drawn``)."""
        return await self._settle(self._send("comm_msg", {"comm_id": model_id, "data": {
            "method": "custom", "content": {"event": "click"}}}), label, drawn)

    async def _press(self, description: str, drawn: Callable | None = None) -> None:
        """Tap the button labelled ``description``; fail if it stays, with an error shown."""
        found = self._find("Button", description=description)
        if not found:
            raise StepFailed(f"no {description!r} button shown")
        await self._tap(found[0], description, drawn)
        if found[0] in dict(self._shown()) and (error := self._shown_error()):
            raise StepFailed(f"{description!r} was refused: {error}")

    # -- the flows ----------------------------------------------------------------------------
    def _joined(self) -> bool:
        """Past the join panel: every participant app then shows the privacy panel."""
        return bool(self._find("VBox", css="wb-privacy"))

    async def _join(self) -> None:
        shown = lambda label: bool(self._find("Button", description=label))   # noqa: E731
        for _ in range(MAX_JOIN_TAPS):
            if self._joined():
                self.t_joined = time.monotonic()
                return
            if shown("I agree to take part"):
                for choice in self._find("ToggleButtons", css="wb-consent-use"):
                    if self.models[choice].get("index") is None:
                        await self._set(choice, "consent: yes", index=0)
                await self._press("I agree to take part")
            elif shown("Skip these questions"):
                await self._press("Skip these questions", drawn=self._joined)
                if shown("Another suggestion"):              # back at the pseudonym: it was taken
                    await self._press("Another suggestion")
            elif shown("Another suggestion"):
                await self._press("Continue")                # the pseudonym suggested
            elif shown("I have a return code") or self._find("ToggleButtons"):
                await self._press("Continue")                # the language of the link
            elif shown("Continue") and self.params.get("code"):
                if error := self._shown_error():
                    raise StepFailed(f"the join code was refused: {error}")
                boxes = self._find("Text")
                if boxes:
                    await self._set(boxes[0], "join code", value=self.params["code"])
                await self._press("Continue")
            else:
                words = " | ".join(_text(m) for m in self._html() if _text(m))[:300]
                raise StepFailed(f"a join step this client does not know: {words!r}")
        raise StepFailed(f"not joined after {MAX_JOIN_TAPS} taps")

    async def _vote_approval(self, n: int) -> None:
        ballot = (await self._until(lambda: self._find("VBox", css="wb-ballot"), "the ballot"))[0]
        toggles = self._find("ToggleButton", description="Support", top=ballot)
        if not toggles:                                     # a long list: open its first section
            for section in self._find("Button", css="wb-section", top=ballot)[:1]:
                await self._tap(section, "open a section")
            toggles = self._find("ToggleButton", description="Support", top=ballot)
        if not toggles:
            raise StepFailed("no \"Support\" toggles: not an approval ballot?")
        for toggle in self.rng.sample(toggles, min(n, len(toggles))):
            await self._set(toggle, "Support", value=True)
        submit = self._find("Button", css="wb-submit", top=ballot)
        if not submit:
            raise StepFailed("no submit button on the ballot")
        self.t_action = time.monotonic()
        saved = await self._tap(submit[0], "submit", lambda: any(
            "Your ballot is saved" in m for m in self._html()) or self._shown_error())
        if error := self._shown_error():
            raise StepFailed(f"the ballot was refused: {error}")
        if not saved:
            raise StepFailed("the kernel handled the submit without showing \"Your ballot is saved\"")
        self.t_confirmed = time.monotonic()

    async def _contribute(self, text: str) -> None:
        boxes = await self._until(lambda: self._find("Textarea", css="wb-contribution-input"),
                                  "the contribution box")
        mine = lambda: sum('class="wb-mine"' in m for m in self._html())   # noqa: E731  (own ones listed)
        before = mine()
        await self._set(boxes[0], "typing", value=text)
        add = self._find("Button", description="Add")
        if not add:
            raise StepFailed("no \"Add\" button under the contribution box")

        def saved():
            return any("Saved. You may add another." in m for m in self._html()) and mine() > before
        self.t_action = time.monotonic()
        shown = await self._tap(add[0], "Add", lambda: saved() or self._shown_error())
        if error := self._shown_error():
            raise StepFailed(f"the contribution was refused: {error}")
        if not shown:
            raise StepFailed("the kernel handled Add without showing the contribution as saved")
        self.t_confirmed = time.monotonic()
