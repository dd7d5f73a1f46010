"""What every bench part shares: paths, the corpus and its replicas, timing, result rows."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS_TEXTS = SHARED / "corpus" / "texts"
# generated replicas, venvs and run directories: gitignored, never committed
WORK = ROOT / "bench" / "_work"
MB = 1_000_000  # throughput is in MB (10^6 bytes) of UTF-8 input text

if str(ROOT) not in sys.path:  # `python -m bench` from elsewhere still finds govx's packages
    sys.path.insert(0, str(ROOT))


@dataclass
class Row:
    """One figure against its goal. `met` is None for figures that have no goal."""

    part: str
    figure: str
    value: str
    goal: str = ""
    met: bool | None = None
    note: str = ""

    @property
    def status(self) -> str:
        return {True: "met", False: "MISS", None: "-"}[self.met]


@dataclass
class PartResult:
    """A part's rows plus free-form sections (profiles, notes) for RESULTS.md."""

    name: str
    rows: list[Row] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    seconds: float = 0.0
    versions: dict[str, str] = field(default_factory=dict)  # tools measured beside govx
    load: float = 0.0  # 1-minute load average when the part started (others' work skews it)
    method: str = ""  # how the part measures, for RESULTS.md (the module's docstring)

    def add(
        self, figure: str, value: str, goal: str = "", met: bool | None = None, note: str = ""
    ) -> None:
        self.rows.append(Row(self.name, figure, value, goal, met, note))


def corpus_texts() -> dict[str, str]:
    """The corpus texts by stem, read (never copied) from ../shared/corpus/texts."""
    if not CORPUS_TEXTS.is_dir():
        raise SystemExit(f"bench: no corpus at {CORPUS_TEXTS}; clone govx beside shared/")
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(CORPUS_TEXTS.glob("*.txt"))}


def mark_copy(text: str, copy: int) -> str:
    """Copy `copy` of a text, different from every other copy in each body paragraph.

    Copy 0 is the text itself. Later copies get a tag at the end of every long line
    (headings are short and stay as they are), so no cache keyed on a text or a
    section can make a replica free: each replica is work the first time.
    """
    if copy == 0:
        return text
    tag = f"〔副本{copy}〕"
    return "\n".join(line + tag if len(line) > 40 else line for line in text.split("\n"))


def replicate(texts: dict[str, str], min_bytes: int) -> list[tuple[str, str]]:
    """(name, text) copies of the corpus, round-robin, until they hold `min_bytes`."""
    out: list[tuple[str, str]] = []
    total, copy = 0, 0
    while total < min_bytes:
        for stem, text in texts.items():
            marked = mark_copy(text, copy)
            out.append((f"{stem}-c{copy:04d}", marked))
            total += len(marked.encode("utf-8"))
            if total >= min_bytes:
                break
        copy += 1
    return out


def replicate_count(texts: dict[str, str], n: int) -> list[tuple[str, str]]:
    """The first `n` documents of the replicated corpus."""
    out: list[tuple[str, str]] = []
    copy = 0
    while len(out) < n:
        for stem, text in texts.items():
            if len(out) == n:
                break
            out.append((f"{stem}-c{copy:04d}", mark_copy(text, copy)))
        copy += 1
    return out


def utf8_bytes(texts: list[str]) -> int:
    return sum(len(t.encode("utf-8")) for t in texts)


@dataclass
class Clocked:
    """CPU and wall seconds of a single-threaded pass. MB/s per core are by CPU time,
    so other work on the machine (the other core, other users) does not skew them."""

    cpu: float = 0.0
    wall: float = 0.0

    def describe(self, mb: float) -> str:
        return f"{self.cpu:.1f} s CPU ({self.wall:.1f} s wall, {mb / self.wall:.2f} MB/s wall)"


@contextmanager
def clocked() -> Iterator[Clocked]:
    """`with clocked() as spent:` ... then spent.cpu and spent.wall are the block's seconds."""
    spent = Clocked()
    cpu, wall = time.process_time(), time.perf_counter()
    yield spent
    spent.cpu, spent.wall = time.process_time() - cpu, time.perf_counter() - wall


def fmt_s(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"
