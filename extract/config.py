"""Settings of one extraction run, from CLI options and the environment.

The API key itself is never stored here: only the name of the variable that holds
it, so a config can be written into run records and cache keys without leaking it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


@dataclass(frozen=True)
class ExtractConfig:
    backend: str | None = None  # None: llm when a model is set, else rules
    model: str | None = None
    base_url: str | None = None
    api_key_env: str = "OPENAI_API_KEY"
    mode: str | None = None
    offline: bool = False
    cache_dir: Path | None = None
    concurrency: int = 8
    rpm: int | None = None
    timeout: float = 120.0
    max_reasks: int = 2
    progress: bool = True

    @classmethod
    def from_options(cls, options: Mapping[str, Any]) -> ExtractConfig:
        """Build from click's option dict (click already read GOVX_MODEL, OPENAI_BASE_URL
        and GOVX_CACHE_DIR for the options that name them)."""
        known = {f for f in cls.__dataclass_fields__}
        values = {k: v for k, v in options.items() if k in known and v is not None}
        if "no_progress" in options:
            values["progress"] = not options["no_progress"]
        return cls(**values)

    @property
    def backend_name(self) -> str:
        if self.backend:
            return self.backend
        return "llm" if self.model else "rules"

    @property
    def chose_rules_by_default(self) -> bool:
        return self.backend is None and not self.model

    @property
    def base_url_host(self) -> str | None:
        return urlsplit(self.base_url).hostname if self.base_url else None

    def public(self) -> dict[str, object]:
        """What a run record may show: no key, no URL path or query (they can hold tokens)."""
        data = asdict(self)
        data["base_url"] = self.base_url_host
        data["cache_dir"] = str(self.cache_dir) if self.cache_dir else None
        return data
