"""Which instructor mode to use for which kind of endpoint.

Defaults follow what each server documents (see ../shared/LIBRARIES.md): local
servers (Ollama, vLLM, llama.cpp) enforce a JSON schema; DeepSeek, Qwen on
DashScope and Moonshot do tool calls but not json_schema; an endpoint we do not
recognise gets plain JSON mode, the one thing nearly every server accepts.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from schemas.errors import ConfigError

MODES = ("tools", "json", "json_schema", "md_json")

# host suffix -> endpoint kind; checked in order
_REMOTE_KINDS = (
    ("api.openai.com", "openai"),
    ("deepseek.com", "deepseek"),
    ("dashscope.aliyuncs.com", "dashscope"),
    ("dashscope-intl.aliyuncs.com", "dashscope"),
    ("moonshot.cn", "moonshot"),
    ("moonshot.ai", "moonshot"),
)
# default ports of the local servers: the URL is all we know about them
_LOCAL_PORTS = {11434: "ollama", 8000: "vllm", 8080: "llamacpp"}

DEFAULT_MODE = {
    "openai": "tools",
    "deepseek": "tools",
    "dashscope": "tools",
    "moonshot": "tools",
    "ollama": "json_schema",
    "vllm": "json_schema",
    "llamacpp": "json_schema",
    "unknown": "json",
}


def endpoint_kind(base_url: str | None) -> str:
    """openai, deepseek, dashscope, moonshot, ollama, vllm, llamacpp or unknown."""
    if not base_url:
        return "openai"  # the openai client's own default endpoint
    parts = urlsplit(base_url)
    host = (parts.hostname or "").lower()
    for suffix, kind in _REMOTE_KINDS:
        if host == suffix or host.endswith("." + suffix):
            return kind
    if "ollama" in host:
        return "ollama"
    try:
        port = parts.port
    except ValueError:
        port = None
    return _LOCAL_PORTS.get(port or 0, "unknown")


def resolve_mode(override: str | None, base_url: str | None) -> str:
    """The mode asked for, else the default for the endpoint's kind."""
    if override is None:
        return DEFAULT_MODE[endpoint_kind(base_url)]
    if override not in MODES:
        raise ConfigError(f"unknown mode {override!r}; use one of {', '.join(MODES)}")
    return override


def extra_body(base_url: str | None) -> dict[str, object]:
    """Provider switches sent with every request (part of the cache key)."""
    if endpoint_kind(base_url) == "dashscope":
        # Qwen3 thinks by default; thinking output breaks tool-call parsing
        return {"enable_thinking": False}
    return {}
