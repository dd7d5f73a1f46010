"""The openai client and the one function instructor calls for every attempt.

instructor owns the re-ask loop; govx owns what happens to each request inside
it: the answer cache, the offline rule, the rate bound and transport retries
(the openai client's own retries are off so the two layers do not multiply).
The function is handed to `instructor.patch(create=...)`, the same patch that
`instructor.from_openai` applies to `client.chat.completions.create`. It is patched
once per backend, not per call, so it holds nothing of one call: the call it serves
is found through a ContextVar, as the answer's validator finds its grounding check.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from extract.llm.cache import AnswerCache, offline_miss, request_key
from extract.llm.content import tidy_response
from extract.llm.schema import CURRENT_CHECK, GroundingCheck
from extract.llm.transport import RateLimiter, RetryPolicy, call_with_retries
from extract.secrets import guard_logs, remember
from schemas.report import Usage

INSTRUCTOR_MODES = {
    "tools": "TOOLS",
    "json": "JSON",
    "json_schema": "JSON_SCHEMA",
    "md_json": "MD_JSON",
}

# loggers that may carry a server's error body, which can quote the key back
LIBRARY_LOGGERS = ("instructor", "openai", "httpx", "httpx2", "httpcore", "httpcore2")
# instructor logs every failed API call at ERROR; with no logging configured Python
# would print those to stderr, around govx's own one-line errors
logging.getLogger("instructor").addHandler(logging.NullHandler())


def build_openai(base_url: str | None, api_key: str, timeout: float) -> Any:
    import instructor  # noqa: F401  (its loggers must exist to be guarded)
    import openai

    remember(api_key)
    guard_logs(*LIBRARY_LOGGERS)
    return openai.OpenAI(base_url=base_url, api_key=api_key, timeout=timeout, max_retries=0)


def patch_create(create: Callable[..., Any], mode: str) -> Callable[..., Any]:
    """`create` wrapped by instructor: response_model, re-asks, validation."""
    import instructor

    return instructor.patch(create=create, mode=getattr(instructor.Mode, INSTRUCTOR_MODES[mode]))


@dataclass
class Endpoint:
    """What is shared by every call of one backend: client, cache, bounds."""

    client: Any
    cache: AnswerCache
    endpoint: str  # base URL (or the openai default) for the cache key
    mode: str
    prompt_version: str
    schema: str
    offline: bool
    policy: RetryPolicy
    limiter: RateLimiter
    inflight: threading.BoundedSemaphore


@dataclass
class CallState:
    """One section's call: attempts made and what they cost."""

    max_attempts: int
    check: GroundingCheck
    attempts: int = 0
    usage: Usage = field(default_factory=Usage)
    last_output: str | None = None
    answer_keys: list[str] = field(default_factory=list)  # cache keys of this call's answers


CURRENT_CALL: ContextVar[CallState | None] = ContextVar("govx_current_call", default=None)


@contextmanager
def call_scope(state: CallState) -> Iterator[None]:
    """Make `state` the current call for this thread's attempts and validator."""
    call_token = CURRENT_CALL.set(state)
    check_token = CURRENT_CHECK.set(state.check)
    try:
        yield
    finally:
        CURRENT_CHECK.reset(check_token)
        CURRENT_CALL.reset(call_token)


def attempt_function(endpoint: Endpoint) -> Callable[..., Any]:
    """The raw `create` for every call: cache first, then the network with retries."""
    from openai.types.chat import ChatCompletion

    def create(**body: Any) -> Any:
        state = CURRENT_CALL.get()
        if state is None:
            raise RuntimeError("attempt outside call_scope: no call to account it to")
        state.attempts += 1
        if state.attempts > 1:
            state.usage.reasks += 1
        # the last attempt is judged leniently: failing items are kept and marked
        state.check.lenient = state.attempts >= state.max_attempts
        key = request_key(
            body,
            endpoint=endpoint.endpoint,
            mode=endpoint.mode,
            prompt_version=endpoint.prompt_version,
            schema=endpoint.schema,
        )
        state.answer_keys.append(key)
        cached = endpoint.cache.get(key)
        if cached is not None:
            state.usage.cache_hits += 1
            state.last_output = cached
            return tidy_response(ChatCompletion.model_validate_json(cached), endpoint.mode)
        if endpoint.offline:
            raise offline_miss(endpoint.cache.directory)
        response = _send(endpoint, state, body)
        answer_json = response.model_dump_json()
        endpoint.cache.put(key, answer_json)
        state.last_output = answer_json
        return tidy_response(response, endpoint.mode)

    return create


def _send(endpoint: Endpoint, state: CallState, body: dict[str, Any]) -> Any:
    def one_request() -> Any:
        endpoint.limiter.wait_turn()
        state.usage.requests += 1
        with endpoint.inflight:
            return endpoint.client.chat.completions.create(**body)

    def count_retry(_exc: BaseException, _wait: float) -> None:
        state.usage.retries += 1

    response = call_with_retries(one_request, endpoint.policy, on_retry=count_retry)
    spent = getattr(response, "usage", None)
    if spent is not None:
        state.usage.prompt_tokens += spent.prompt_tokens or 0
        state.usage.completion_tokens += spent.completion_tokens or 0
        state.usage.total_tokens += spent.total_tokens or 0
    return response
