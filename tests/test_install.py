"""A plain install works: a wheel installed into a fresh virtual environment finds its apps and
its data, and keeps its database in the user's data folder, from any folder.

The wheel is built from a copy of the sources (so the checkout gets no ``build/`` folder), and
installed with ``--no-deps`` into a virtual environment that reuses the installed packages
(``--system-site-packages``): the dependencies are not downloaded again, so this takes seconds.
Every command runs from another temporary folder, with ``HOME`` and ``XDG_DATA_HOME`` of its own.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.test_vision_cli import write_planted

ROOT = Path(__file__).resolve().parents[1]
#: What a build needs from the checkout (the rest is tests, docs and tooling).
SOURCES = ("pyproject.toml", "README.md", "workbench", "apps", "data")


def run(command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, **kwargs)
    assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A virtual environment with the wheel installed, the environment to run it in, and the
    folder commands run from: ``(bin, env, cwd, data_home)``."""
    base = tmp_path_factory.mktemp("install")
    source = base / "source"
    source.mkdir()
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns(
                "__pycache__", "*.egg-info", ".ipynb_checkpoints", "build", "dist"))
        else:
            shutil.copy2(path, source / name)
    wheels = base / "wheels"
    build = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(wheels), str(source)]
    if int(version("setuptools").split(".")[0]) >= 68:   # the build backend is here already
        build.insert(4, "--no-build-isolation")
    run(build, cwd=base)
    wheel, = wheels.glob("planning_workbench-*.whl")
    env_dir = base / "venv"
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(env_dir)
    bin_dir = env_dir / "bin"
    # pip from the reused packages installs into the environment it runs in
    run([str(bin_dir / "python"), "-m", "pip", "install", "--no-deps", "--no-index", "--quiet", str(wheel)],
        cwd=base)
    home, data_home, cwd = base / "home", base / "xdg-data", base / "elsewhere"
    for folder in (home, data_home, cwd):
        folder.mkdir()
    env = {key: value for key, value in os.environ.items()
           if key not in ("WORKBENCH_DB", "WORKBENCH_TEST_DB", "PYTHONPATH", "VIRTUAL_ENV")}
    env.update(HOME=str(home), XDG_DATA_HOME=str(data_home), PYTHONNOUSERSITE="1",
               PATH=os.pathsep.join([str(bin_dir), env.get("PATH", "")]))
    return bin_dir, env, cwd, data_home


def workbench(installed, *args):
    bin_dir, env, cwd, _ = installed
    return run([str(bin_dir / "workbench"), *args], env=env, cwd=cwd)


def test_the_installed_package_holds_the_apps_and_the_data(installed):
    bin_dir, env, cwd, data_home = installed
    code = ("import json, workbench\n"
            "from workbench.core.shipped import checkout_dir, plan_file, shipped_dir\n"
            "from workbench.participation.demographics import country_table\n"
            "from workbench.serve import app_links, apps_dir\n"
            "from workbench.store.db import default_db\n"
            "print(json.dumps({'package': workbench.__file__, 'checkout': checkout_dir() and str(checkout_dir()),\n"
            "    'apps': str(apps_dir()), 'data': str(shipped_dir('data')), 'plan': plan_file().is_file(),\n"
            "    'lists': sorted(p.name for p in (shipped_dir('data') / 'lists').glob('*.yaml')),\n"
            "    'countries': len(country_table()), 'links': sorted(app_links('http://x', 't', 'k')),\n"
            "    'db': str(default_db())}))\n")
    found = json.loads(run([str(bin_dir / "python"), "-c", code], env=env, cwd=cwd).stdout)
    venv_dir = bin_dir.parent.resolve()
    assert Path(found["package"]).resolve().is_relative_to(venv_dir), found["package"]
    assert found["checkout"] is None
    apps = Path(found["apps"])
    assert apps.is_relative_to(venv_dir) and (apps / "vote.ipynb").is_file()
    assert sorted(p.name for p in apps.glob("*.ipynb")) == sorted(p.name for p in (ROOT / "apps").glob("*.ipynb"))
    assert Path(found["data"]).is_relative_to(venv_dir) and found["plan"]
    assert found["lists"] == ["barriers.yaml", "calls-to-partners.yaml", "capacity-building.yaml"]
    assert found["countries"] > 100
    assert {"home", "vote", "visioning", "facilitator"} <= set(found["links"])
    assert Path(found["db"]) == data_home / "planning-workbench" / "workbench.db"
    assert "--expect" in workbench(installed, "serve", "--help").stdout


def test_init_and_plan_show_from_another_folder(installed):
    _, _, cwd, data_home = installed
    db = data_home / "planning-workbench" / "workbench.db"
    result = workbench(installed, "init")
    assert str(db) in result.stdout and db.is_file()
    assert not (cwd / "var").exists() and not db.resolve().is_relative_to(ROOT)
    plan = json.loads(workbench(installed, "plan", "show", "--json").stdout)
    assert len(plan["themes"]) == 4
    assert sum(len(theme["goals"]) for theme in plan["themes"]) == 14
    assert (plan["actions_found"], plan["actions_stated"]) == (143, 145)


def test_vision_groups_finds_planted_groups(installed):
    _, _, cwd, _ = installed
    truth = write_planted(cwd / "votes.csv")
    found = json.loads(workbench(installed, "vision", "groups", "votes.csv", "--json").stdout)
    assert found["participants_included"] == 36 and found["k"] == 3
    for group in found["groups"]:
        assert len({truth[p] for p in group["participants"]}) == 1 and len(group["participants"]) == 12
    assert found["consensus"][0] == "everyone"
    text = workbench(installed, "vision", "groups", "votes.csv").stdout
    assert "36 participants included; 3 groups" in text and "Group 1 (12 people)" in text
