"""Sections, per-section answers, whole-report extractions, run records and gold files.

A ReportExtraction's JSON reads like a gold file (doc_id, region, level,
report_year, scope, targets, results, glossary) with more fields, and a gold file
loads into GoldDocument, which shares every item type with it.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from schemas.items import GlossaryTerm, Result, Target


class SectionRole(StrEnum):
    review = "review"  # the past period: results
    plan = "plan"  # the coming period: targets
    glossary = "glossary"  # 名词解释 list or footnote explanations
    other = "other"


class Section(BaseModel):
    """A span of the normalized text with what it is about."""

    index: int
    heading: str
    role: SectionRole
    year: int | None = None
    start: int  # offset in the normalized text
    end: int
    parent: int | None = None  # index of the enclosing section, if any
    part: int = 0  # n-th chunk when a long section was split under a size bound

    @property
    def chars(self) -> int:
        return self.end - self.start


class Usage(BaseModel):
    """What talking to a model cost, every attempt counted."""

    requests: int = 0  # HTTP requests sent (cache hits send none)
    cache_hits: int = 0
    retries: int = 0  # transport retries (429, 5xx, timeouts, resets)
    reasks: int = 0  # validation re-asks
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0

    def add(self, other: Usage) -> Usage:
        if not any(vars(other).values()):
            return self  # the rules cost nothing, section after section: no new object
        return Usage(**{k: getattr(self, k) + getattr(other, k) for k in Usage.model_fields})


class SectionExtraction(BaseModel):
    """What one extraction call returns for one section."""

    model_config = ConfigDict(extra="ignore")

    targets: list[Target] = Field(default_factory=list)
    results: list[Result] = Field(default_factory=list)
    glossary: list[GlossaryTerm] = Field(default_factory=list)


class RunRecord(BaseModel):
    """Provenance: what produced an extraction, so a report says what it measured."""

    backend: str  # "rules" or "llm"
    model: str | None = None
    base_url_host: str | None = None  # host only: never a path with tokens, never a key
    mode: str | None = None
    prompt_version: str | None = None
    govx_version: str = ""
    git_hash: str | None = None
    usage: Usage = Field(default_factory=Usage)
    timings: dict[str, float] = Field(default_factory=dict)  # seconds per stage
    config: dict[str, object] = Field(default_factory=dict)
    started_at: str | None = None


class _DocumentBase(BaseModel):
    model_config = ConfigDict(extra="ignore")

    doc_id: str
    region: str | None = None
    level: str | None = None
    report_year: int | None = None
    scope: str = "all"
    targets: list[Target] = Field(default_factory=list)
    results: list[Result] = Field(default_factory=list)
    glossary: list[GlossaryTerm] = Field(default_factory=list)


class GoldDocument(_DocumentBase):
    """A gold file of ../shared/corpus/gold (GOLD.md)."""

    source: str | None = None


class ReportExtraction(_DocumentBase):
    """Everything govx extracted from one document, and how."""

    source: str | None = None  # the input path as given
    region_code: str | None = None
    sections: list[Section] = Field(default_factory=list)
    damaged_spans: list[tuple[int, int]] = Field(
        default_factory=list, description="Normalized-text spans whose bytes were lost (?。?)."
    )
    warnings: list[str] = Field(default_factory=list)
    run: RunRecord
