"""The backend registry: rules and llm are registered the same way a fake is in tests.

Factories are import paths so that this core module never imports a provider
(openai, instructor): the llm backend is imported only when it is asked for.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from schemas.errors import ConfigError
from schemas.report import RunRecord, Section, SectionExtraction, Usage

if TYPE_CHECKING:
    from extract.config import ExtractConfig
    from extract.documents import Document


class Backend(Protocol):
    """Extracts the items of one section. Must be safe to call from several threads."""

    name: str

    def extract_section(
        self, doc: Document, section: Section
    ) -> tuple[SectionExtraction, Usage]: ...

    def run_record(self) -> RunRecord:
        """Backend, model, endpoint host, mode and prompt version (usage is added later)."""
        ...


BackendFactory = Callable[["ExtractConfig"], Backend]

_REGISTRY: dict[str, str | BackendFactory] = {
    "rules": "extract.rules:RulesBackend",
    "llm": "extract.llm.backend:LLMBackend",
}


def register_backend(name: str, factory: str | BackendFactory) -> None:
    """Add or replace a backend: a factory taking an ExtractConfig, or its import path."""
    _REGISTRY[name] = factory


def backend_names() -> list[str]:
    return sorted(_REGISTRY)


def get_backend(config: ExtractConfig) -> Backend:
    name = config.backend_name
    factory = _REGISTRY.get(name)
    if factory is None:
        raise ConfigError(f"unknown backend {name!r}; choose one of {', '.join(backend_names())}")
    if isinstance(factory, str):
        module_name, _, attr = factory.partition(":")
        factory = getattr(importlib.import_module(module_name), attr)
    return factory(config)
