"""What produced a run: govx version and the git commit of its source, when known."""

from __future__ import annotations

import subprocess
from functools import cache
from importlib import metadata
from pathlib import Path

SOURCE_ROOT = Path(__file__).resolve().parents[1]


@cache
def govx_version() -> str:
    try:
        return metadata.version("govx")
    except metadata.PackageNotFoundError:
        return "unknown"


@cache
def git_hash() -> str | None:
    """The source checkout's commit, with `+dirty` when it has uncommitted changes."""
    try:
        head = subprocess.run(
            ["git", "-C", str(SOURCE_ROOT), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(SOURCE_ROOT), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return f"{head}+dirty" if dirty else head or None
