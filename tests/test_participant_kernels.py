"""Participant kernels stay light: each participant app's code cells run in a real kernel
(against the demo database in $WORKBENCH_DB, opened with a join code from the link), and the
kernel then holds no pandas, plotting, machine-learning or server library."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from workbench.store import Store

APPS = Path(__file__).resolve().parents[1] / "apps"
HEAVY = ("pandas", "numpy", "matplotlib", "sklearn", "scipy", "plotly", "voila.app",
         "jupyter_server", "nbconvert")
KIND = {"plan": None, "visioning": "visioning", "feedback": "feedback", "vote": "poll"}


def demo_code(kind: str | None) -> str:
    if kind is None:
        return ""
    with Store.open(os.environ["WORKBENCH_DB"]) as store:
        row = store.db.execute("SELECT code FROM sessions WHERE kind = ? ORDER BY id LIMIT 1", [kind]).fetchone()
    return row[0] if row else ""


def run_cells(app: str, query: str) -> list[str]:
    """Run ``app``'s code cells in a fresh python3 kernel; return its sorted(sys.modules)."""
    from jupyter_client.manager import start_new_kernel
    cells = [cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
             for cell in json.loads((APPS / f"{app}.ipynb").read_text())["cells"]
             if cell["cell_type"] == "code"]
    env = {**os.environ, "QUERY_STRING": query}
    env.pop("VOILA_PREHEAT", None)
    manager, client = start_new_kernel(kernel_name="python3", env=env)
    try:
        for code in cells:
            reply = client.execute_interactive(code, timeout=120)
            assert reply["content"]["status"] == "ok", reply["content"]
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


@pytest.mark.parametrize("app", sorted(KIND))
def test_participant_app_kernel_imports_nothing_heavy(app):
    code = demo_code(KIND[app])
    modules = run_cells(app, f"code={code}&lang=en" if code else "lang=en")
    assert "workbench" in modules and "ipywidgets" in modules
    heavy = sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))
    assert heavy == [], f"{app}: {heavy}"
