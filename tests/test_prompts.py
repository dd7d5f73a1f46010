"""Prompts are versioned data files, checked before use."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from extract.prompts import PROMPTS_DIR, load_prompts
from schemas.errors import ConfigError
from schemas.report import Section, SectionRole


def test_v1_loads_and_its_examples_are_sound() -> None:
    prompts = load_prompts("v1")
    assert prompts.version == "v1"
    assert {e.role for e in prompts.examples} == {"plan", "review", "glossary"}
    assert set(prompts.roles) == {"plan", "review", "glossary"}


def test_messages_put_static_text_first_and_the_section_last() -> None:
    prompts = load_prompts("v1")
    section = Section(index=0, heading="二、工作安排", role=SectionRole.plan, year=2025,
                      start=0, end=9)  # fmt: skip
    system, user = prompts.messages(section, "某某文本")
    assert system["role"] == "system" and "Example 1 (fictional)" in system["content"]
    assert "某某文本" not in system["content"]
    assert user["content"].endswith("Section text:\n某某文本")
    assert '"grounding"' not in system["content"] and '"start"' not in system["content"]


def _copy_with_example(tmp_path: Path, change: dict[str, object]) -> Path:
    root = tmp_path / "prompts"
    shutil.copytree(PROMPTS_DIR / "v1", root / "vbad")
    path = root / "vbad" / "examples.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["examples"][0]["answer"]["targets"][0].update(change)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return root


def test_an_example_quote_missing_from_its_text_fails_fast(tmp_path: Path) -> None:
    root = _copy_with_example(tmp_path, {"quote": "地区生产总值增长7%左右"})
    with pytest.raises(ConfigError) as caught:
        load_prompts("vbad", root)
    assert str(caught.value) == (
        f"{root / 'vbad' / 'examples.json'}: example 1: targets[0] quote "
        "'地区生产总值增长7%左右' is not in the example text; fix the example"
    )


def test_an_example_value_not_written_in_its_quote_fails_fast(tmp_path: Path) -> None:
    root = _copy_with_example(tmp_path, {"value": 7})
    with pytest.raises(ConfigError, match="does not write the value 7; fix the example"):
        load_prompts("vbad", root)


def test_an_unknown_version_names_the_ones_there_are() -> None:
    with pytest.raises(ConfigError, match=r"no prompts for version 'v9' .*; use one of v1"):
        load_prompts("v9")
