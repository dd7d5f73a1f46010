"""The LLM backend against a scripted OpenAI-compatible server (real HTTP, real openai
client, real instructor re-asks). Every answer here is scripted, not model output."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from stub_server import Reply, StubServer, answer, rate_limited, server_error

from extract.config import ExtractConfig
from extract.llm.backend import LLMBackend
from extract.llm.transport import RetryPolicy
from schemas.errors import ConfigError, InvalidAnswer, ModelError, OfflineCacheMiss
from schemas.items import Grounding
from schemas.report import Section, SectionRole

TEXT = "一、2024年工作回顾\n全区地区生产总值增长5.1%，新增城镇就业1200人，完成老旧小区改造8个。"
SECTION = Section(
    index=3,
    heading="一、2024年工作回顾",
    role=SectionRole.review,
    year=2024,
    start=0,
    end=len(TEXT),
)
GOOD = {
    "results": [
        {"indicator": "地区生产总值", "canonical": "gdp", "measure": "growth", "value": 5.1,
         "unit": "%", "year": 2024, "quote": "地区生产总值增长5.1%"},
        {"indicator": "新增城镇就业", "measure": "level", "value": 1200, "unit": "人",
         "year": 2024, "quote": "新增城镇就业1200人"},
    ]
}  # fmt: skip
WRONG_VALUE = {"results": [{**GOOD["results"][0]}, {**GOOD["results"][1], "value": 1300}]}
FAST = RetryPolicy(attempts=3, initial_wait=0.01, max_wait=0.05)


@dataclass
class FakeDoc:
    """Just enough of extract.documents.Document for one section."""

    text: str = TEXT

    def section_text(self, section: Section) -> str:
        return self.text[section.start : section.end]


def scripted(*payloads: Any) -> list[Reply]:
    """Replies shaped per request mode: payloads are queued as answers in order."""
    return [Reply(body=p) for p in payloads]


class Answers:
    """Responder: answer each request with the next payload (scripted, not a model)."""

    def __init__(self, *payloads: Any) -> None:
        self.payloads = list(payloads)

    def __call__(self, body: dict[str, Any]) -> Reply:
        payload = self.payloads.pop(0) if len(self.payloads) > 1 else self.payloads[0]
        return answer(body, payload)


_OPENED: list[LLMBackend] = []


@pytest.fixture(autouse=True)
def _close_backends() -> Iterator[None]:
    """Keep-alive sockets of unclosed clients would surface as warnings at exit."""
    yield
    while _OPENED:
        _OPENED.pop().close()


def backend(server: StubServer, tmp_path: Path, **overrides: Any) -> LLMBackend:
    settings: dict[str, Any] = {
        "model": "stub-model",
        "base_url": server.url,
        "cache_dir": tmp_path / "cache",
        "mode": "tools",
        "max_reasks": 2,
    }
    settings.update(overrides)
    _OPENED.append(LLMBackend(ExtractConfig(**settings), environ={}, policy=FAST))
    return _OPENED[-1]


def test_request_carries_section_text_and_schema(tmp_path: Path) -> None:
    with StubServer(Answers(GOOD)) as server:
        found, usage = backend(server, tmp_path).extract_section(FakeDoc(), SECTION)
    (body,) = server.bodies
    assert body["messages"][-1]["role"] == "user"
    assert body["messages"][-1]["content"].endswith(TEXT)  # section text last
    tool = body["tools"][0]["function"]
    assert tool["name"] == "SectionAnswer"
    assert set(tool["parameters"]["properties"]) == {"targets", "results", "glossary"}
    schema_text = json.dumps(tool["parameters"])
    for provenance in ('"start"', '"grounding"', '"grounding_reason"', '"section"'):
        assert provenance not in schema_text  # govx fills these, not the model
    assert [r.value for r in found.results] == [5.1, 1200]
    assert usage.requests == 1 and usage.reasks == 0 and usage.total_tokens > 0


def test_json_mode_puts_the_schema_in_the_system_message(tmp_path: Path) -> None:
    with StubServer(Answers(GOOD)) as server:
        backend(server, tmp_path, mode="json").extract_section(FakeDoc(), SECTION)
    (body,) = server.bodies
    assert body["response_format"] == {"type": "json_object"}
    assert "grounding_reason" not in body["messages"][0]["content"]
    assert '"indicator"' in body["messages"][0]["content"]
    assert "tools" not in body


def test_static_prompt_prefix_is_the_same_for_every_section(tmp_path: Path) -> None:
    other = Section(**{**SECTION.model_dump(), "index": 4, "start": 10})
    with StubServer(Answers({"results": []})) as server:
        llm = backend(server, tmp_path)
        llm.extract_section(FakeDoc(), SECTION)
        llm.extract_section(FakeDoc(), other)
    first, second = server.bodies
    assert first["messages"][0] == second["messages"][0]
    assert first["messages"][-1] != second["messages"][-1]


def test_invalid_answer_is_reasked_with_the_validation_error(tmp_path: Path) -> None:
    with StubServer(Answers(WRONG_VALUE, GOOD)) as server:
        found, usage = backend(server, tmp_path).extract_section(FakeDoc(), SECTION)
    first, second = server.bodies
    assert len(second["messages"]) == len(first["messages"]) + 2  # answer + error
    reask = second["messages"][-1]
    assert reask["role"] == "tool"
    assert reask["content"].startswith("Validation Error found:")
    assert "value 1300 is not written in the quote '新增城镇就业1200人'" in reask["content"]
    assert [r.value for r in found.results] == [5.1, 1200]
    assert all(r.grounding is None for r in found.results)  # the pipeline grounds them
    assert (usage.requests, usage.reasks) == (2, 1)


def test_quote_not_in_section_is_reasked_in_json_mode(tmp_path: Path) -> None:
    invented = {"results": [{**GOOD["results"][0], "quote": "地区生产总值增长9%"}]}
    with StubServer(Answers(invented, GOOD)) as server:
        backend(server, tmp_path, mode="json").extract_section(FakeDoc(), SECTION)
    reask = server.bodies[1]["messages"][-1]
    assert reask["role"] == "user"
    assert "the quote '地区生产总值增长9%' is not in the section text" in reask["content"]


def test_items_still_failing_after_the_last_reask_are_kept_ungrounded(tmp_path: Path) -> None:
    with StubServer(Answers(WRONG_VALUE)) as server:
        found, usage = backend(server, tmp_path, max_reasks=1).extract_section(FakeDoc(), SECTION)
    assert len(server.bodies) == 2  # max_reasks=1: two attempts, no more
    kept = found.results[1]
    assert (kept.value, kept.grounding) == (1300, Grounding.ungrounded)
    assert kept.grounding_reason == "value 1300 is not written in the quote '新增城镇就业1200人'"
    assert found.results[0].grounding is None
    assert (usage.requests, usage.reasks) == (2, 1)


def test_an_answer_that_never_fits_the_schema_is_a_model_error(tmp_path: Path) -> None:
    with StubServer(Answers('{"results": [{"indicator": 1')) as server:
        llm = backend(server, tmp_path, max_reasks=1)
        with pytest.raises(ModelError) as caught:
            llm.extract_section(FakeDoc(), SECTION)
    assert len(server.bodies) == 2
    error = caught.value
    assert error.attempts == 2 and error.usage["requests"] == 2
    assert (
        error.last_output is not None
        and '{\\"results\\": [{\\"indicator\\": 1' in error.last_output
    )
    assert str(error).startswith("section 3 (一、2024年工作回顾): no valid answer after 2 attempts")


def test_answers_that_never_fit_are_not_replayed_from_the_cache(tmp_path: Path) -> None:
    broken = '{"results": [{"indicator": 1'
    with StubServer(Answers(broken)) as server, pytest.raises(InvalidAnswer):
        backend(server, tmp_path, max_reasks=1).extract_section(FakeDoc(), SECTION)
    with StubServer(Answers(GOOD)) as server:  # the re-run asks the model again
        found, usage = backend(server, tmp_path, max_reasks=1).extract_section(FakeDoc(), SECTION)
    assert len(server.bodies) == 1 and usage.cache_hits == 0
    assert len(found.results) == 2


def test_429_with_retry_after_is_retried_and_succeeds(tmp_path: Path) -> None:
    with StubServer(Answers(GOOD)) as server:
        server.script(rate_limited(retry_after=0))
        found, usage = backend(server, tmp_path).extract_section(FakeDoc(), SECTION)
    assert len(server.bodies) == 2 and server.bodies[0] == server.bodies[1]
    assert (usage.requests, usage.retries, usage.reasks) == (2, 1, 0)
    assert len(found.results) == 2


def test_5xx_is_retried_once_per_layer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The openai client's own retries are off: 3 policy attempts are 3 requests, not 9."""
    with StubServer() as server:
        server.script(server_error(503), server_error(502), server_error(500))
        with pytest.raises(ModelError) as caught:
            backend(server, tmp_path).extract_section(FakeDoc(), SECTION)
    assert len(server.bodies) == 3
    assert "failed after 3 requests (InternalServerError HTTP 500)" in str(caught.value)
    assert capsys.readouterr().err == ""  # instructor's error logs stay out of the CLI's stderr


