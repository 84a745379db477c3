"""The binder/ folder: repo2docker reads it (without Docker) into the image we mean."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_repo2docker_accepts_the_binder_folder():
    exe = shutil.which("jupyter-repo2docker") or shutil.which("repo2docker")
    if exe is None:
        pytest.fail("jupyter-repo2docker is not installed (pip install -e '.[test]')")
    result = subprocess.run([exe, "--no-build", "--debug", str(ROOT)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    dockerfile = result.stdout + result.stderr
    assert "binder/requirements.txt" in dockerfile
    assert "RUN ./binder/postBuild" in dockerfile
    assert (ROOT / "binder" / "runtime.txt").read_text().strip() == "python-3.11"


def test_post_build_installs_the_workbench_and_creates_the_database():
    script = (ROOT / "binder" / "postBuild").read_text()
    assert "pip install --no-cache-dir -e ." in script
    assert re.search(r"^workbench (demo|init)$", script, re.M)


def test_binder_links_in_the_readme_open_existing_apps():
    readme = (ROOT / "README.md").read_text()
    paths = re.findall(r"urlpath=voila/render/([\w/.-]+\.ipynb)", readme)
    assert paths, "the README has no Binder link to an app"
    for path in paths:
        assert (ROOT / path).exists(), path
