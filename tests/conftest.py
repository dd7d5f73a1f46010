"""Shared test setup: the network is off, loopback aside.

Tests talk to servers they start on 127.0.0.1 (tests/stub_server.py); any other
connection attempt fails loudly, so no test can reach a real model by accident.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
LLM_SETTINGS = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "GOVX_MODEL", "GOVX_CACHE_DIR")


def clear_llm_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """The developer's own model settings must not leak into a test's run."""
    for name in LLM_SETTINGS:
        monkeypatch.delenv(name, raising=False)


def extract_via(server_url: str, cache: Path, *args: str, model: str = "stub-model") -> int:
    """`govx extract ARGS` against a stub server (tests/stub_server.py), no progress bar."""
    from govx import main  # the CLI costs its imports only in the tests that run it

    return main(["extract", *args, "--model", model, "--base-url", server_url,
                 "--cache-dir", str(cache), "--no-progress"])  # fmt: skip


class NetworkBlocked(RuntimeError):
    """A test tried to leave the machine."""


def _is_loopback(address: Any) -> bool:
    if isinstance(address, (str, bytes)):  # AF_UNIX path
        return True
    host = address[0]
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def _network_off(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guarded(real: Any) -> Any:
        def connect(self: socket.socket, address: Any) -> Any:
            if not _is_loopback(address):
                raise NetworkBlocked(f"tests are network-off: refused connection to {address!r}")
            return real(self, address)

        return connect

    monkeypatch.setattr(socket.socket, "connect", guarded(real_connect))
    monkeypatch.setattr(socket.socket, "connect_ex", guarded(real_connect_ex))
    yield
