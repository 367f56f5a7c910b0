"""The code passes the project's pre-commit hooks (ruff, pylint-odoo)."""

import shutil
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def test_pre_commit_hooks_pass():
    if not (REPO_ROOT / ".git").exists():
        raise AssertionError("pre-commit needs the git checkout of the repository")
    command = [sys.executable, "-m", "pre_commit", "run", "--all-files", "--show-diff-on-failure"]
    if shutil.which("git") is None:
        raise AssertionError("git is needed to run pre-commit")
    completed = subprocess.run(
        command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=1800, check=False
    )
    assert completed.returncode == 0, completed.stdout[-6000:] + completed.stderr[-2000:]
