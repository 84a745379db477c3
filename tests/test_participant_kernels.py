"""Participant kernels stay light: each participant app's code cells run in a real kernel
against a copy of the demo database in $WORKBENCH_DB, opened with the join code of a session
that can be joined, and the kernel then holds no pandas, plotting, machine-learning or server
library. Each app is checked on two pages, and the test makes sure the kernel really reached
it (a wrong or closed code would leave it on the join screen):

- ``link``: the page a phone opens from the link: the code is accepted, she chooses a language;
- ``joined``: the app's own screen, for a person who joined earlier (the return code her phone
  remembers, as ``workbench serve`` passes the page's cookies to the kernel).
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from workbench.feedback.store.comments import list_feedback_sessions, update_session_phase
from workbench.participation.privacy import SYNTHETIC_CONSENT
from workbench.participation.rules import JoinAnswers
from workbench.participation.store.participants import join_session
from workbench.participation.store.return_codes import issue_return_code
from workbench.store import Store
from workbench.store.backup import backup
from workbench.ui.page import REMEMBER_PREFIX

APPS = Path(__file__).resolve().parents[1] / "apps"
HEAVY = ("pandas", "numpy", "matplotlib", "sklearn", "scipy", "plotly", "voila.app",
         "jupyter_server", "nbconvert")
KIND = {"plan": None, "visioning": "visioning", "feedback": "feedback", "vote": "poll"}
#: Allowed on the ``joined`` page only: the vote screen loads the counting methods' ballot parser
#: (workbench.voting, on numpy) once the person has joined (see VoteScreen._joined).
JOINED_ALLOWS = {"vote": ("numpy",)}

#: Run in the kernel after the app's cells: what the last cell showed (IPython's ``_``) is on
#: the page expected (``{step}``: the join panel's step; ``None``: an app without joining).
ON_PAGE = """
screen, step = _, {step!r}
if step is None:
    assert not hasattr(screen, "join"), type(screen).__name__
else:
    shown = [child.value for child in screen.join.children if hasattr(child, "value")]
    assert screen.join.step == step, f"the join panel is on {{screen.join.step!r}}, not {{step!r}}: {{shown}}"
    assert screen.join.session is not None
    assert (screen.participant is not None) == (step == "done"), screen.participant
"""


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """A copy of the demo database in which each kind of session has one that can be joined
    (the demo's feedback sessions are all closed: the last one is opened again)."""
    path = tmp_path_factory.mktemp("kernels") / "demo.db"
    with Store.open(os.environ["WORKBENCH_DB"]) as store:
        backup(store, path)
    with Store.open(path) as store:
        closed = [s for s in list_feedback_sessions(store) if s["phase"] == "closed" and not s["round"]["closed"]]
        if closed and not joinable(store, "feedback"):
            update_session_phase(store, closed[-1]["id"], "open")
    return path


def joinable(store: Store, kind: str) -> dict | None:
    """The newest session of ``kind`` a person can join now (not a draft, not closed)."""
    row = store.db.execute("SELECT id, code, consent_version FROM sessions WHERE kind = ? "
                           "AND phase NOT IN ('draft', 'closed') ORDER BY id DESC LIMIT 1", [kind]).fetchone()
    return dict(zip(("id", "code", "consent_version"), row)) if row else None


def page_request(db: Path, app: str, page: str) -> dict[str, str]:
    """The page request's environment for ``app`` on ``page`` (``QUERY_STRING``, and for
    ``joined`` the phone's cookie with the return code of a person who joined)."""
    if KIND[app] is None:
        return {"QUERY_STRING": "lang=en"}
    with Store.open(db) as store:
        session = joinable(store, KIND[app])
        assert session is not None, f"the demo database has no {KIND[app]} session that can be joined"
        request = {"QUERY_STRING": f"code={session['code']}&lang=en"}
        if page == "joined":
            person = join_session(store, session["id"], JoinAnswers(f"Kernel test {app}", "en",
                                                                     session["consent_version"], SYNTHETIC_CONSENT))
            request["HTTP_COOKIE"] = f"{REMEMBER_PREFIX}{session['code']}={issue_return_code(store, person['id'])}"
    return request


def run_cells(app: str, request: dict[str, str], db: Path, step: str | None) -> list[str]:
    """Run ``app``'s code cells in a fresh python3 kernel for the page ``request`` on ``db``;
    check the kernel shows the page expected (``step``); return its sorted(sys.modules)."""
    from jupyter_client.manager import start_new_kernel
    cells = [cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
             for cell in json.loads((APPS / f"{app}.ipynb").read_text())["cells"]
             if cell["cell_type"] == "code"]
    env = {**os.environ, **request, "WORKBENCH_DB": str(db)}
    env.pop("VOILA_PREHEAT", None)
    manager, client = start_new_kernel(kernel_name="python3", env=env)
    try:
        for code in cells:
            reply = client.execute_interactive(code, timeout=120)
            assert reply["content"]["status"] == "ok", reply["content"]
        reply = client.execute_interactive(ON_PAGE.format(step=step), timeout=60, store_history=False,
                                           output_hook=lambda _message: None)
        assert reply["content"]["status"] == "ok", f"{app}: {reply['content'].get('evalue')}"
        found: list[str] = []

        def keep(message):
            if message["msg_type"] == "stream":
                found.append(message["content"]["text"])
        client.execute_interactive("import json, sys; print(json.dumps(sorted(sys.modules)))",
                                   timeout=60, output_hook=keep)
        return json.loads("".join(found))
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


PAGES = [("plan", "page")] + [(app, page) for app in sorted(KIND) if KIND[app] for page in ("link", "joined")]


@pytest.mark.parametrize("app, page", PAGES)
def test_participant_app_kernel_imports_nothing_heavy(demo, app, page):
    step = {"page": None, "link": "language", "joined": "done"}[page]
    modules = run_cells(app, page_request(demo, app, page), demo, step)
    assert "workbench" in modules and "ipywidgets" in modules
    allowed = JOINED_ALLOWS.get(app, ()) if page == "joined" else ()
    heavy = sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY if h not in allowed))
    assert heavy == [], f"{app} ({page}): {heavy}"
