"""Transport retries: one layer only (the openai client's own retries are off).

Retried: 429 (waiting what Retry-After says), 5xx, timeouts and connection
errors, recognised anywhere in the exception's cause chain because instructor
wraps API errors in InstructorRetryException. Everything else (400, 401, our own
errors) fails at once. Waits are exponential with jitter and bounded, so a batch
against a rate-limited endpoint slows down instead of failing or hanging.
"""

from __future__ import annotations

import email.utils
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")

TRANSIENT_NAMES = {
    "RateLimitError",
    "InternalServerError",
    "APITimeoutError",
    "APIConnectionError",
}
TRANSIENT_STATUS = {408, 409, 429, 500, 502, 503, 504}


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 6  # HTTP requests per model call, first one included
    initial_wait: float = 1.0
    max_wait: float = 60.0  # also caps a server's Retry-After


def cause_chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def transient_error(exc: BaseException) -> BaseException | None:
    """The retryable API error in `exc`'s cause chain, if there is one."""
    for link in cause_chain(exc):
        if type(link).__name__ in TRANSIENT_NAMES:
            return link
        if getattr(link, "status_code", None) in TRANSIENT_STATUS:
            return link
    return None


def retry_after_seconds(exc: BaseException) -> float | None:
    """Seconds the server asked us to wait (Retry-After or retry-after-ms), if any."""
    response = getattr(exc, "response", None)
    headers: Any = getattr(response, "headers", None)
    if headers is None:
        return None
    millis = headers.get("retry-after-ms")
    if millis:
        try:
            return float(millis) / 1000
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value)
        return max(parsed.timestamp() - time.time(), 0.0) if parsed else None


def call_with_retries(
    func: Callable[[], T],
    policy: RetryPolicy,
    on_retry: Callable[[BaseException, float], None] | None = None,
) -> T:
    """Call `func`, retrying transient errors under `policy`; re-raise the last error."""
    import tenacity

    def wait(state: tenacity.RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        asked = retry_after_seconds(transient_error(exc) or exc) if exc else None
        if asked is not None:
            return min(asked, policy.max_wait)
        backoff = tenacity.wait_random_exponential(
            multiplier=policy.initial_wait, max=policy.max_wait
        )
        return float(backoff(state))

    def before_sleep(state: tenacity.RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome else None
        if on_retry and exc is not None:
            on_retry(exc, state.upcoming_sleep)

    retrying = tenacity.Retrying(
        stop=tenacity.stop_after_attempt(policy.attempts),
        wait=wait,
        retry=tenacity.retry_if_exception(lambda e: transient_error(e) is not None),
        before_sleep=before_sleep,
        reraise=True,
    )
    return retrying(func)


class RateLimiter:
    """At most `rpm` request starts per minute across all threads (None: no bound)."""

    def __init__(self, rpm: int | None) -> None:
        self.interval = 60.0 / rpm if rpm else 0.0
        self._next = 0.0
        self._lock = threading.Lock()

    def wait_turn(self) -> None:
        if not self.interval:
            return
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next)
            self._next = start + self.interval
        if start > now:
            time.sleep(start - now)
