"""One LLMBackend serves many calls at once: the instructor-patched function and the
response model are built once, each call's state travels in a ContextVar. Answers
here are scripted by the stub server, not model output."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stub_server import Reply, StubServer, answer, section_of

from extract.config import ExtractConfig
from extract.llm.backend import LLMBackend
from extract.llm.schema import SectionAnswer, instructor_model
from extract.llm.transport import RetryPolicy
from schemas.report import Section, SectionRole

SECTIONS = 8


def test_instructor_model_asks_exactly_what_section_answer_asks() -> None:
    model = instructor_model()
    assert model is instructor_model()  # built once
    assert model.__name__ == SectionAnswer.__name__
    assert model.__doc__ == SectionAnswer.__doc__
    assert model.model_json_schema() == SectionAnswer.model_json_schema()
    first = model.model_json_schema()
    first["properties"].clear()  # a caller changing its copy changes no later request
    assert model.model_json_schema() == SectionAnswer.model_json_schema()


@dataclass
class Doc:
    text: str

    def section_text(self, section: Section) -> str:
        return self.text[section.start : section.end]


def clause(i: int) -> str:
    return f"项目{i}新增就业{100 + i}人。"


class WrongFirstForEven:
    """Even sections get a wrong value first (one re-ask), odd ones the right one."""

    def __init__(self) -> None:
        self.seen: set[str] = set()
        self.lock = threading.Lock()

    def __call__(self, body: dict[str, Any]) -> Reply:
        text = section_of(body)
        i = int(text[2 : text.index("新")])
        with self.lock:
            first = text not in self.seen
            self.seen.add(text)
        value = 100 + i + (1 if first and i % 2 == 0 else 0)
        item = {"indicator": "新增就业", "measure": "level", "value": value, "unit": "人",
                "year": 2024, "quote": text.rstrip("。")}  # fmt: skip
        return answer(body, {"results": [item]})


def test_one_backend_keeps_concurrent_calls_apart(tmp_path: Path) -> None:
    text = "".join(clause(i) for i in range(SECTIONS))
    sections, start = [], 0
    for i in range(SECTIONS):
        end = start + len(clause(i))
        section = Section(
            index=i, heading=f"第{i}节", role=SectionRole.review, start=start, end=end
        )
        sections.append(section)
        start = end
    with StubServer(WrongFirstForEven()) as server:
        config = ExtractConfig(
            model="stub-model", base_url=server.url, cache_dir=tmp_path, mode="tools"
        )
        backend = LLMBackend(config, environ={}, policy=RetryPolicy(attempts=2))
        try:
            with ThreadPoolExecutor(SECTIONS) as pool:
                done = list(pool.map(lambda s: backend.extract_section(Doc(text), s), sections))
        finally:
            backend.close()
    for i, (found, usage) in enumerate(done):
        assert [r.value for r in found.results] == [100 + i]
        assert usage.reasks == (1 if i % 2 == 0 else 0)
        assert usage.requests == usage.reasks + 1
