"""kill -9 at several moments of a `govx extract` run (a real subprocess against the stub
server, scripted honest answers): finished documents stay readable, the cache opens and
reads, and each re-run asks only for what is not cached, until the run completes."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from fictional import honest_payload, write_reports
from stub_server import Reply, StubServer, answer

from extract import rundir
from extract.llm.cache import request_key
from extract.llm.schema import SectionAnswer
from extract.prompts import load_prompts
from schemas.items import Grounding
from schemas.report import ReportExtraction

DOCUMENTS, SECTIONS = 8, 16  # each fictional report has a review and a plan section
DELAY = 0.15  # seconds per answer: slow enough to kill mid-run


def _slow_honest(body: dict[str, Any]) -> Reply:
    reply = answer(body, honest_payload(body))
    reply.delay = DELAY
    return reply


def _start(server: StubServer, src: Path, out: Path, cache: Path) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "GOVX_"))}
    argv = [sys.executable, "-m", "govx", "extract", str(src), "-o", str(out),
            "--model", "stub-model", "--base-url", server.url, "--cache-dir", str(cache),
            "--concurrency", "2", "--no-progress"]  # fmt: skip
    # A child keeps an ignored SIGINT across exec (tests run as a background job have
    # one): with a handler here instead, it starts with Python's own and sees Ctrl-C.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return subprocess.Popen(
            argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
    finally:
        signal.signal(signal.SIGINT, previous)


def _wait_for(condition: Callable[[], bool], proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while not condition():
        assert proc.poll() is None, proc.communicate()[1].decode()
        assert time.monotonic() < deadline, "the run made no progress"
        time.sleep(0.005)


def _finished_documents(out: Path) -> set[str]:
    """Every document JSON on disk must parse: a torn write never shows under its name."""
    finished = set()
    for path in rundir.extraction_files(out) if out.exists() else []:
        report = ReportExtraction.model_validate_json(path.read_bytes())
        assert len(report.results) == 2 and len(report.targets) == 2
        finished.add(report.doc_id)
    return finished


def _cached_keys(cache: Path) -> set[str]:
    """Open the cache as a new reader would, check it, and read every entry."""
    import diskcache
    from openai.types.chat import ChatCompletion

    if not cache.exists():
        return set()
    with diskcache.Cache(str(cache), eviction_policy="none") as store:
        assert store.check() == []
        keys = set(store.iterkeys())
        for key in keys:
            ChatCompletion.model_validate_json(store[key])
    return keys


def _key(body: dict[str, Any], url: str) -> str:
    schema = json.dumps(SectionAnswer.model_json_schema(), sort_keys=True)
    return request_key(body, endpoint=url, mode="json", prompt_version=load_prompts().version,
                       schema=schema)  # fmt: skip


@pytest.mark.slow
def test_kill_9_at_several_moments_loses_nothing(tmp_path: Path) -> None:
    src, out, cache = tmp_path / "in", tmp_path / "run", tmp_path / "cache"
    write_reports(src, DOCUMENTS, seed=9)
    rng = random.Random(9)
    with StubServer(_slow_honest) as server:
        seen = 0
        # kill when the server has had n more requests (plus jitter), or right after the
        # next document lands on disk
        for moment in ("requests:1", "requests:5", "document", "requests:4"):
            cached, finished = _cached_keys(cache), _finished_documents(out)
            proc = _start(server, src, out, cache)
            if moment == "document":
                had = len(finished)
                _wait_for(lambda: len(_finished_documents(out)) > had, proc)  # noqa: B023
            else:
                n = int(moment.split(":")[1])
                _wait_for(lambda: len(server.requests) >= seen + n, proc)  # noqa: B023
                time.sleep(rng.uniform(0, DELAY))
            proc.send_signal(signal.SIGKILL)
            proc.communicate()
            new = server.bodies[seen:]
            seen += len(new)
            # a re-run never asks again for an answer the cache already had
            assert not {_key(b, server.url) for b in new} & cached
            assert _finished_documents(out) >= finished
            print(f"kill at {moment}: {len(_cached_keys(cache))} sections cached, "
                  f"{len(_finished_documents(out))} documents on disk")  # fmt: skip
        cached = _cached_keys(cache)
        assert 0 < len(cached) < SECTIONS
        proc = _start(server, src, out, cache)
        _, err = proc.communicate(timeout=120)
        final = server.bodies[seen:]
    assert proc.returncode == 0, err.decode()
    assert len(final) == SECTIONS - len(cached)  # only the sections not cached
    assert not {_key(b, server.url) for b in final} & cached
    assert len(_cached_keys(cache)) == SECTIONS
    assert _finished_documents(out) == {f"county-{n:03d}" for n in range(DOCUMENTS)}
    record = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert record["usage"]["requests"] == len(final)
    for path in rundir.extraction_files(out):
        report = ReportExtraction.model_validate_json(path.read_bytes())
        assert all(i.grounding == Grounding.exact for i in [*report.results, *report.targets])


@pytest.mark.slow
def test_ctrl_c_stops_queued_work_and_keeps_what_finished(tmp_path: Path) -> None:
    src, out, cache = tmp_path / "in", tmp_path / "run", tmp_path / "cache"
    write_reports(src, 12, seed=10)
    # answers after the third wait until Ctrl-C is sent: on a loaded machine the run
    # could otherwise finish before the test gets round to signalling it
    released, answered, lock = threading.Event(), [0], threading.Lock()

    def gated(body: dict[str, Any]) -> Reply:
        with lock:
            answered[0] += 1
            held = answered[0] > 3
        if held:
            released.wait(60)
        return _slow_honest(body)

    with StubServer(gated) as server:
        proc = _start(server, src, out, cache)
        _wait_for(lambda: len(server.requests) >= 3, proc)
        proc.send_signal(signal.SIGINT)
        at_signal = len(server.requests)
        released.set()
        _, err = proc.communicate(timeout=120)
        after = len(server.requests) - at_signal
    assert proc.returncode == 130
    assert err.decode().splitlines()[-1] == (
        "Interrupted: finished documents and cached answers are kept; re-run to resume."
    )
    assert after <= 4  # calls already in flight (2 documents x 2 sections), not the queue
    _finished_documents(out)  # what finished parses
    assert len(_cached_keys(cache)) >= at_signal - 4
