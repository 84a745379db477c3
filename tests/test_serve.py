"""Serving a meeting without a browser: pool sizes, the ceiling, the refusal of an oversize
``--expect``, remembered return codes, and the clean-up after a server that died."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.cli import main
from workbench.core.errors import WorkbenchError
from workbench.serve import FACILITATOR_APPS, PARTICIPANT_APPS, plan_meeting, write_config
from workbench.serve.capacity import PARTICIPANT_KERNEL_MB, capacity
from workbench.serve.kernels import live_kinds, pool_targets
from workbench.serve.leftovers import clean_runtime, runtime_dir, take_lock
from workbench.core.i18n import accepted_language
from workbench.serve.messages import all_page_messages, full_page
from workbench.ui.page import remember_html, remembered_codes
from workbench.store import Store
from workbench.participation.store.sessions import add_session

NOTEBOOKS = ["facilitator.ipynb", "feedback.ipynb", "plan.ipynb", "polls.ipynb", "visioning.ipynb",
             "vote.ipynb"]


def test_pools_follow_what_is_live():
    participant = list(PARTICIPANT_APPS)
    assert pool_targets(NOTEBOOKS, participant, 20, [], set()) == dict.fromkeys(NOTEBOOKS, 1)
    live = pool_targets(NOTEBOOKS, participant, 20, [], {"poll", "visioning"})
    assert live["vote.ipynb"] == live["visioning.ipynb"] == 20
    assert live["feedback.ipynb"] == live["plan.ipynb"] == live["polls.ipynb"] == 1
    chosen = pool_targets(NOTEBOOKS, participant, 20, ["feedback.ipynb"], {"poll"})
    assert chosen["feedback.ipynb"] == 20 and chosen["vote.ipynb"] == 1


def test_live_kinds_read_the_sessions_that_are_not_closed(tmp_path):
    db = tmp_path / "live.db"
    with Store.open(db) as store:
        assert live_kinds(str(db)) == set()
        session = add_session(store, "poll", {"en": "A poll"})
        add_session(store, "visioning", {"en": "Made up"}, synthetic=True)
        assert live_kinds(str(db)) == {"poll"}
        with store.transaction() as conn:
            conn.execute("UPDATE sessions SET phase = 'closed' WHERE id = ?", [session["id"]])
        assert live_kinds(str(db)) == set()
    assert live_kinds(str(tmp_path / "missing.db")) == set()


def test_the_ceiling_comes_from_memory():
    assert capacity(4, memory_mb=24_000).participants == (24_000 - 1536 - 4 * 250) // PARTICIPANT_KERNEL_MB
    assert capacity(4, memory_mb=500).participants == 0


def test_an_expect_the_machine_cannot_hold_is_refused_with_the_number_it_can(tmp_path):
    db = tmp_path / "meeting.db"
    Store.open(db).close()
    held = capacity(len(FACILITATOR_APPS)).participants
    with pytest.raises(WorkbenchError, match=r"this machine holds (\d+) participants.*use --expect \d+ or less"):
        plan_meeting(db, held + 1, ("vote.ipynb",))
    plan = plan_meeting(db, 5, ("vote.ipynb",))
    assert plan.pools["vote.ipynb"] == 5 and plan.max_participants == held
    with pytest.raises(WorkbenchError, match="unknown app"):
        plan_meeting(db, 5, ("facilitator.ipynb",))
    result = CliRunner().invoke(main, ["serve", "--db", str(db), "--expect", "1000", "--apps", "vote"])
    assert result.exit_code == 1
    assert "this machine holds" in result.output and "use --expect" in result.output


def test_the_config_carries_pools_ceiling_and_messages(tmp_path):
    from workbench.serve import ServeSecrets
    db = tmp_path / "meeting.db"
    Store.open(db).close()
    plan = plan_meeting(db, 3, ("vote.ipynb",), max_participants=7, grace=15)
    text = write_config(tmp_path, ServeSecrets("t", "ab" * 32), plan, db).read_text()
    assert "c.MeetingKernelManager.max_participants = 7" in text
    assert "c.MeetingKernelManager.grace = 15" in text
    assert "'vote.ipynb': {'pool_size': 3}" in text
    assert "Tunaandaa ukurasa wako" in text   # the loading words, in Swahili too
    assert "'icons': '" in text               # the version in the link to the icons


def test_page_words_exist_in_every_language_and_the_full_page_speaks_them():
    messages = all_page_messages()
    assert set(messages) == {"sw", "en", "es", "fr", "pt"}
    for language, words in messages.items():
        if language != "en":
            assert words["loading"] != messages["en"]["loading"], language
    page = full_page("sw")
    assert "Mkutano umejaa" in page and 'http-equiv="refresh"' in page and 'lang="sw"' in page
    assert accepted_language(None, "sw-TZ,sw;q=0.9,en;q=0.5") == "sw"
    assert accepted_language("pt", "sw") == "pt"


def test_a_return_code_is_remembered_per_session_and_can_be_forgotten(monkeypatch):
    monkeypatch.setenv("HTTP_COOKIE", 'username-x="2|1:0|10:abc"; wb_K7QX4R=K7QX-4RMA; _xsrf=2|x')
    assert remembered_codes() == {"K7QX4R": "K7QX-4RMA"}
    assert "HTTP_COOKIE" not in os.environ   # the login cookie does not stay in the kernel
    assert remembered_codes() == {}
    assert 'data-wb-remember="wb_K7QX4R"' in remember_html("K7QX4R", "K7QX-4RMA")
    assert 'data-wb-max-age="0"' in remember_html("K7QX4R", None)
    assert "<script" not in remember_html('"><script>', '"><script>')


def test_a_second_server_on_the_same_database_is_refused(tmp_path):
    fd = take_lock(tmp_path)
    try:
        with pytest.raises(WorkbenchError, match="another `workbench serve`"):
            child = subprocess.run(
                [sys.executable, "-c", "import sys; from pathlib import Path; "
                 "from workbench.serve.leftovers import take_lock; take_lock(Path(sys.argv[1]))", str(tmp_path)],
                capture_output=True, text=True)
            if child.returncode:
                raise WorkbenchError(child.stderr.strip().splitlines()[-1])
    finally:
        os.close(fd)


def test_kernels_and_files_a_dead_server_left_are_ended_and_removed(tmp_path):
    runtime = runtime_dir(tmp_path)
    assert len(str(runtime / "voila_abcdefgh" / ("kernel-" + "0" * 36 + "-ipc-4"))) < 107
    folder = runtime / "voila_deadbeef"
    folder.mkdir()
    connection = folder / "kernel-1234.json"
    connection.write_text("{}")
    (folder / "kernel-1234-ipc-1").write_text("")
    orphan = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", "-f", str(connection)])
    started = Path(f"/proc/{orphan.pid}/cmdline")
    for _ in range(500):   # until it runs its own command (right after the fork it shows ours)
        if str(connection).encode() in started.read_bytes():
            break
        time.sleep(0.01)
    try:
        ended, removed = clean_runtime(runtime)
        assert ended == 1 and removed == 2
        assert orphan.wait(timeout=5) is not None
        assert not folder.exists()
    finally:
        if orphan.poll() is None:
            orphan.kill()
    assert clean_runtime(runtime) == (0, 0)


def test_facilitators_see_people_connected_of_what_the_server_holds(tmp_path, monkeypatch):
    import json

    import ipywidgets as widgets

    from workbench.ui.page import STATUS_ENV, kernel_status_text, with_kernel_status
    assert kernel_status_text("en", None) == ""
    status = {"participants_in_use": 12, "participants_max": 268, "preheated_ready": 30}
    assert "12 of the 268" in kernel_status_text("en", status)
    path = tmp_path / "kernels.json"
    path.write_text(json.dumps(status))
    monkeypatch.setenv(STATUS_ENV, str(path))
    screen = with_kernel_status(widgets.VBox([widgets.HTML("app")]), "sw")
    assert "268" in screen.children[0].value and len(screen.children) == 2


def test_with_several_servers_facilitators_see_the_whole_meeting(tmp_path, monkeypatch):
    """serve --workers: each server writes its own status; a facilitator on any of them sees
    everyone; a server that stopped writing (over 30 s) is left out."""
    import json
    import os
    import time

    from workbench.ui.page import STATUS_ENV, kernel_status_text, read_kernel_status
    for n, (used, most, ready) in enumerate([(12, 100, 5), (9, 100, 6), (50, 100, 0)], start=1):
        (tmp_path / f"worker-{n}").mkdir()
        (tmp_path / f"worker-{n}" / "kernels.json").write_text(json.dumps(
            {"participants_in_use": used, "participants_max": most, "preheated_ready": ready}))
    old = time.time() - 120
    os.utime(tmp_path / "worker-3" / "kernels.json", (old, old))       # stopped two minutes ago
    monkeypatch.setenv(STATUS_ENV, str(tmp_path / "worker-2" / "kernels.json"))
    status = read_kernel_status()
    assert (status["participants_in_use"], status["participants_max"], status["preheated_ready"],
            status["servers"]) == (21, 200, 11, 2)
    assert "21 of the 200 that the 2 servers of this meeting hold" in kernel_status_text("en", status)
    assert "21" in kernel_status_text("sw", status) and "200" in kernel_status_text("sw", status)


def test_a_join_code_leads_to_its_app_and_the_home_page_escapes_what_was_typed(tmp_path):
    from workbench.serve.home import home_page, join_target
    db = tmp_path / "home.db"
    with Store.open(db) as store:
        poll = add_session(store, "poll", {"en": "A poll"})
        vision = add_session(store, "visioning", {"en": "A workshop"})
    link, problem = join_target(str(db), "/", poll["code"].lower(), "sw")
    assert link == f"/voila/render/vote.ipynb?code={poll['code']}&lang=sw" and problem == ""
    assert join_target(str(db), "/", vision["code"], "en")[0].startswith("/voila/render/visioning.ipynb?")
    assert join_target(str(db), "/", "K7QX4R" if poll["code"] != "K7QX4R" else "K7QX4S", "en") == (None, "unknown")
    assert join_target(str(db), "/", "<b>", "en") == (None, "malformed")
    page = home_page("/", "sw", code='"><script>alert(1)</script>', problem="unknown")
    assert "<script>" not in page and "facilitator" not in page and 'lang="sw"' in page


def test_every_icon_the_apps_name_is_served_by_the_server():
    from workbench.serve.icons import ICONS_CSS, WIDGET_ICONS, icons_in_css, icons_in_source
    named = icons_in_source()
    assert {"plus", "user", "refresh"} <= named
    assert named | set(WIDGET_ICONS) <= icons_in_css(), "run `python -m workbench.serve.icons`"
    css = ICONS_CSS.read_text()
    assert "http" not in css.replace("https://fontawesome.com", "")   # the font is inside it
    assert len(css.encode()) < 8_000


def _request(method="GET", path="/voila/static/x.js", accept="gzip, deflate"):
    from types import SimpleNamespace

    from tornado.httputil import HTTPHeaders
    return SimpleNamespace(method=method, path=path, headers=HTTPHeaders({"Accept-Encoding": accept}))


def _headers(content_type="text/javascript", **more):
    from tornado.httputil import HTTPHeaders
    headers = HTTPHeaders({"Content-Type": content_type})
    for name, value in more.items():
        headers[name.replace("_", "-")] = value
    return headers


def test_a_streamed_page_is_gzipped_as_it_goes():
    import zlib

    from workbench.serve.compress import CompressedResponse
    transform = CompressedResponse(_request(path="/voila/render/vote.ipynb"))
    first = b"<html><p>Loading</p>" * 10
    status, headers, out = transform.transform_first_chunk(200, _headers("text/html; charset=UTF-8"), first, False)
    assert headers["Content-Encoding"] == "gzip" and headers["Vary"] == "Accept-Encoding"
    reader = zlib.decompressobj(16 + zlib.MAX_WBITS)
    assert reader.decompress(out) == first      # flushed: the loading screen shows at once
    last = b"<div>the app</div></html>" * 100
    assert reader.decompress(transform.transform_chunk(last, True)) == last and reader.eof


def test_a_static_file_is_compressed_once_and_then_sent_from_memory():
    import gzip

    from workbench.serve.compress import CompressedCache, CompressedResponse
    body = b"function f(){return 42}\n" * 4000
    chunks = [body[:65536], body[65536:]]

    def send(transform):
        headers = _headers(Last_Modified="Sat, 30 Nov 2024 07:40:00 GMT", Content_Length=str(len(body)))
        status, headers, out = transform.transform_first_chunk(200, headers, chunks[0], False)
        out += transform.transform_chunk(chunks[1], False) + transform.transform_chunk(b"", True)
        return headers, out

    shared, CompressedResponse.cache = CompressedResponse.cache, CompressedCache(limit=1_000_000)
    cache = CompressedResponse.cache
    try:
        headers, first = send(CompressedResponse(_request()))
        assert "Content-Length" not in headers and gzip.decompress(first) == body and len(cache) == 1
        headers, again = send(CompressedResponse(_request()))
        assert again == first and headers["Content-Length"] == str(len(first))
        assert len(first) < len(body) / 20
    finally:
        CompressedResponse.cache = shared


def test_what_is_not_compressed():
    from workbench.serve.compress import CompressedResponse
    big = b"x" * 5000
    cases = [
        (_request(), 101, _headers(), b"", True),                        # a WebSocket's upgrade
        (_request(), 304, _headers(), b"", True),                        # not modified
        (_request(), 206, _headers(Content_Range="bytes 0-99/5000"), big, True),
        (_request(method="HEAD"), 200, _headers(), b"", True),
        (_request(), 200, _headers("image/png"), big, True),             # compressed already
        (_request(), 200, _headers("font/woff2"), big, True),
        (_request(), 200, _headers("application/json"), b"{}", True),   # too small to gain
        (_request(accept="identity"), 200, _headers(), big, True),
    ]
    for request, status, headers, chunk, finishing in cases:
        transform = CompressedResponse(request)
        _, out_headers, out = transform.transform_first_chunk(status, headers, chunk, finishing)
        assert "Content-Encoding" not in out_headers and out == chunk, (status, headers)
        assert transform.transform_chunk(b"more", True) == b"more"


def test_versioned_files_are_kept_a_year_and_the_front_end_tag_follows_its_files(tmp_path):
    from workbench.serve.static import IMMUTABLE, SHORT, cache_control, static_tag
    assert cache_control("/voila/static/v-0123456789ab/1807.voila.js", {}, versioned=True) == IMMUTABLE
    assert cache_control("/voila/labextensions/a/static/718.a7a3f80ef4813fab.js", {"v": [b"a7a3"]}) == IMMUTABLE
    assert cache_control("/voila/static/1807.voila.js", {}) == SHORT
    (tmp_path / "voila.js").write_text("one")
    tag = static_tag([str(tmp_path)], "0.5.13")
    assert tag == static_tag([str(tmp_path)], "0.5.13") and len(tag) == 12
    assert static_tag([str(tmp_path)], "0.5.14") != tag
    (tmp_path / "voila.js").write_text("three")
    assert static_tag([str(tmp_path)], "0.5.13") != tag


def test_the_server_reads_live_kinds_and_join_codes_on_either_engine(fresh_store):
    from workbench.serve.database import MeetingDatabase
    from workbench.serve.home import join_target
    target = fresh_store.target
    poll = add_session(fresh_store, "poll", {"en": "A poll"})
    add_session(fresh_store, "visioning", {"en": "Made up"}, synthetic=True)
    assert live_kinds(target) == {"poll"}
    database = MeetingDatabase(target)
    try:
        assert live_kinds(database) == {"poll"}
        assert join_target(database, "/", poll["code"], "en")[0] == f"/voila/render/vote.ipynb?code={poll['code']}&lang=en"
        assert join_target(database, "/", "K7QX4R" if poll["code"] != "K7QX4R" else "K7QX4S", "en") == (None, "unknown")
        with fresh_store.transaction() as conn:
            conn.execute("UPDATE sessions SET phase = 'closed' WHERE id = ?", [poll["id"]])
        assert live_kinds(database) == set()          # the same connection sees the change
        database._store.db.conn.close()               # a connection that went bad is reopened
        assert live_kinds(database) == set()
    finally:
        database.close()


def test_the_state_folder_of_a_postgresql_database_is_found_by_serve_and_facilitator_add(tmp_path, monkeypatch):
    from workbench.serve import load_secrets
    from workbench.serve.database import state_folder
    assert state_folder(tmp_path / "a.db") == tmp_path / "serve"
    assert state_folder("postgresql://x@/a", tmp_path / "chosen") == tmp_path / "chosen"
    one = state_folder("postgresql://wb:one@db.example.org/meeting")
    assert one == state_folder("postgresql://wb:two@db.example.org/meeting")    # the password aside
    assert one != state_folder("postgresql://wb@db.example.org/other")
    assert one.name.startswith("serve-meeting-") and "example" not in one.name
    # `facilitator add` prints links with the token `serve` keeps in the state folder
    db = tmp_path / "meeting.db"
    token = load_secrets(state_folder(db)).token
    result = CliRunner().invoke(main, ["facilitator", "add", "Amina", "--db", str(db)])
    assert result.exit_code == 0 and f"token={token}&key=" in result.output
    chosen = tmp_path / "elsewhere"
    token = load_secrets(chosen).token
    result = CliRunner().invoke(main, ["facilitator", "add", "Baraka", "--db", str(db), "--state-dir", str(chosen)])
    assert result.exit_code == 0 and f"token={token}&key=" in result.output


def test_a_plan_is_shared_out_between_workers(tmp_path):
    db = tmp_path / "meeting.db"
    Store.open(db).close()
    plan = plan_meeting(db, 9, ("vote.ipynb",), max_participants=100)
    each = plan.per_worker(2)
    assert each.pools["vote.ipynb"] == 5 and each.pools["plan.ipynb"] == 1
    assert each.max_participants == 50 and each.expect == 5 and each.grace == plan.grace
    assert plan.per_worker(1) is plan


def test_the_nginx_configuration_keeps_each_browser_on_its_server(tmp_path):
    from workbench.serve.proxy import COOKIE, Upstream, local_upstreams, nginx_config
    upstreams = local_upstreams(8866, 2)
    text = nginx_config("0.0.0.0:8866", upstreams, tmp_path)
    assert "listen 0.0.0.0:8866;" in text
    assert "upstream workers {\n        server 127.0.0.1:8867;\n        server 127.0.0.1:8868;\n    }" in text
    assert "server 127.0.0.1:8868 backup;" in text and "server 127.0.0.1:8867 backup;" in text
    assert f"map $cookie_{COOKIE} $workbench_upstream" in text and "default workers;" in text
    assert "proxy_pass http://$workbench_upstream;" in text
    assert f'{COOKIE}=w2; Path=/; HttpOnly; SameSite=Lax' in text and r"127\.0\.0\.1:8868$" in text
    for needed in ("proxy_http_version 1.1;", "proxy_set_header Upgrade $http_upgrade;",
                   "proxy_set_header Connection $workbench_connection;", "proxy_set_header Host $http_host;",
                   "proxy_read_timeout 1d;", "proxy_buffering off;"):
        assert needed in text, needed
    assert f"pid {tmp_path / 'nginx.pid'};" in text and str(tmp_path / "nginx-error.log") in text
    hosts = nginx_config("443", [Upstream("a", "10.0.0.1:8866"), Upstream("b", "10.0.0.2:8866")], tmp_path,
                         standalone=False)
    assert hosts.startswith("# Which server") and "pid " not in hosts and "server 10.0.0.2:8866 backup;" in hosts
    with pytest.raises(WorkbenchError, match="same address"):
        nginx_config("80", [Upstream("a", "h:1"), Upstream("b", "h:1")], tmp_path)
    with pytest.raises(WorkbenchError, match="distinct"):
        nginx_config("80", [Upstream("a", "h:1"), Upstream("a", "h:2")], tmp_path)
    with pytest.raises(WorkbenchError, match="not usable"):
        nginx_config("80; include /etc/passwd", upstreams, tmp_path)


def test_nginx_accepts_the_configuration_and_refusals_say_what_to_do(tmp_path, monkeypatch):
    import shutil

    from workbench.serve import proxy
    if not (shutil.which("nginx") or any(os.access(p, os.X_OK) for p in proxy.NGINX_PLACES)):
        pytest.fail("nginx is not installed: `make test` installs it (make nginx)")
    path = proxy.write_nginx(tmp_path, "127.0.0.1:18866", proxy.local_upstreams(18866, 3))   # runs nginx -t
    assert "upstream w3 {" in path.read_text()
    db = tmp_path / "meeting.db"
    result = CliRunner().invoke(main, ["serve", "--db", str(db), "--workers", "2"])
    assert result.exit_code == 1 and "--workers 2 needs a PostgreSQL database" in result.output
    assert "workbench copy" in result.output and not db.exists()    # refused before the file is made
    monkeypatch.setattr(proxy.shutil, "which", lambda name: None)
    monkeypatch.setattr(proxy, "NGINX_PLACES", ())
    with pytest.raises(WorkbenchError, match="apt-get install nginx"):
        proxy.find_nginx()


def test_the_servers_are_ended_together(tmp_path):
    import signal
    import threading

    from workbench.serve.proxy import supervise
    sleeper = [sys.executable, "-c", "import time; time.sleep(60)"]
    env = dict(os.environ)
    timer = threading.Timer(1.0, os.kill, (os.getpid(), signal.SIGTERM))
    timer.start()
    started = time.monotonic()
    assert supervise([("w1", sleeper, env, ()), ("w2", sleeper, env, ())], grace=5) == 0   # asked to stop
    assert time.monotonic() - started < 10
    quitter = [sys.executable, "-c", "import sys; sys.exit(3)"]
    started = time.monotonic()
    assert supervise([("w1", sleeper, env, ()), ("w2", quitter, env, ())], grace=5) == 1   # one ended
    assert time.monotonic() - started < 10


def test_the_nginx_configuration_in_the_deployment_guide_is_the_one_generated():
    from workbench.serve.proxy import Upstream, nginx_config
    guide = (Path(__file__).resolve().parents[1] / "docs" / "deploy.md").read_text()
    shown = guide.split("<!-- generated by workbench.serve.proxy.nginx_config")[1].split("```nginx\n")[1].split("```")[0]
    expected = nginx_config("80", [Upstream("host1", "10.0.0.11:8866"), Upstream("host2", "10.0.0.12:8866")],
                            Path("/var/log/nginx"), standalone=False, server_name="plan.example.org")
    assert shown == expected, "regenerate the block in docs/deploy.md"


def test_the_servers_end_when_serve_itself_is_killed(tmp_path):
    import signal
    mark = tmp_path / "child.pid"
    child = f"import os, time; open({str(mark)!r}, 'w').write(str(os.getpid())); time.sleep(60)"
    serve = subprocess.Popen([sys.executable, "-c",
                              "import os, sys; from workbench.serve.proxy import supervise; "
                              f"supervise([('w1', [sys.executable, '-c', {child!r}], dict(os.environ), ())])"])
    try:
        for _ in range(300):
            if mark.exists() and mark.read_text():
                break
            time.sleep(0.05)
        pid = int(mark.read_text())
        serve.send_signal(signal.SIGKILL)                # no chance to end its children itself
        serve.wait(timeout=10)
        for _ in range(100):
            if not Path(f"/proc/{pid}").exists() or " Z " in Path(f"/proc/{pid}/stat").read_text():
                break
            time.sleep(0.05)
        else:
            os.kill(pid, signal.SIGKILL)
            pytest.fail("a server outlived the serve that started it")
    finally:
        if serve.poll() is None:
            serve.kill()
