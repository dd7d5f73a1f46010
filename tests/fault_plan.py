"""A seeded fault plan for the stub server: what a flaky, rate-limited endpoint and a
careless model do to requests. Every reply is scripted, none is model output.

Whether a request meets a fault, and which, is decided by hashing the seed, the
request body and how many times that body was seen: the same plan gives the same
faults whatever order concurrent threads send requests in, and a retried request
gets a fresh draw (so a 20% rate cannot fault one request forever).

    plan = FaultPlan(payload_for, rate=0.2, seed=7, slow=1.0)
    with StubServer(plan) as server: ...
    plan.injected  # Counter of fault kinds actually served
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

from stub_server import Reply, answer, rate_limited, server_error

TRANSPORT_FAULTS = ("429_retry_after", "429_bare", "500", "502", "503", "reset", "reset_mid",
                    "truncate", "slow")  # fmt: skip
CONTENT_FAULTS = ("cut_json", "bad_schema", "invented_number", "think", "fence")
FAULT_KINDS = TRANSPORT_FAULTS + CONTENT_FAULTS

Payload = dict[str, list[dict[str, Any]]]
PayloadFor = Callable[[dict[str, Any]], Payload]  # request body -> the right answer


class FaultPlan:
    """A responder: the right answer, or with probability `rate` one of `kinds` of fault.

    `forced(body)` may name a fault to serve every time (a document that always fails).
    """

    def __init__(
        self,
        payload_for: PayloadFor,
        rate: float,
        seed: int,
        kinds: tuple[str, ...] = FAULT_KINDS,
        slow: float = 1.0,
        forced: Callable[[dict[str, Any]], str | None] = lambda body: None,
    ) -> None:
        self.payload_for, self.rate, self.seed, self.kinds = payload_for, rate, seed, kinds
        self.slow, self.forced = slow, forced
        self.injected: Counter[str] = Counter()
        self._seen: Counter[str] = Counter()
        self._lock = threading.Lock()

    def __call__(self, body: dict[str, Any]) -> Reply:
        kind = self.forced(body) or self._draw(body)
        if kind is None:
            return answer(body, self.payload_for(body))
        with self._lock:
            self.injected[kind] += 1
        return self.fault(kind, body)

    def _draw(self, body: dict[str, Any]) -> str | None:
        digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
        with self._lock:
            self._seen[digest] += 1
            nth = self._seen[digest]
        roll = hashlib.sha256(f"{self.seed}:{digest}:{nth}".encode()).digest()
        if int.from_bytes(roll[:4], "big") / 2**32 >= self.rate:
            return None
        return self.kinds[int.from_bytes(roll[4:8], "big") % len(self.kinds)]

    def fault(self, kind: str, body: dict[str, Any]) -> Reply:
        simple = {
            "429_retry_after": lambda: rate_limited(retry_after=0.01),
            "429_bare": lambda: rate_limited(retry_after=None),
            "reset": lambda: Reply(fault="reset"),
        }
        if kind in simple:
            return simple[kind]()
        if kind in ("500", "502", "503"):
            return server_error(int(kind))
        good = answer(body, self.payload_for(body))
        if kind in ("reset_mid", "truncate"):
            return Reply(status=good.status, body=good.body, fault=kind)
        if kind == "slow":  # the right answer, after the client has given up
            return Reply(status=good.status, body=good.body, delay=self.slow)
        return answer(body, self.bad_content(kind, body))

    def bad_content(self, kind: str, body: dict[str, Any]) -> str | Payload:
        right = self.payload_for(body)
        text = json.dumps(right, ensure_ascii=False)
        if kind == "cut_json":
            return text[: max(1, len(text) // 2)]
        if kind == "bad_schema":
            return {"results": [{"indicator": 5, "measure": "sideways", "quote": None}]}
        if kind == "invented_number":
            return invented(right)
        if kind == "think":  # a draft with an invented item inside the block, then the answer
            draft = json.dumps(invented(right), ensure_ascii=False)
            return f"<think>\nFirst draft: {draft}\nCheck the quotes.\n</think>\n{text}"
        if kind == "fence":
            return f"Here is the JSON:\n```json\n{text}\n```"
        raise ValueError(f"unknown fault kind {kind!r}")


def invented(right: Payload) -> Payload:
    """The right answer plus a figure the text never states (what an injection asks for)."""
    item = {"indicator": "地区生产总值", "measure": "growth", "value": 99, "unit": "%",
            "quote": "地区生产总值增长99%"}  # fmt: skip
    return {**right, "targets": [*right.get("targets", []), item]}
