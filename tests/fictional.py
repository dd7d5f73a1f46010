"""Small fictional work reports for reliability tests, and an honest scripted answerer.

Every region, figure and sentence is made up from a seed; nothing is from the corpus.
`honest_payload` answers a section request with the items its text really states:
a test double playing a careful model, not model output.
"""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

from stub_server import section_of

_GDP = re.compile(r"地区生产总值增长(\d+(?:\.\d+)?)%(左右)?")
_JOBS = re.compile(r"新增城镇就业(\d+)人")


def report_text(n: int, seed: int = 0) -> str:
    rng = random.Random(seed * 100_003 + n)
    # job figures step with n, so no two documents share a section text (or a cache entry)
    gdp, jobs = round(rng.uniform(3, 9), 1), 1000 + 50 * n + rng.randrange(50)
    goal, goal_jobs = round(rng.uniform(4, 8), 1), 1000 + 50 * n + rng.randrange(50)
    return (
        f"虚构第{n}县人民政府工作报告\n"
        "一、2024年工作回顾\n"
        f"全县地区生产总值增长{gdp}%，新增城镇就业{jobs}人。\n"
        "二、2025年工作安排\n"
        f"地区生产总值增长{goal}%左右，新增城镇就业{goal_jobs}人。\n"
    )


def write_reports(folder: Path, count: int, seed: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"county-{n:03d}.txt"
        path.write_text(report_text(n, seed), encoding="utf-8")
        paths.append(path)
    return paths


def honest_payload(body: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    text = section_of(body)
    kind, year = ("targets", 2025) if "左右" in text else ("results", 2024)
    items = [
        {"indicator": "地区生产总值", "canonical": "gdp", "measure": "growth",
         "value": float(m.group(1)), "unit": "%", "year": year, "quote": m.group(0)}
        for m in _GDP.finditer(text)
    ] + [
        {"indicator": "新增城镇就业", "measure": "level", "value": int(m.group(1)), "unit": "人",
         "year": year, "quote": m.group(0)}
        for m in _JOBS.finditer(text)
    ]  # fmt: skip
    return {kind: items}


def document_number(section_text: str) -> int:
    """Which report_text(n) a section came from (its job figure steps with n)."""
    return (int(_JOBS.findall(section_text)[0]) - 1000) // 50
