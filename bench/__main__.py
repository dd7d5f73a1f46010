"""`python -m bench [PART...] [--quick]`: run the benchmarks, print a table, write RESULTS.md.

With no PART every part runs and bench/RESULTS.md is rewritten. Naming parts runs
only those and writes bench/_work/RESULTS-partial.md instead, so a partial or quick
run never replaces the full record.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from bench.common import ROOT, WORK, PartResult

PARTS = ("throughput", "scale", "llm", "prompts", "langextract")
RESULTS = ROOT / "bench" / "RESULTS.md"


def _runners(quick: bool, latency: float) -> dict[str, Callable[[], PartResult]]:
    from bench import langextract_cmp, llm_path, prompt_cost, scale, throughput

    return {
        "throughput": lambda: throughput.run(
            together_mb=5 if quick else 50,
            stage_mb=2 if quick else 10,
            profile_mb=1 if quick else 2,
        ),
        "scale": lambda: scale.run(sizes=(1, 10, 100) if quick else (1, 10, 100, 1000)),
        "llm": lambda: llm_path.run(latency=latency, documents=20 if quick else 100),
        "prompts": prompt_cost.run,
        "langextract": langextract_cmp.run,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "parts", nargs="*", metavar="PART", help=f"one or more of {', '.join(PARTS)} (default: all)"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smaller inputs, for trying the bench itself (never RESULTS.md)",
    )
    parser.add_argument(
        "--latency",
        type=float,
        default=0.2,
        help="fixed latency L of the test server per call, seconds",
    )
    args = parser.parse_args(argv)
    unknown = [p for p in args.parts if p not in PARTS]
    if unknown:
        parser.error(f"unknown part {unknown[0]!r}; choose from {', '.join(PARTS)}")
    chosen = list(args.parts) or list(PARTS)
    runners = _runners(args.quick, args.latency)
    started = time.perf_counter()
    parts = []
    for name in chosen:
        print(f"bench: {name} ...", file=sys.stderr, flush=True)
        part_start, load = time.perf_counter(), os.getloadavg()[0]
        part = _run_part(name, runners[name])
        part.seconds, part.load = time.perf_counter() - part_start, load
        print(f"bench: {name} took {part.seconds:.0f} s", file=sys.stderr, flush=True)
        parts.append(part)
    return _report(
        parts,
        full=not args.parts and not args.quick,
        seconds=time.perf_counter() - started,
        argv=sys.argv[1:] if argv is None else argv,
    )


def _run_part(name: str, runner: Callable[[], PartResult]) -> PartResult:
    """A part that breaks is reported as a miss with its error; the other parts still run."""
    try:
        return runner()
    except Exception as exc:  # a benchmark harness: one broken part must not hide the rest
        traceback.print_exc()
        failed = PartResult(name)
        failed.add("part", "failed", "runs", False, f"{type(exc).__name__}: {exc}"[:300])
        return failed


def _report(parts: list[PartResult], full: bool, seconds: float, argv: list[str]) -> int:
    from bench.machine import describe
    from bench.report import results_markdown, table_text

    extra: dict[str, str] = {}
    for part in parts:
        extra.update(part.versions)
    print(table_text(parts))
    command = " ".join(["python -m bench", *argv])
    text = results_markdown(parts, describe(extra), command, seconds)
    target: Path = RESULTS if full else WORK / "RESULTS-partial.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"bench: wrote {target.relative_to(ROOT)} ({seconds:.0f} s in all)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
