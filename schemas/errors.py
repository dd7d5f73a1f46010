"""One root exception; each subclass's message names the fix.

The CLI turns any GovxError into one `Error: ...` line and a non-zero exit
(`exit_code`), so messages must be a single line that tells the user what to do.
"""

from __future__ import annotations


class GovxError(Exception):
    """Root of every error govx reports to a user."""

    exit_code = 1


class InputError(GovxError):
    """A document cannot be read: missing, empty, binary, no text layer, bad encoding."""

    exit_code = 2


class ConfigError(GovxError):
    """Model, key, endpoint or option settings are missing or inconsistent."""

    exit_code = 2


class OfflineCacheMiss(GovxError):
    """--offline was asked for and a request is not in the cache."""


class ModelError(GovxError):
    """The model endpoint failed after bounded retries and re-asks.

    Carries what the caller needs to judge the failure, like instructor's
    InstructorRetryException: attempts made, usage spent and the last raw answer.
    """

    def __init__(
        self,
        message: str,
        *,
        attempts: int = 0,
        usage: dict[str, int] | None = None,
        last_output: str | None = None,
    ) -> None:
        super().__init__(message)
        self.attempts = attempts
        self.usage = usage or {}
        self.last_output = last_output


class InvalidAnswer(ModelError):
    """The model answered every attempt, but never in the schema (or was cut off).

    Such answers are not kept in the cache, so a re-run asks the model afresh.
    """
