"""What the model sees and answers: govx items without provenance fields.

Section, span and grounding are govx's to fill, so the model-facing classes are
derived from schemas.items minus those fields (plus `estimated` for targets and
`main` for results, which GOLD.md defines for the other kind only). The answer's
validator runs the grounding check inside instructor's loop: a quote not in the
section or a value not written in its quote fails validation, and instructor
re-asks with the reasons. The check is found through a ContextVar rather than
instructor's `context=`, because instructor renders the messages as Jinja
templates whenever `context` is given, which would rewrite the section text.
"""

from __future__ import annotations

import functools
import json
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model, model_validator

from schemas.items import GlossaryTerm, Grounding, Item, Result, Target
from schemas.report import SectionExtraction

PROVENANCE = frozenset({"section", "start", "end", "grounding", "grounding_reason"})
EXCLUDED: dict[str, frozenset[str]] = {
    "targets": PROVENANCE | {"estimated"},
    "results": PROVENANCE | {"main"},
    "glossary": PROVENANCE,
}
_GOVX_TYPES: dict[str, type[BaseModel]] = {
    "targets": Target,
    "results": Result,
    "glossary": GlossaryTerm,
}


def _model_facing(name: str, source: type[BaseModel], excluded: frozenset[str]) -> Any:
    fields: dict[str, Any] = {
        key: (info.annotation, info)
        for key, info in source.model_fields.items()
        if key not in excluded
    }
    return create_model(name, __doc__=source.__doc__, **fields)


ModelTarget = _model_facing("Target", Target, EXCLUDED["targets"])
ModelResult = _model_facing("Result", Result, EXCLUDED["results"])
ModelTerm = _model_facing("GlossaryTerm", GlossaryTerm, EXCLUDED["glossary"])


@dataclass
class GroundingCheck:
    """The section an answer must be grounded in; lenient on the last attempt.

    On the last attempt the answer is accepted and its problems recorded instead of
    raised: items that still fail are kept and marked ungrounded, never dropped.
    """

    section_text: str
    lenient: bool = False
    problems: dict[tuple[str, int], str] = field(default_factory=dict)


CURRENT_CHECK: ContextVar[GroundingCheck | None] = ContextVar("govx_grounding_check", default=None)


class SectionAnswer(BaseModel):
    """Every target, result and glossary term stated in the section text."""

    model_config = ConfigDict(title="SectionAnswer")

    targets: list[ModelTarget] = Field(  # type: ignore[valid-type]
        default_factory=list, description="Figures set for a coming period."
    )
    results: list[ModelResult] = Field(  # type: ignore[valid-type]
        default_factory=list, description="Figures achieved in the reviewed period."
    )
    glossary: list[ModelTerm] = Field(  # type: ignore[valid-type]
        default_factory=list, description="名词解释 entries and footnote explanations."
    )

    @model_validator(mode="after")
    def grounded_in_section(self) -> SectionAnswer:
        check = CURRENT_CHECK.get()
        if check is None:
            return self
        check.problems = find_problems(to_extraction(self), check.section_text)
        if check.problems and not check.lenient:
            raise ValueError(problems_message(self, check.problems))
        return self


@functools.cache
def instructor_model() -> type[SectionAnswer]:
    """SectionAnswer as instructor's response model, built once per process.

    Handed a plain model, instructor wraps it in a new class on every call, so its
    schema cache never hits and pydantic rebuilds the JSON schema each time: most of
    govx's CPU per call. A ResponseSchema subclass is used as it is. JSON modes ask
    the class for its schema on every call too, so the schema is kept as text and a
    fresh copy handed out (callers may change what they get). Same name, docstring
    and schema as SectionAnswer: requests, and so cache keys, do not change.
    """
    from instructor import OpenAISchema

    class Answer(SectionAnswer, OpenAISchema):
        __doc__ = SectionAnswer.__doc__

        @classmethod
        def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
            if args or kwargs or cls is not Answer:  # only the default schema is kept
                return super().model_json_schema(*args, **kwargs)
            return dict(json.loads(schema_text))

    Answer.__name__ = Answer.__qualname__ = SectionAnswer.__name__
    schema_text = json.dumps(super(Answer, Answer).model_json_schema(), ensure_ascii=False)
    return Answer


def to_extraction(answer: SectionAnswer) -> SectionExtraction:
    """The model's answer as govx items (provenance still empty)."""
    return SectionExtraction.model_validate(answer.model_dump(mode="json"))


def find_problems(found: SectionExtraction, section_text: str) -> dict[tuple[str, int], str]:
    from extract.grounding import grounding_problem

    problems: dict[tuple[str, int], str] = {}
    kinds: dict[str, list[Any]] = {
        "targets": found.targets,
        "results": found.results,
        "glossary": found.glossary,
    }
    for kind, items in kinds.items():
        for i, item in enumerate(items):
            reason = grounding_problem(item, section_text)
            if reason:
                problems[(kind, i)] = reason
    return problems


def problems_message(answer: SectionAnswer, problems: dict[tuple[str, int], str]) -> str:
    """One line per failing item: which one, its quote, and what is wrong."""
    lines = ["some items are not grounded in the section text; fix or remove them:"]
    for (kind, i), reason in sorted(problems.items()):
        quote = getattr(answer, kind)[i].quote
        lines.append(f"{kind}[{i}] (quote {quote!r}): {reason}")
    return "\n".join(lines)


def mark_ungrounded(
    found: SectionExtraction, problems: dict[tuple[str, int], str]
) -> SectionExtraction:
    """Keep every item; those that still failed carry status ungrounded and the reason."""
    for (kind, i), reason in problems.items():
        item: Item | GlossaryTerm = getattr(found, kind)[i]
        item.grounding = Grounding.ungrounded
        item.grounding_reason = reason
    return found


def model_json(extraction: SectionExtraction) -> dict[str, list[dict[str, Any]]]:
    """An extraction as the model would write it (for few-shot examples)."""
    data = extraction.model_dump(mode="json")
    return {
        kind: [{k: _plain(v) for k, v in item.items() if k not in EXCLUDED[kind]} for item in items]
        for kind, items in data.items()
        if kind in EXCLUDED
    }


def _plain(value: Any) -> Any:
    """120 rather than 120.0: examples should look like what the text writes."""
    return int(value) if isinstance(value, float) and value.is_integer() else value
