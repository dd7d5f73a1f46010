"""The tests' OpenAI-compatible stub server (tests/stub_server.py) in its own process.

`python -m bench.stub_proc --latency 0.2 --log FILE --answers govx|langextract` prints
its base URL on the first line of stdout, then serves until stdin closes. Each request
body is appended to FILE as one JSON line. Running it in a separate process keeps the
server's own work off the measured process's interpreter lock, as a remote model would.

The answers are scripted, never model output: for govx, up to eight items built from
numbers in the section text (each checked with govx's own grounding rule, so no answer
triggers a re-ask); for langextract, an empty fenced JSON extraction list. Only what
is sent, and when, is being measured.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

from bench.common import ROOT

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.stub_server import Reply, StubServer, answer, completion

SECTION_TEXT = "Section text:\n"
_CLAUSE = re.compile(r"[^，。；：,;:\n]+")
MAX_ITEMS = 8


def section_text(body: dict[str, Any]) -> str:
    """The section text of a govx request (the user message after its header lines)."""
    for message in reversed(body.get("messages", [])):
        content = message.get("content")
        if message.get("role") == "user" and isinstance(content, str) and SECTION_TEXT in content:
            return content.split(SECTION_TEXT, 1)[1]
    return ""


def govx_payload(text: str) -> dict[str, list[dict[str, Any]]]:
    """Scripted items: each number's clause as quote, checked as govx checks answers."""
    from extract.grounding import grounding_problem
    from extract.numbers import find_numbers
    from schemas.items import Result

    items: list[dict[str, Any]] = []
    for clause in _CLAUSE.finditer(text):
        for mention in find_numbers(clause.group(0))[:1]:
            item = {
                "indicator": clause.group(0)[: mention.start].strip() or "指标",
                "measure": "level",
                "value": mention.value,
                "value_max": mention.value_max,
                "unit": mention.unit,
                "quote": clause.group(0),
            }
            if grounding_problem(Result.model_validate(item), text) is None:
                items.append(item)
        if len(items) >= MAX_ITEMS:
            break
    return {"targets": [], "results": items, "glossary": []}


def langextract_reply(body: dict[str, Any]) -> Reply:
    content = '```json\n{"extractions": []}\n```'
    return completion(body, {"role": "assistant", "content": content})


def _no_nagle(server: StubServer) -> None:
    """TCP_NODELAY on the server's sockets, as real HTTP servers set it.

    The handler writes the headers and the body in two sends; with Nagle's algorithm
    on, the body waits for the client's delayed ACK of the headers (~40 ms on Linux),
    which made every stub call take 40+ ms with no latency configured.
    """
    handler = server._httpd.RequestHandlerClass  # the tests' stub does not expose it
    handler.disable_nagle_algorithm = True  # type: ignore[attr-defined]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.stub_proc")
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--log", type=Path, required=True)
    parser.add_argument("--answers", choices=("govx", "langextract"), default="govx")
    args = parser.parse_args(argv)
    lock = threading.Lock()
    log = args.log.open("a", encoding="utf-8")

    def responder(body: dict[str, Any]) -> Reply:
        with lock:
            log.write(json.dumps(body, ensure_ascii=False) + "\n")
            log.flush()
        if args.answers == "langextract":
            reply = langextract_reply(body)
        else:
            reply = answer(body, govx_payload(section_text(body)))
        return replace(reply, delay=args.latency)

    with StubServer(responder=responder) as server:
        _no_nagle(server)
        print(server.url, flush=True)
        sys.stdin.read()  # the parent closes our stdin to stop us
    log.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
