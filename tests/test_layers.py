"""The dependency rule: the core imports no widgets; participant screens import nothing heavy."""
from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("pandas", "numpy", "matplotlib", "sklearn", "scipy", "plotly", "voila", "jupyter_server", "nbconvert")


def modules_after(statement: str) -> set[str]:
    code = f"import sys\n{statement}\nprint('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


@pytest.mark.parametrize("module", ["workbench.plan.model", "workbench.plan.files", "workbench.plan.views",
                                    "workbench.store", "workbench.plan.store.plans", "workbench.demo"])
def test_core_and_store_import_no_widget_library(module):
    loaded = modules_after(f"import {module}")
    assert "ipywidgets" not in loaded and not loaded & set(HEAVY)


def test_plan_browser_screen_is_light():
    loaded = modules_after("from workbench.plan import screens\n"
                           "from workbench.ui.page import query_params\nquery_params()")
    assert not loaded & set(HEAVY), loaded & set(HEAVY)
