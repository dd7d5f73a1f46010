"""Keys never printed: every secret govx is handed is remembered and blanked out of
tracebacks (--debug) and of library log records before anyone sees them.

Some OpenAI-compatible servers quote the key back in their error bodies
("Incorrect API key sk-..."), and the openai client and instructor put those
bodies into exception messages and log lines; govx's own messages never quote
API errors, but a traceback or a user's logging config would show them.
"""

from __future__ import annotations

import logging
import threading

MASK = "[redacted]"
_SECRETS: set[str] = set()
_LOCK = threading.Lock()
_GUARDED: set[str] = set()


def remember(secret: str) -> None:
    """Treat `secret` as one to blank out wherever govx or its libraries print text."""
    if len(secret) >= 8:  # shorter values would blank ordinary words
        with _LOCK:
            _SECRETS.add(secret)


def redact(text: str) -> str:
    for secret in sorted(_SECRETS, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text


class _Redact(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not _SECRETS:
            return True
        record.msg, record.args = redact(record.getMessage()), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        return True


_FILTER = _Redact()


def guard_logs(*prefixes: str) -> None:
    """Add the filter to every existing logger under `prefixes` (filters are not inherited)."""
    with _LOCK:
        names = [n for n in list(logging.root.manager.loggerDict) if n.split(".")[0] in prefixes]
        for name in names:
            if name not in _GUARDED:
                logging.getLogger(name).addFilter(_FILTER)
                _GUARDED.add(name)
