"""Start and stop the stub server process (bench.stub_proc) and read what it received."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.common import ROOT, WORK


@dataclass
class Stub:
    url: str
    log: Path

    def bodies(self) -> list[dict[str, Any]]:
        """Every request body received so far, in arrival order."""
        if not self.log.exists():
            return []
        with self.log.open(encoding="utf-8") as handle:
            return [json.loads(line) for line in handle if line.strip()]

    def count(self) -> int:
        if not self.log.exists():
            return 0
        with self.log.open(encoding="utf-8") as handle:
            return sum(1 for line in handle if line.strip())


@contextmanager
def running_stub(latency: float, answers: str = "govx") -> Iterator[Stub]:
    WORK.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=WORK, prefix="stub-") as tmp:
        log = Path(tmp) / "requests.jsonl"
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "bench.stub_proc",
                "--latency",
                str(latency),
                "--log",
                str(log),
                "--answers",
                answers,
            ],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdin is not None and proc.stdout is not None
        try:
            url = proc.stdout.readline().strip()
            if not url.startswith("http"):
                raise RuntimeError("bench: the stub server did not start")
            yield Stub(url, log)
        finally:
            proc.stdin.close()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
