"""Headless Chromium for tests that open HTML pages: DOM after scripts ran, and screenshots.

Flags keep the browser off the network and away from the user's profile; a test
using it is marked `browser` and skipped when /usr/bin/chromium is missing.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists() and shutil.which("chromium") is None, reason="chromium not installed"
)


def _run(page: Path, *extra: str, timeout: float = 120) -> str:
    binary = str(CHROMIUM) if CHROMIUM.exists() else str(shutil.which("chromium"))
    with tempfile.TemporaryDirectory(prefix="govx-chromium-") as profile:
        done = subprocess.run(
            [binary, *FLAGS, f"--user-data-dir={profile}", *extra, page.resolve().as_uri()],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    if done.returncode != 0:
        raise AssertionError(f"chromium failed ({done.returncode}): {done.stderr[-2000:]}")
    return done.stdout


def dump_dom(page: Path) -> str:
    """The page's DOM serialized after its scripts ran."""
    return _run(page, "--dump-dom")


def screenshot(page: Path, out: Path, size: str = "1400,900") -> Path:
    """A PNG of the page as a user first sees it."""
    _run(page, f"--screenshot={out.resolve()}", f"--window-size={size}", "--hide-scrollbars")
    if not out.exists() or out.stat().st_size == 0:
        raise AssertionError(f"chromium wrote no screenshot at {out}")
    return out
