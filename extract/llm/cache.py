"""The answer cache: every model answer kept on disk, keyed by what was asked.

Paid answers are never evicted (diskcache's default policy drops old entries when
the cache is full). The key hashes the request body the openai client would send
(model, messages, tools or response format, temperature...) plus the endpoint,
mode, prompt version and schema: everything that changes the answer, never the
API key. A re-run therefore sends nothing, and --offline answers from here alone.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from schemas.errors import OfflineCacheMiss

KEY_VERSION = "govx-cache-1"  # bump when the key recipe changes
_OPEN: dict[Path, Any] = {}
_OPEN_LOCK = threading.Lock()


def default_cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("govx"))


def request_key(
    body: Mapping[str, Any], *, endpoint: str, mode: str, prompt_version: str, schema: str
) -> str:
    """sha256 of the canonical request: sorted keys, so dict order never matters."""
    canonical = json.dumps(
        {
            "v": KEY_VERSION,
            "body": body,
            "endpoint": endpoint,
            "mode": mode,
            "prompt_version": prompt_version,
            "schema": schema,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class AnswerCache:
    """Raw chat-completion JSON by request key; safe across threads and processes."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = Path(directory) if directory else default_cache_dir()
        self._cache = _open(self.directory)

    def get(self, key: str) -> str | None:
        value = self._cache.get(key)
        return value if isinstance(value, str) else None

    def put(self, key: str, answer_json: str) -> None:
        self._cache.set(key, answer_json)

    def forget(self, keys: list[str]) -> None:
        for key in keys:
            self._cache.delete(key)


def _open(directory: Path) -> Any:
    """One diskcache handle per directory per process (each holds SQLite connections)."""
    import diskcache

    with _OPEN_LOCK:
        if directory not in _OPEN:
            directory.mkdir(parents=True, exist_ok=True)
            _OPEN[directory] = diskcache.Cache(str(directory), eviction_policy="none")
        return _OPEN[directory]


def offline_miss(directory: Path) -> OfflineCacheMiss:
    return OfflineCacheMiss(
        f"--offline: an answer is not in the cache at {directory}; run once without "
        "--offline (with the same model, endpoint, mode and prompts) to fill it, or point "
        "--cache-dir at the cache that has it"
    )


def describe_cache(directory: Path | None) -> str:
    """`govx cache stats`: entries, size and location."""
    path = Path(directory) if directory else default_cache_dir()
    if not path.exists():
        return f"cache {path}: empty (no directory yet)"
    cache = _open(path)
    entries, size = len(cache), cache.volume()
    return f"cache {path}: {entries} answers, {size / 1e6:.1f} MB on disk"


def clear_cache(directory: Path | None) -> str:
    """`govx cache clear`: delete every cached answer."""
    path = Path(directory) if directory else default_cache_dir()
    if not path.exists():
        return f"cache {path}: nothing to clear"
    removed = _open(path).clear()
    return f"cache {path}: removed {removed} answers"
