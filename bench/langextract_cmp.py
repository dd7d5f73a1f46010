"""Part 5: the same documents through google/langextract and through govx, what each sends.

langextract is installed from PyPI into its own venv (bench/_work/langextract-venv,
made on first use and reused after) and run there by bench/lx_child.py, pointed at the
same stub server through its OpenAI provider. Both tools get the same task: govx's
instructions (prompts/<version>/instructions.md) and govx's few-shot examples, turned
into langextract ExampleData; langextract gets govx's normalized text of each report.
The stub's answers to langextract are scripted (an empty fenced JSON extraction list):
only requests and prompt size are compared, not what comes back.
"""

from __future__ import annotations

import json
import subprocess
import venv
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.common import CORPUS_TEXTS, ROOT, WORK, PartResult
from bench.prompt_cost import requests_for, tokenizer
from bench.stub import running_stub
from bench.stub_proc import section_text

VENV = WORK / "langextract-venv"
REQUIREMENT = "langextract>=1.7,<2"
KINDS = {"targets": "target", "results": "result", "glossary": "glossary_term"}


def venv_python() -> Path:
    """The langextract venv's interpreter, creating the venv (from PyPI) when missing."""
    python = VENV / "bin" / "python"
    if not python.exists():
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    probe = subprocess.run([str(python), "-c", "import langextract, openai"], capture_output=True)
    if probe.returncode != 0:
        done = subprocess.run(
            [str(python), "-m", "pip", "install", "-q", REQUIREMENT, "openai"],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            tail = done.stderr.strip().splitlines()[-1:] or ["no message"]
            raise RuntimeError(f"bench: pip install {REQUIREMENT} failed: {tail[0]}")
    return python


def installed_version(python: Path, package: str) -> str:
    done = subprocess.run(
        [
            str(python),
            "-c",
            f"from importlib import metadata; print(metadata.version({package!r}))",
        ],
        capture_output=True,
        text=True,
    )
    return done.stdout.strip() or "unknown"


def task_spec(url: str) -> dict[str, Any]:
    """govx's own instructions, examples and normalized texts, in langextract's terms."""
    from extract.documents import load_document
    from extract.llm.schema import model_json
    from extract.prompts import load_prompts

    prompts = load_prompts()
    examples = []
    for example in prompts.examples:
        answer = model_json(example.answer)
        extractions = [
            {
                "class": KINDS[kind],
                "text": item["quote"],
                "attributes": {k: v for k, v in item.items() if k != "quote" and v is not None},
            }
            for kind, items in answer.items()
            for item in items
        ]
        examples.append({"text": example.text, "extractions": extractions})
    documents = [
        {"doc_id": p.stem, "text": load_document(p).text}
        for p in sorted(CORPUS_TEXTS.glob("*.txt"))
    ]
    return {
        "base_url": url,
        "model_id": "gpt-4o-mini",
        "description": prompts.instructions,
        "examples": examples,
        "documents": documents,
    }


def prompt_texts(body: dict[str, Any]) -> list[str]:
    """What a request asks the model to read, in the order providers cache it: schema, messages."""
    texts = [
        json.dumps(body[k], ensure_ascii=False, sort_keys=True)
        for k in ("tools", "response_format")
        if body.get(k)
    ]
    return texts + [
        m["content"] for m in body.get("messages", []) if isinstance(m.get("content"), str)
    ]


def _common_prefix(a: str, b: str) -> int:
    low, high = 0, min(len(a), len(b))
    while low < high:  # binary search on slices: C-speed comparisons
        mid = (low + high + 1) // 2
        if a[:mid] == b[:mid]:
            low = mid
        else:
            high = mid - 1
    return low


def uncached_chars(bodies: list[dict[str, Any]]) -> int:
    """Characters left once each request's longest prefix shared with another is cached.

    The longest prefix a string shares with any other is shared with a neighbour in
    sorted order, so sorting makes this O(n log n). Real caches work in blocks (OpenAI:
    from 1,024 tokens in steps of 128; DeepSeek: 64 tokens), so this is a lower bound.
    """
    flat = sorted("\x00".join(prompt_texts(b)) for b in bodies)
    left = 0
    for i, text in enumerate(flat):
        shared = max(
            _common_prefix(text, flat[i - 1]) if i else 0,
            _common_prefix(text, flat[i + 1]) if i + 1 < len(flat) else 0,
        )
        left += len(text) - shared
    return left


def run_langextract(python: Path) -> tuple[list[dict[str, Any]], dict[str, Any], list[str]]:
    """langextract's requests, its outcome, and the document texts it was given."""
    WORK.mkdir(parents=True, exist_ok=True)
    with running_stub(0.0, answers="langextract") as stub:
        spec = task_spec(stub.url)
        spec_path = WORK / "langextract-spec.json"
        spec_path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
        done = subprocess.run(
            [str(python), str(ROOT / "bench" / "lx_child.py"), str(spec_path)],
            capture_output=True,
            text=True,
            timeout=600,
        )
        lines = done.stdout.strip().splitlines()
        outcome = json.loads(lines[-1]) if lines else {"error": done.stderr.strip()[-300:]}
        return stub.bodies(), outcome, [d["text"] for d in spec["documents"]]


def run() -> PartResult:
    result = PartResult("langextract", method=__doc__ or "")
    python = venv_python()
    result.versions["langextract"] = installed_version(python, "langextract")
    lx_bodies, outcome, texts = run_langextract(python)
    documents = len(texts)
    count = tokenizer()
    sides = {"govx": requests_for("tools", True), "langextract": lx_bodies}
    figures = {name: _per_document(b, documents, count) for name, b in sides.items()}
    for name, (requests, chars, tokens, left) in figures.items():
        result.add(f"{name}: requests per document", f"{requests:.1f}")
        result.add(
            f"{name}: prompt characters per document",
            f"{chars:,.0f}",
            note=f"{tokens:,.0f} tokens (qwen tokenizer); {documents} corpus reports",
        )
        result.add(f"{name}: characters per document beyond a cached prefix", f"{left:,.0f}")
    g, x = figures["govx"], figures["langextract"]
    result.add("langextract / govx: requests", f"{x[0] / g[0]:.2f}x")
    result.add(
        "langextract / govx: prompt characters",
        f"{x[1] / g[1]:.2f}x",
        note=f"tokens {x[2] / g[2]:.2f}x",
    )
    result.add("langextract / govx: characters beyond a cached prefix", f"{x[3] / g[3]:.2f}x")
    for name, bodies in sides.items():
        cut, sent = figures_cut(bodies, texts, READERS[name])
        result.add(
            f"{name}: figures cut by a request boundary",
            f"{cut} of {sent}",
            note="numbers (govx's parser) that start in one request's text and end in another",
        )
    if outcome.get("error") or outcome.get("done") != documents:
        result.add("langextract run", "incomplete", note=str(outcome.get("error")))
    result.details.append(_details(lx_bodies, outcome))
    return result


def langextract_chunk(body: dict[str, Any]) -> str:
    """The chunk of a langextract request: its prompt ends `Q: <chunk>\\nA: `."""
    content = body["messages"][-1]["content"]
    start, end = content.rfind("Q: "), content.rfind("\nA: ")
    return content[start + 3 : end] if 0 <= start < end else ""


READERS = {"govx": section_text, "langextract": langextract_chunk}


def figures_cut(
    bodies: list[dict[str, Any]], texts: list[str], read: Callable[[dict[str, Any]], str]
) -> tuple[int, int]:
    """(figures split across two requests' texts, figures at least partly sent)."""
    from extract.numbers import find_numbers

    spans: dict[int, list[tuple[int, int]]] = {}
    for body in bodies:
        sent = read(body)
        for n, text in enumerate(texts):
            at = text.find(sent) if sent else -1
            if at >= 0:
                spans.setdefault(n, []).append((at, at + len(sent)))
                break
    cut = total = 0
    for n, located in spans.items():
        for mention in find_numbers(texts[n]):
            touching = [(a, b) for a, b in located if a < mention.end and mention.start < b]
            if not touching:
                continue
            total += 1
            if not any(a <= mention.start and mention.end <= b for a, b in touching):
                cut += 1
    return cut, total


def _per_document(
    bodies: list[dict[str, Any]], documents: int, count: Any
) -> tuple[float, float, float, float]:
    """Requests, prompt characters, prompt tokens and uncached characters per document."""
    texts = [prompt_texts(b) for b in bodies]
    return (
        len(bodies) / documents,
        sum(len(t) for ts in texts for t in ts) / documents,
        sum(count(t) for ts in texts for t in ts) / documents,
        uncached_chars(bodies) / documents,
    )


def _details(bodies: list[dict[str, Any]], outcome: dict[str, Any]) -> str:
    """How a langextract prompt is laid out: description, examples, then the chunk last."""
    sample = bodies[0]["messages"][-1]["content"] if bodies else ""
    chunk_at = max(0, sample.rfind("Q: "))
    around = sample[max(0, chunk_at - 300) :][:700].replace("```", "'''")
    return (
        f"langextract run: {outcome}. One langextract request: a one-line JSON system "
        f"message, then a user message of {len(sample):,} characters whose last "
        f"{len(sample) - chunk_at:,} are the chunk (`Q: ...`); the rest, the description "
        "and the examples, is the same every call. Around the chunk's start:"
        f"\n\n```\n...{around}\n...\n```"
    )
