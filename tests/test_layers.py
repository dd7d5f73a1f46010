"""Layers: schemas <- extract <- eval <- the CLI (govx.py). Checked on the AST."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ALLOWED = {
    "schemas": {"schemas"},
    "extract": {"schemas", "extract"},
    "eval": {"schemas", "extract", "eval"},
}
GOVX_PACKAGES = {"schemas", "extract", "eval", "govx"}


def _imported_packages(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found & GOVX_PACKAGES


def test_each_package_imports_only_the_layers_below_it() -> None:
    offences = []
    for package, allowed in ALLOWED.items():
        for path in sorted((ROOT / package).rglob("*.py")):
            bad = _imported_packages(path) - allowed
            if bad:
                offences.append(f"{path.relative_to(ROOT)} imports {sorted(bad)}")
    assert offences == []


def test_core_never_imports_providers() -> None:
    """Only extract/llm talks to openai/instructor; the rest stays importable offline."""
    offences = []
    for package in ("schemas", "extract", "eval"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if "llm" in path.relative_to(ROOT).parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                if any(n.split(".")[0] in {"openai", "instructor"} for n in names):
                    offences.append(str(path.relative_to(ROOT)))
    assert offences == []
