"""An OpenAI-compatible HTTP server for tests: real sockets on 127.0.0.1, scripted replies.

Nothing it answers is model output. Replies come from a script (a FIFO of `Reply`
objects, consumed first) or from a responder function (request body -> Reply),
e.g. the oracle test double. Every request is recorded (path, headers, body).

    with StubServer(responder=lambda body: answer(body, {"targets": []})) as server:
        server.script(rate_limited(retry_after=0), server_error(503))  # then the responder
        ... OpenAI(base_url=server.url, ...) ...
        server.bodies  # the JSON bodies received, in order

`answer(body, payload)` shapes a reply for the request's mode: a tool call when the
request offered tools, JSON content otherwise. A `Reply` may carry a `fault` — the
hook for fault plans (tests/fault_plan.py): "reset" (RST without answering),
"reset_mid" (RST after half the body), "truncate" (half the body, then a clean
close), or a `delay` in seconds before answering.
"""

from __future__ import annotations

import json
import socket
import struct
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

FAULTS = ("reset", "reset_mid", "truncate")
SECTION_MARK = "Section text:\n"  # what govx's prompts put before a section's text


@dataclass
class Reply:
    """One scripted HTTP reply."""

    status: int = 200
    body: Any = None  # dict/list -> JSON; str/bytes sent as is
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    fault: str | None = None  # one of FAULTS

    def payload(self) -> bytes:
        if isinstance(self.body, bytes):
            return self.body
        if isinstance(self.body, str):
            return self.body.encode("utf-8")
        return json.dumps(self.body, ensure_ascii=False).encode("utf-8")


@dataclass
class Recorded:
    path: str
    headers: dict[str, str]
    body: Any


Responder = Callable[[dict[str, Any]], Reply]


def completion(body: dict[str, Any], message: dict[str, Any], finish: str = "stop") -> Reply:
    """A chat.completion reply with made-up but consistent token counts."""
    prompt_tokens = len(json.dumps(body.get("messages", []), ensure_ascii=False)) // 2
    completion_tokens = max(1, len(json.dumps(message, ensure_ascii=False)) // 2)
    return Reply(
        body={
            "id": "chatcmpl-stub",
            "object": "chat.completion",
            "created": 0,
            "model": body.get("model", "stub"),
            "choices": [{"index": 0, "message": message, "finish_reason": finish}],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        }
    )


def answer(body: dict[str, Any], payload: Any) -> Reply:
    """`payload` (dict or raw JSON text) as a tool call or as content, as the request asks."""
    text = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)
    tools = body.get("tools")
    if tools:
        name = tools[0]["function"]["name"]
        call = {
            "id": "call_stub",
            "type": "function",
            "function": {"name": name, "arguments": text},
        }
        message = {"role": "assistant", "content": None, "tool_calls": [call]}
        return completion(body, message, finish="tool_calls")
    return completion(body, {"role": "assistant", "content": text})


def section_of(body: dict[str, Any]) -> str:
    """The section text a request is about (its first user message, re-asks included)."""
    for message in body.get("messages", []):
        content = message.get("content")
        if message.get("role") == "user" and isinstance(content, str) and SECTION_MARK in content:
            return content.split(SECTION_MARK, 1)[1]
    raise AssertionError("a request without a section text")


def rate_limited(retry_after: float | None = 0) -> Reply:
    headers = {} if retry_after is None else {"Retry-After": f"{retry_after:g}"}
    error = {"error": {"message": "Rate limit reached (scripted)", "type": "rate_limit"}}
    return Reply(status=429, body=error, headers=headers)


def server_error(status: int = 500) -> Reply:
    return Reply(status=status, body={"error": {"message": f"scripted {status}"}})


class StubServer:
    """Start with `with StubServer(...) as server:`; `server.url` is the base URL."""

    def __init__(self, responder: Responder | None = None) -> None:
        self.responder = responder
        self.requests: list[Recorded] = []
        self._script: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._httpd = _QuietServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    @property
    def bodies(self) -> list[dict[str, Any]]:
        with self._lock:
            return [r.body for r in self.requests]

    def script(self, *replies: Reply) -> None:
        """Queue replies; they are used, in order, before the responder."""
        with self._lock:
            self._script.extend(replies)

    def reply_for(self, recorded: Recorded) -> Reply:
        with self._lock:
            self.requests.append(recorded)
            scripted = self._script.popleft() if self._script else None
        if scripted is not None:
            return scripted
        if self.responder is not None:
            return self.responder(recorded.body)
        return server_error(500)  # unscripted request: a test bug, made visible

    def __enter__(self) -> StubServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that timed out or was killed leaves a broken pipe: expected, not news."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def _handler_for(server: StubServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # without it each reply waits ~40 ms for a delayed TCP acknowledgement
        disable_nagle_algorithm = True

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                body = {"_unparsed": raw.decode("utf-8", "replace")}
            headers = {k.lower(): v for k, v in self.headers.items()}
            reply = server.reply_for(Recorded(self.path, headers, body))
            if reply.delay:
                time.sleep(reply.delay)
            self._send(reply)

        def _send(self, reply: Reply) -> None:
            if reply.fault == "reset":
                # RST instead of FIN: the client sees a connection error mid-request
                self.connection.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                )
                self.close_connection = True
                return
            data = reply.payload()
            self.send_response(reply.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            if reply.fault in ("truncate", "reset_mid"):
                self.wfile.write(data[: len(data) // 2])
                self.wfile.flush()
                if reply.fault == "reset_mid":  # RST after half the body, not a clean FIN
                    self.connection.setsockopt(
                        socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                    )
                self.close_connection = True
                return
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            return  # quiet: tests read server.requests instead

    return Handler
