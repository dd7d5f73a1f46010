"""Part 2: 1, 10, 100, 1000 documents through `govx extract DIR -o RUN` (rules backend).

Each size runs in a fresh child process, as a user runs it, so its time includes
start-up and its peak memory (ru_maxrss from wait4, the child's own) is the whole
run's. Time is the child's CPU time (user + system, from the same wait4), which other
work on the machine does not inflate the way it does wall time; wall time is noted.
Time should grow linearly or better; peak memory should not grow with the number of
documents (a batch keeps one document in memory at a time).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.common import ROOT, WORK, Clocked, PartResult, corpus_texts, fmt_s, replicate_count

TIME_SLACK = 1.15  # per-document time at the largest size vs the one before it
MEMORY_SLACK = 1.10  # peak memory at the largest size vs at 10 documents


def write_docs(n: int, folder: Path) -> Path:
    """`n` replica documents in `folder` (kept between bench runs when unchanged)."""
    folder.mkdir(parents=True, exist_ok=True)
    wanted = replicate_count(corpus_texts(), n)
    names = {f"{name}.txt" for name, _ in wanted}
    for stale in folder.glob("*.txt"):
        if stale.name not in names:
            stale.unlink()
    for name, text in wanted:
        path = folder / f"{name}.txt"
        data = text.encode("utf-8")
        if not path.exists() or path.stat().st_size != len(data):
            path.write_bytes(data)
    return folder


def govx_command() -> list[str]:
    """`govx` from this source tree (run with cwd=ROOT), not whatever the venv installed."""
    return [sys.executable, "-c", "import sys, govx; sys.exit(govx.main())"]


def run_child(args: list[str]) -> tuple[Clocked, int, int, str]:
    """(CPU and wall seconds, peak RSS in KiB, exit status, stderr tail) of one child run."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    assert proc.stderr is not None
    err = proc.stderr.read()  # before wait4, so a full pipe cannot block the child
    _pid, status, usage = os.wait4(proc.pid, 0)
    spent = Clocked(usage.ru_utime + usage.ru_stime, time.perf_counter() - start)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return (
        spent,
        usage.ru_maxrss,
        proc.returncode,
        err.strip().splitlines()[-1:][0] if err.strip() else "",
    )


def run(sizes: tuple[int, ...] = (1, 10, 100, 1000)) -> PartResult:
    result = PartResult("scale", method=__doc__ or "")
    measured: dict[int, tuple[float, int]] = {}
    for n in sizes:
        docs = write_docs(n, WORK / "scale" / f"docs-{n}")
        out = WORK / "scale" / f"run-{n}"
        shutil.rmtree(out, ignore_errors=True)  # the batch resumes: a stale run would skip work
        args = [
            *govx_command(),
            "extract",
            str(docs),
            "-o",
            str(out),
            "--backend",
            "rules",
            "--no-progress",
        ]
        spent, rss_kib, code, last = run_child(args)
        written = len(list(out.glob("*.json"))) - 1 if out.exists() else 0
        note = f"{written} of {n} written, exit {code}" + (f"; {last}" if code else "")
        result.add(
            f"{n} docs: CPU time",
            fmt_s(spent.cpu),
            note=f"{fmt_s(spent.cpu / n)}/doc; wall {fmt_s(spent.wall)}; {note}",
        )
        result.add(f"{n} docs: peak memory", f"{rss_kib / 1024:.0f} MiB", note="child ru_maxrss")
        if code or written != n:
            result.add(f"{n} docs", "failed", "all written", False, note)
            return result  # figures of a failing run say nothing about scaling
        measured[n] = (spent.cpu, rss_kib)
    _verdicts(result, measured)
    return result


def _verdicts(result: PartResult, measured: dict[int, tuple[float, int]]) -> None:
    sizes = sorted(measured)
    if len(sizes) < 2:
        return
    small, large = sizes[-2], sizes[-1]
    per_small = measured[small][0] / small
    per_large = measured[large][0] / large
    result.add(
        f"CPU time per doc, {large} vs {small} docs",
        f"{per_large / per_small:.2f}x",
        f"<= {TIME_SLACK:g}x (linear or better)",
        per_large <= per_small * TIME_SLACK,
        f"{fmt_s(per_small)} -> {fmt_s(per_large)} per doc",
    )
    base = measured[min(s for s in sizes if s >= 10)][1] if any(s >= 10 for s in sizes) else 0
    if base:
        ratio = measured[large][1] / base
        result.add(
            f"peak memory, {large} vs 10 docs",
            f"{ratio:.2f}x",
            f"<= {MEMORY_SLACK:g}x (flat)",
            ratio <= MEMORY_SLACK,
            f"{base / 1024:.0f} -> {measured[large][1] / 1024:.0f} MiB",
        )