def test_a_client_error_is_not_retried(tmp_path: Path) -> None:
    with StubServer() as server:
        server.script(Reply(status=400, body={"error": {"message": "bad request"}}))
        with pytest.raises(ModelError):
            backend(server, tmp_path).extract_section(FakeDoc(), SECTION)
    assert len(server.bodies) == 1


def test_a_connection_reset_is_retried(tmp_path: Path) -> None:
    with StubServer(Answers(GOOD)) as server:
        server.script(Reply(fault="reset"))
        _, usage = backend(server, tmp_path).extract_section(FakeDoc(), SECTION)
    assert (usage.requests, usage.retries) == (2, 1)


def test_a_second_run_sends_nothing(tmp_path: Path) -> None:
    with StubServer(Answers(WRONG_VALUE, GOOD)) as server:
        first, _ = backend(server, tmp_path).extract_section(FakeDoc(), SECTION)
        sent = len(server.bodies)
        again, usage = backend(server, tmp_path).extract_section(FakeDoc(), SECTION)
    assert sent == 2 and len(server.bodies) == 2  # re-ask included, replayed from cache
    assert again == first
    assert (usage.requests, usage.cache_hits, usage.total_tokens) == (0, 2, 0)


def test_the_cache_key_follows_the_mode_and_model(tmp_path: Path) -> None:
    with StubServer(Answers(GOOD)) as server:
        backend(server, tmp_path).extract_section(FakeDoc(), SECTION)
        backend(server, tmp_path, mode="json").extract_section(FakeDoc(), SECTION)
        backend(server, tmp_path, model="other").extract_section(FakeDoc(), SECTION)
    assert len(server.bodies) == 3


