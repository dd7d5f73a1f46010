"""Turning what went wrong in a model call into one govx error line.

API error texts are not quoted: some servers echo part of the key in them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from extract.llm.transport import cause_chain, transient_error
from schemas.errors import ConfigError, GovxError, InvalidAnswer, ModelError
from schemas.report import Section

if TYPE_CHECKING:
    from extract.config import ExtractConfig
    from extract.llm.client import CallState


def model_failure(
    exc: BaseException, state: CallState, section: Section, config: ExtractConfig
) -> GovxError:
    """The GovxError to raise for `exc` (instructor wraps the real cause)."""
    for link in cause_chain(exc):
        if isinstance(link, GovxError):
            return link
    where = f"section {section.index} ({section.heading[:30]})"
    if any(type(link).__name__ == "IncompleteOutputException" for link in cause_chain(exc)):
        return _spent(
            InvalidAnswer,
            f"{where}: the answer was cut off at the model's output limit; use a model with a "
            "larger output limit or shorter sections",
            state,
        )
    status = _status(exc)
    if status in (401, 403):
        return ConfigError(
            f"the endpoint refused the API key (HTTP {status}); check {config.api_key_env} "
            "or --api-key-env"
        )
    if status == 404:
        return ConfigError(
            f"the endpoint has no model {config.model!r} or no chat API (HTTP 404); "
            "check --model and --base-url"
        )
    if transient_error(exc) is not None or status is not None or _is_api_error(exc):
        reason = type(transient_error(exc) or _api_error(exc) or exc).__name__
        return _spent(
            ModelError,
            f"{where}: the endpoint failed after {state.usage.requests} requests "
            f"({reason}{f' HTTP {status}' if status else ''}); try again later, lower "
            "--concurrency or set --rpm",
            state,
        )
    return _spent(
        InvalidAnswer,
        f"{where}: no valid answer after {state.attempts} attempts ({_last_problem(exc)}); "
        "try another --mode or model, or raise --max-reasks",
        state,
    )


def _spent(kind: type[ModelError], message: str, state: CallState) -> ModelError:
    """The error carrying what the call spent: attempts, usage and the last raw answer."""
    return kind(
        message,
        attempts=state.attempts,
        usage=state.usage.model_dump(),
        last_output=state.last_output,
    )


def _last_problem(exc: BaseException) -> str:
    """First line of the last attempt's error (instructor's own str() is an XML dump)."""
    failed = getattr(exc, "failed_attempts", None)
    last = failed[-1].exception if failed else exc
    lines = [line.strip() for line in str(last).splitlines() if line.strip()]
    # pydantic puts "1 validation error for X" first; the field and reason follow
    picked = [ln for ln in lines if not ln.startswith("For further information")][:3]
    return "; ".join(picked)[:200]


def _api_error(exc: BaseException) -> BaseException | None:
    for link in cause_chain(exc):
        if _is_api_error_type(link):
            return link
    return None


def _is_api_error(exc: BaseException) -> bool:
    return _api_error(exc) is not None


def _is_api_error_type(exc: BaseException) -> bool:
    return any(cls.__name__ == "APIError" for cls in type(exc).__mro__)


def _status(exc: BaseException) -> int | None:
    for link in cause_chain(exc):
        status = getattr(link, "status_code", None)
        if isinstance(status, int):
            return status
    return None
