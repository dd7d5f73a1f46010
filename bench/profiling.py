"""cProfile results summarised for RESULTS.md: which modules, which functions."""

from __future__ import annotations

import cProfile
import io
import pstats
import re
from typing import Any

from bench.common import ROOT


def profile_report(
    profile: cProfile.Profile, what: str, top: int = 15, sort: str = "tottime"
) -> str:
    """Where the time goes: share by module (govx's own, libraries), then top functions."""
    stats = pstats.Stats(profile)
    raw: dict[tuple[str, int, str], tuple[Any, ...]] = stats.stats  # type: ignore[attr-defined]
    total = sum(v[2] for v in raw.values()) or 1e-9
    by_module: dict[str, float] = {}
    for (filename, _line, _name), value in raw.items():
        by_module[_module(filename)] = by_module.get(_module(filename), 0.0) + value[2]
    lines = [
        f"Profile of {what} (cProfile, own time):",
        "",
        "| module | share of own time |",
        "| --- | --- |",
    ]
    for module, seconds in sorted(by_module.items(), key=lambda kv: -kv[1])[:10]:
        lines.append(f"| {module} | {seconds / total:.0%} |")
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats(sort).print_stats(top)
    body = out.getvalue()
    table = body[body.find("   ncalls") :].rstrip() if "   ncalls" in body else body
    order = "own time" if sort == "tottime" else "cumulative time"
    lines += ["", f"Top functions by {order}:", "", "```", _short_paths(table), "```"]
    return "\n".join(lines)


def _module(filename: str) -> str:
    marker = filename.replace("\\", "/")
    for root in ("/extract/", "/eval/", "/schemas/"):
        if root in marker and "site-packages" not in marker:
            return root.strip("/") + "/" + marker.split(root, 1)[1]
    if "site-packages/" in marker:
        return marker.split("site-packages/", 1)[1].split("/", 1)[0] + " (library)"
    if filename.startswith("~") or filename.startswith("<"):
        return "builtins (re, str, list...)"
    return "python stdlib"


_LONG_PATH = re.compile(r"\S*/(?:site-packages|lib/python3\.\d+)/")


def _short_paths(text: str) -> str:
    return _LONG_PATH.sub("", text.replace(str(ROOT) + "/", ""))
