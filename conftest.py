"""Test-wide setup.

- Notebooks and app notebooks (run by nbval) read a fresh demo database. The kernels nbval
  starts inherit this process's environment, so ``WORKBENCH_DB`` is set before any notebook
  runs. Unit tests open their own databases in ``tmp_path`` and are unaffected.
- The facilitator app notebooks run with a facilitator key (``key=…`` in ``QUERY_STRING``, its
  hash in :data:`workbench.core.access.FACILITATOR_ENV`, given to their kernels only), so that
  their real screens execute; a cell that shows the refusal page instead fails.
- A skipped (or xfailed) test fails the run: a test that cannot run has not passed.
"""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
#: The app notebooks that open only with the facilitator key (``workbench.ui.page.facilitator_app``).
FACILITATOR_APPS = {ROOT / "apps" / f"{name}.ipynb" for name in ("facilitator", "triage", "polls", "tracker_update")}


def pytest_configure(config):
    _skipped.clear()
    if os.environ.get("WORKBENCH_TEST_DB"):
        os.environ["WORKBENCH_DB"] = os.environ["WORKBENCH_TEST_DB"]
        return
    from workbench.demo import build_demo
    from workbench.store import Store
    folder = Path(tempfile.mkdtemp(prefix="workbench-tests-"))
    path = folder / "demo.db"
    with Store.open(path) as store:
        build_demo(store)
    os.environ["WORKBENCH_DB"] = os.environ["WORKBENCH_TEST_DB"] = str(path)


# -- the facilitator app notebooks, with the key ----------------------------------------------
def _facilitator_notebook(item) -> bool:
    path = getattr(item, "path", None)
    return type(item).__name__ == "IPyNbCell" and path is not None and Path(path).resolve() in FACILITATOR_APPS


@contextmanager
def _facilitator_environment():
    """``QUERY_STRING=key=…`` and the key's hash, as ``workbench serve`` gives a kernel whose page
    came with the facilitator link; put back as they were afterwards."""
    from workbench.core.access import FACILITATOR_ENV, key_hash, new_key
    key = new_key()
    wanted = {"QUERY_STRING": f"key={key}", FACILITATOR_ENV: key_hash(key)}
    saved = {name: os.environ.get(name) for name in wanted}
    os.environ.update(wanted)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    """nbval starts a notebook's kernel in the set-up of its first cell: a facilitator app's
    kernel starts with the key in its environment (and only that kernel)."""
    if not _facilitator_notebook(item):
        return (yield)
    with _facilitator_environment():
        return (yield)


#: Run in a facilitator app's kernel after its cell: what the cell showed (IPython's ``_``) must
#: be the app's screen (with controls), not the refusal page, in any language.
CHECK_SCREEN = """
def _wb_check_screen(screen):
    import ipywidgets
    from workbench.core.i18n import LANGUAGES
    from workbench.ui.page import facilitator_refusal
    assert isinstance(screen, ipywidgets.Widget), f"the cell showed {type(screen).__name__}, not a screen"
    refusals = {facilitator_refusal({}, language).children[-1].value for language in LANGUAGES}
    shown, todo = [], [screen]
    while todo:
        widget = todo.pop()
        shown.append(widget)
        todo.extend(getattr(widget, "children", ()))
    assert not any(isinstance(getattr(w, "value", None), str) and w.value in refusals for w in shown), (
        "it showed the page for people without the facilitator key, not its screen")
    assert any(isinstance(w, ipywidgets.Button) for w in shown), "its screen has no control"
_wb_check_screen(_)
del _wb_check_screen
"""


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """A facilitator app's cell that builds the app must show its screen, not the refusal page."""
    result = yield
    if _facilitator_notebook(item) and ".build()" in item.cell.source:
        reply = item.parent.kernel.kc.execute_interactive(
            CHECK_SCREEN, store_history=False, allow_stdin=False, timeout=120, output_hook=lambda _: None)
        if reply["content"]["status"] != "ok":
            pytest.fail(f"{Path(item.path).name}, cell {item.cell_num}: {reply['content'].get('ename')}: "
                        f"{reply['content'].get('evalue')}", pytrace=False)
    return result


# -- a skipped test fails the run -------------------------------------------------------------
_skipped: list[str] = []   # "node id: reason" of every test (or file) skipped in this run


def _note_skip(report) -> None:
    if not report.skipped:
        return
    if hasattr(report, "wasxfail"):
        why = f"xfail {report.wasxfail}".strip()
    elif isinstance(report.longrepr, tuple):   # (file, line, "Skipped: reason")
        why = report.longrepr[2]
    else:
        why = str(report.longrepr)
    _skipped.append(f"{report.nodeid}: {why}")


def pytest_runtest_logreport(report):
    _note_skip(report)


def pytest_collectreport(report):
    _note_skip(report)


def pytest_sessionfinish(session, exitstatus):
    if _skipped and exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter):
    if _skipped:
        terminalreporter.section("skipped tests fail this run", sep="=", red=True, bold=True)
        terminalreporter.line(f"{len(_skipped)} did not run (skipped or xfailed), so this run fails: every "
                              "test must run (`make test` installs the `test` extra and Chromium)", red=True)
        for line in _skipped:
            terminalreporter.line(f"SKIPPED {line}", red=True)
