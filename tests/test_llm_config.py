"""Modes per endpoint, API keys, cache keys and cache commands, transport helpers."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.llm.cache import AnswerCache, clear_cache, describe_cache, request_key
from extract.llm.keys import LOCAL_PLACEHOLDER_KEY, resolve_api_key
from extract.llm.modes import endpoint_kind, extra_body, resolve_mode
from extract.llm.transport import cause_chain, retry_after_seconds, transient_error
from govx import main
from schemas.errors import ConfigError

MISSING_KEY = (
    "no API key: set OPENAI_API_KEY (or name another variable with --api-key-env), "
    "or use --backend rules or a local --base-url such as http://127.0.0.1:11434/v1"
)


@pytest.mark.parametrize(
    ("base_url", "kind", "mode"),
    [
        (None, "openai", "tools"),
        ("https://api.openai.com/v1", "openai", "tools"),
        ("https://api.deepseek.com", "deepseek", "tools"),
        ("https://dashscope.aliyuncs.com/compatible-mode/v1", "dashscope", "tools"),
        ("https://api.moonshot.cn/v1", "moonshot", "tools"),
        ("http://localhost:11434/v1", "ollama", "json_schema"),
        ("http://127.0.0.1:8000/v1", "vllm", "json_schema"),
        ("http://127.0.0.1:8080/v1", "llamacpp", "json_schema"),
        ("https://llm.example.org/v1", "unknown", "json"),
    ],
)
def test_default_mode_per_kind_of_endpoint(base_url: str | None, kind: str, mode: str) -> None:
    assert endpoint_kind(base_url) == kind
    assert resolve_mode(None, base_url) == mode


def test_mode_override_wins_and_unknown_modes_are_refused() -> None:
    assert resolve_mode("md_json", "http://localhost:11434/v1") == "md_json"
    with pytest.raises(ConfigError, match="unknown mode 'xml'"):
        resolve_mode("xml", None)


def test_qwen_on_dashscope_runs_with_thinking_off() -> None:
    assert extra_body("https://dashscope.aliyuncs.com/compatible-mode/v1") == {
        "enable_thinking": False
    }
    assert extra_body("https://api.deepseek.com") == {}


def test_key_comes_from_the_named_variable_and_local_servers_need_none() -> None:
    assert resolve_api_key(None, "MY_KEY", {"MY_KEY": "k1"}) == "k1"
    assert resolve_api_key("http://127.0.0.1:8080/v1", "OPENAI_API_KEY", {}) == (
        LOCAL_PLACEHOLDER_KEY
    )
    with pytest.raises(ConfigError) as caught:
        resolve_api_key("https://api.deepseek.com", "OPENAI_API_KEY", {})
    assert str(caught.value) == MISSING_KEY


def test_missing_key_is_one_line_naming_both_fixes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    report = tmp_path / "report.txt"
    report.write_text("二、2025年工作安排\n地区生产总值增长5%左右。\n", encoding="utf-8")
    code = main(["extract", str(report), "--model", "some-model", "--cache-dir", str(tmp_path)])
    assert code == 2
    assert capsys.readouterr().err == f"Error: {MISSING_KEY}\n"


def test_request_key_ignores_dict_order_and_follows_every_input() -> None:
    body = {"model": "m", "messages": [{"role": "user", "content": "x"}], "temperature": 0}
    base = {"endpoint": "e", "mode": "tools", "prompt_version": "v1", "schema": "s"}
    key = request_key(body, **base)
    assert key == request_key(dict(reversed(list(body.items()))), **base)
    for field in base:
        assert request_key(body, **{**base, field: "changed"}) != key
    assert request_key({**body, "model": "n"}, **base) != key


def test_cache_stats_and_clear(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cache_dir = tmp_path / "c"
    assert describe_cache(cache_dir) == f"cache {cache_dir}: empty (no directory yet)"
    AnswerCache(cache_dir).put("k", "{}")
    assert main(["cache", "stats", "--cache-dir", str(cache_dir)]) == 0
    assert capsys.readouterr().out.startswith(f"cache {cache_dir}: 1 answers, ")
    assert main(["cache", "clear", "--cache-dir", str(cache_dir)]) == 0
    assert capsys.readouterr().out == f"cache {cache_dir}: removed 1 answers\n"
    assert AnswerCache(cache_dir).get("k") is None
    assert clear_cache(tmp_path / "none") == f"cache {tmp_path / 'none'}: nothing to clear"


class _Response:
    def __init__(self, headers: dict[str, str]) -> None:
        self.headers = headers


class RateLimitError(Exception):
    """Named like openai's: transport errors are recognised by name and status."""

    status_code = 429

    def __init__(self, headers: dict[str, str]) -> None:
        super().__init__("rate limited")
        self.response = _Response(headers)


def test_retry_after_in_seconds_milliseconds_or_a_date() -> None:
    assert retry_after_seconds(RateLimitError({"retry-after": "7"})) == 7
    assert retry_after_seconds(RateLimitError({"retry-after-ms": "250"})) == 0.25
    past = "Wed, 21 Oct 2015 07:28:00 GMT"
    assert retry_after_seconds(RateLimitError({"retry-after": past})) == 0
    assert retry_after_seconds(RateLimitError({})) is None


def test_transient_errors_are_found_through_the_wrapping_exception() -> None:
    inner = RateLimitError({})
    try:
        try:
            raise inner
        except RateLimitError as exc:
            raise RuntimeError("wrapped like InstructorRetryException") from exc
    except RuntimeError as outer:
        assert transient_error(outer) is inner
        assert list(cause_chain(outer))[-1] is inner
    assert transient_error(ValueError("schema")) is None


def test_rpm_bound_spaces_request_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    from extract.llm import transport

    slept: list[float] = []
    monkeypatch.setattr(transport.time, "monotonic", lambda: 100.0)
    monkeypatch.setattr(transport.time, "sleep", slept.append)
    limiter = transport.RateLimiter(rpm=30)
    for _ in range(3):
        limiter.wait_turn()
    assert slept == [2.0, 4.0]  # a frozen clock: each start waits for its 2-second slot
    transport.RateLimiter(rpm=None).wait_turn()
    assert slept == [2.0, 4.0]
