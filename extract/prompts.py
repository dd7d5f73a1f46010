"""Versioned prompts: instructions per section role and few-shot examples, as data files.

prompts/<version>/instructions.md    what to extract and how (all roles)
prompts/<version>/roles/<role>.md    what a section of that role holds
prompts/<version>/examples.json      fictional worked examples

Examples are checked when loaded (fail fast, like langextract): each one must parse
as govx items, every quote must be in its example text and every value written in
its quote, so the model is never taught to invent. Messages put the static text
first and the section text last, so a provider's prompt-prefix cache can hit.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from extract.llm.schema import model_json
from schemas.errors import ConfigError
from schemas.report import Section, SectionExtraction

PROMPTS_DIR = Path(__file__).resolve().parents[1] / "prompts"
DEFAULT_VERSION = "v1"


@dataclass(frozen=True)
class Example:
    role: str
    heading: str
    year: int | None
    text: str
    answer: SectionExtraction


@dataclass(frozen=True)
class PromptSet:
    version: str
    instructions: str
    roles: dict[str, str]
    examples: tuple[Example, ...]
    # system messages by role, built on first use: the same for every call of a run
    _system: dict[str, str] = field(default_factory=dict, init=False, compare=False, repr=False)

    def system_message(self, role: str) -> str:
        """Everything that does not depend on the section: same bytes for every call."""
        if role not in self._system:  # two threads may both build it: same text
            self._system[role] = self._build_system_message(role)
        return self._system[role]

    def _build_system_message(self, role: str) -> str:
        parts = [self.instructions.strip()]
        if role in self.roles:
            parts.append(self.roles[role].strip())
        for n, example in enumerate(self._examples_for(role), start=1):
            block = _section_block(example.heading, example.year, example.text)
            parts.append(f"Example {n} (fictional)\n{block}")
            answer = json.dumps(model_json(example.answer), ensure_ascii=False)
            parts.append(f"Answer:\n{answer}")
        return "\n\n".join(parts)

    def messages(self, section: Section, text: str) -> list[dict[str, str]]:
        """Fresh messages for one call: static system text, then the section last."""
        return [
            {"role": "system", "content": self.system_message(section.role.value)},
            {"role": "user", "content": _section_block(section.heading, section.year, text)},
        ]

    def _examples_for(self, role: str) -> list[Example]:
        # role-matched examples teach best; other sections see all of them
        matched = [e for e in self.examples if e.role == role]
        return matched or list(self.examples)


def _section_block(heading: str, year: int | None, text: str) -> str:
    year_line = f"Year of the section: {year}\n" if year else ""
    return f"Section heading: {heading}\n{year_line}Section text:\n{text}"


@functools.lru_cache(maxsize=8)
def load_prompts(version: str = DEFAULT_VERSION, root: Path = PROMPTS_DIR) -> PromptSet:
    """Read and check prompts/<version>; ConfigError naming the file and the fix."""
    folder = root / version
    if not folder.is_dir():
        raise ConfigError(
            f"no prompts for version {version!r} in {root}; use one of "
            f"{', '.join(sorted(p.name for p in root.iterdir() if p.is_dir()))}"
        )
    roles = {p.stem: p.read_text(encoding="utf-8") for p in sorted((folder / "roles").glob("*.md"))}
    examples_path = folder / "examples.json"
    return PromptSet(
        version=version,
        instructions=(folder / "instructions.md").read_text(encoding="utf-8"),
        roles=roles,
        examples=tuple(_load_examples(examples_path)),
    )


def _load_examples(path: Path) -> list[Example]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))["examples"]
    except (OSError, ValueError, KeyError) as exc:
        raise ConfigError(f"{path}: cannot read examples ({exc}); fix the file") from exc
    examples = []
    for n, entry in enumerate(raw, start=1):
        try:
            answer = SectionExtraction.model_validate(entry["answer"])
            example = Example(
                entry["role"], entry["heading"], entry.get("year"), entry["text"], answer
            )
        except (KeyError, ValidationError) as exc:
            reason = str(exc).splitlines()[0]
            raise ConfigError(f"{path}: example {n} is malformed ({reason}); fix it") from exc
        problem = example_problem(example)
        if problem:
            raise ConfigError(f"{path}: example {n}: {problem}; fix the example")
        examples.append(example)
    return examples


def example_problem(example: Example) -> str | None:
    """Why an example would teach the model to invent, or None when it is sound."""
    from extract.numbers import value_written_in

    answer = example.answer
    for kind, items in (("targets", answer.targets), ("results", answer.results)):
        for i, item in enumerate(items):
            where = f"{kind}[{i}] quote {item.quote!r}"
            if item.quote not in example.text:
                return f"{where} is not in the example text"
            for value in (item.value, item.value_max):
                if value is not None and not value_written_in(value, item.quote):
                    return f"{where} does not write the value {value:g}"
    for i, term in enumerate(answer.glossary):
        if term.quote not in example.text:
            return f"glossary[{i}] quote {term.quote!r} is not in the example text"
        if term.term not in term.quote:
            return f"glossary[{i}] quote {term.quote!r} does not hold the term {term.term!r}"
    return None