def test_offline_answers_from_the_cache_and_fails_on_a_miss(tmp_path: Path) -> None:
    with StubServer(Answers(GOOD)) as server:
        backend(server, tmp_path).extract_section(FakeDoc(), SECTION)
        cached, _ = backend(server, tmp_path, offline=True).extract_section(FakeDoc(), SECTION)
        other = FakeDoc(TEXT.replace("1200", "1500"))
        with pytest.raises(OfflineCacheMiss, match=r"^--offline: an answer is not in the cache"):
            backend(server, tmp_path, offline=True).extract_section(other, SECTION)
    assert len(server.bodies) == 1 and len(cached.results) == 2


def test_the_key_is_sent_but_never_stored(tmp_path: Path) -> None:
    planted = "sk-govx-planted-key-0123456789"
    with StubServer(Answers(GOOD)) as server:
        config = ExtractConfig(
            model="m", base_url=server.url, cache_dir=tmp_path / "cache", api_key_env="MY_KEY"
        )
        llm = LLMBackend(config, environ={"MY_KEY": planted}, policy=FAST)
        _OPENED.append(llm)
        found, _ = llm.extract_section(FakeDoc(), SECTION)
    assert server.requests[0].headers["authorization"] == f"Bearer {planted}"
    stored = b"".join(p.read_bytes() for p in (tmp_path / "cache").rglob("*") if p.is_file())
    assert stored and planted.encode() not in stored
    assert planted not in llm.run_record().model_dump_json() + found.model_dump_json()


def test_run_record_names_backend_model_host_mode_and_prompt_version(tmp_path: Path) -> None:
    with StubServer() as server:
        record = backend(server, tmp_path).run_record()
    assert (record.backend, record.model, record.base_url_host) == (
        "llm",
        "stub-model",
        "127.0.0.1",
    )
    assert (record.mode, record.prompt_version) == ("tools", "v1")


def test_section_text_reaches_the_model_verbatim_even_with_template_syntax(
    tmp_path: Path,
) -> None:
    """instructor renders messages with Jinja when given `context=`; govx never passes it."""
    text = "  {{ secret }} {% if x %}地区生产总值增长5.1%{% endif %}\n    缩进保留"
    section = Section(index=0, heading="回顾", role=SectionRole.review, start=0, end=len(text))
    with StubServer(Answers({"results": []})) as server:
        backend(server, tmp_path).extract_section(FakeDoc(text), section)
    assert server.bodies[0]["messages"][-1]["content"].endswith(text)


def test_an_answer_cut_off_at_the_output_limit_says_so(tmp_path: Path) -> None:
    def cut_off(body: dict[str, Any]) -> Reply:
        reply = answer(body, GOOD)
        reply.body["choices"][0]["finish_reason"] = "length"
        return reply

    cut = "the answer was cut off at the model's output limit"
    with StubServer(cut_off) as server, pytest.raises(ModelError, match=cut):
        backend(server, tmp_path).extract_section(FakeDoc(), SECTION)
    assert len(server.bodies) == 1


def test_a_refused_key_is_a_config_error_that_does_not_echo_the_server(tmp_path: Path) -> None:
    refusal = {"error": {"message": "Incorrect API key provided: sk-abc***xyz"}}
    with StubServer() as server:
        server.script(Reply(status=401, body=refusal))
        with pytest.raises(ConfigError) as caught:
            backend(server, tmp_path).extract_section(FakeDoc(), SECTION)
    assert str(caught.value) == (
        "the endpoint refused the API key (HTTP 401); check OPENAI_API_KEY or --api-key-env"
    )
    assert len(server.bodies) == 1
