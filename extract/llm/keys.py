"""Where the API key comes from, and the one error when it is missing.

The key is read from the environment at the last moment and handed to the
openai client only: it is never part of a config, cache key, log line or output.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from schemas.errors import ConfigError

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}
# local servers ignore the key, but the openai client insists on having one
LOCAL_PLACEHOLDER_KEY = "not-needed-for-local-servers"


def is_local(base_url: str | None) -> bool:
    return bool(base_url) and (urlsplit(base_url).hostname or "").lower() in LOCAL_HOSTS


def missing_key_message(api_key_env: str) -> str:
    return (
        f"no API key: set {api_key_env} (or name another variable with --api-key-env), "
        "or use --backend rules or a local --base-url such as http://127.0.0.1:11434/v1"
    )


def resolve_api_key(
    base_url: str | None, api_key_env: str, environ: Mapping[str, str], *, offline: bool = False
) -> str:
    """The key for `base_url`; a placeholder for local servers and offline runs."""
    key = environ.get(api_key_env, "").strip()
    if key:
        return key
    if is_local(base_url) or offline:
        return LOCAL_PLACEHOLDER_KEY
    raise ConfigError(missing_key_message(api_key_env))
