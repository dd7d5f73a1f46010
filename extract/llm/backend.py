"""LLMBackend: one section in, grounded-or-marked items and their cost out.

Registered as "llm" in extract.backends; built from an ExtractConfig. Safe to
call from several threads: each call builds fresh messages and its own state.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from extract.llm.cache import AnswerCache
from extract.llm.client import (
    CallState,
    Endpoint,
    attempt_function,
    build_openai,
    call_scope,
    patch_create,
)
from extract.llm.failures import model_failure
from extract.llm.keys import resolve_api_key
from extract.llm.modes import extra_body, resolve_mode
from extract.llm.schema import (
    GroundingCheck,
    SectionAnswer,
    instructor_model,
    mark_ungrounded,
    to_extraction,
)
from extract.llm.transport import RateLimiter, RetryPolicy
from extract.prompts import load_prompts
from schemas.errors import ConfigError, InvalidAnswer
from schemas.report import RunRecord, Section, SectionExtraction, Usage

if TYPE_CHECKING:
    from extract.config import ExtractConfig
    from extract.documents import Document

OPENAI_DEFAULT_ENDPOINT = "https://api.openai.com/v1"


class LLMBackend:
    name = "llm"

    def __init__(
        self,
        config: ExtractConfig,
        environ: Mapping[str, str] | None = None,
        policy: RetryPolicy | None = None,
    ) -> None:
        if not config.model:
            raise ConfigError("--backend llm needs a model: set --model or GOVX_MODEL")
        self.config = config
        self.mode = resolve_mode(config.mode, config.base_url)
        self.prompts = load_prompts()
        self._extra_body = extra_body(config.base_url)
        key = resolve_api_key(
            config.base_url,
            config.api_key_env,
            os.environ if environ is None else environ,
            offline=config.offline,
        )
        self._endpoint = Endpoint(
            client=build_openai(config.base_url, key, config.timeout),
            cache=AnswerCache(config.cache_dir),
            endpoint=config.base_url or OPENAI_DEFAULT_ENDPOINT,
            mode=self.mode,
            prompt_version=self.prompts.version,
            schema=json.dumps(SectionAnswer.model_json_schema(), sort_keys=True),
            offline=config.offline,
            policy=policy or RetryPolicy(),
            limiter=RateLimiter(config.rpm),
            inflight=threading.BoundedSemaphore(config.concurrency),
        )
        self._create = patch_create(attempt_function(self._endpoint), self.mode)

    def run_record(self) -> RunRecord:
        return RunRecord(
            backend=self.name,
            model=self.config.model,
            base_url_host=self.config.base_url_host or "api.openai.com",
            mode=self.mode,
            prompt_version=self.prompts.version,
        )

    def close(self) -> None:
        """Close the HTTP connections (keep-alive sockets would outlive the run)."""
        self._endpoint.client.close()

    def extract_section(self, doc: Document, section: Section) -> tuple[SectionExtraction, Usage]:
        text = doc.section_text(section)
        state = CallState(max_attempts=self.config.max_reasks + 1, check=GroundingCheck(text))
        try:
            with call_scope(state):
                answer = self._create(
                    response_model=instructor_model(),
                    max_retries=self.config.max_reasks,
                    strict=False,  # models write 5 for 5.0 and "5" for 5; pydantic coerces
                    **self._request(section, text),
                )
        except Exception as exc:
            failure = model_failure(exc, state, section, self.config)
            if isinstance(failure, InvalidAnswer):
                # answers that never fit are not worth keeping: a re-run asks afresh
                self._endpoint.cache.forget(state.answer_keys)
            raise failure from exc
        return mark_ungrounded(to_extraction(answer), state.check.problems), state.usage

    def _request(self, section: Section, text: str) -> dict[str, Any]:
        request: dict[str, Any] = {
            "model": self.config.model,
            "messages": self.prompts.messages(section, text),
            "temperature": 0,  # the same question should get the same answer
        }
        if self._extra_body:
            request["extra_body"] = dict(self._extra_body)  # never shared between calls
        return request
