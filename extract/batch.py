"""Many documents to a run directory: resumable, concurrent, one failure never stops the rest."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from extract import rundir
from extract.backends import Backend, get_backend
from extract.config import ExtractConfig
from extract.documents import Document, load_document
from extract.inputs import expand_inputs
from extract.outputs import check_run_format, render_text, write_run_outputs
from extract.pipeline import extract_document
from extract.progress import Progress
from extract.provenance import git_hash, govx_version
from extract.secrets import redact
from schemas.errors import ConfigError, GovxError
from schemas.report import ReportExtraction, RunRecord, Section, SectionExtraction, Usage

Echo = Callable[[str], None]

RULES_NOTICE = (
    "govx: no model configured, so the offline rules extractor is used. To use an LLM, "
    "set --model (or GOVX_MODEL) and OPENAI_API_KEY, or --base-url for a local server."
)


@dataclass
class BatchSummary:
    done: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)

    def line(self) -> str:
        text = f"done {len(self.done)}, skipped {len(self.skipped)}, failed {len(self.failed)}"
        if self.usage.requests or self.usage.cache_hits:
            u = self.usage
            text += (
                f"; {u.requests} requests, {u.cache_hits} cached, {u.retries} retries, "
                f"{u.reasks} re-asks, {u.total_tokens} tokens"
            )
        return text


def run_cli_extract(
    paths: list[str],
    out_dir: Path | None,
    fmt: str,
    config: ExtractConfig,
    echo: Echo,
    notice: Echo,
) -> int:
    """`govx extract`: returns the exit status (1 when any document failed)."""
    if out_dir is not None:
        check_run_format(fmt)
    inputs = expand_inputs(paths)
    backend = get_backend(config)
    if config.chose_rules_by_default:
        notice(RULES_NOTICE)
    try:
        if out_dir is None:
            _print_extractions(inputs, fmt, backend, config, echo)
            return 0
        summary = run_batch(inputs, out_dir, backend, config, notice)
    finally:
        close = getattr(backend, "close", None)  # optional: backends holding connections
        if callable(close):
            close()
    _write_aggregate(out_dir, fmt, notice)
    for name, reason in summary.failed:
        notice(f"failed: {name}: {reason}")
    notice(summary.line())
    return 1 if summary.failed else 0


def _print_extractions(
    inputs: list[Path], fmt: str, backend: Backend, config: ExtractConfig, echo: Echo
) -> None:
    if fmt in ("xlsx", "html"):
        raise ConfigError(f"--format {fmt} writes files: add -o RUN_DIR")
    with _section_pool(backend, config) as pool:
        reports = [
            _stamp(extract_document(load_document(p), backend, pool), config) for p in inputs
        ]
    if fmt == "json":
        if len(reports) == 1:
            echo(reports[0].model_dump_json(indent=2))
        else:
            echo("[" + ",\n".join(r.model_dump_json(indent=2) for r in reports) + "]")
        return
    echo(render_text(reports, fmt))


def run_batch(
    inputs: list[Path], out_dir: Path, backend: Backend, config: ExtractConfig, notice: Echo
) -> BatchSummary:
    """Extract every input not yet done into `out_dir`; finished work is on disk at once."""
    started, wall = datetime.now(UTC).isoformat(timespec="seconds"), time.perf_counter()
    out_dir = rundir.prepare(out_dir)
    summary = BatchSummary()
    todo = []
    for path, target, done in rundir.plan_outputs(out_dir, inputs):
        if done:
            summary.skipped.append(target.stem)
        else:
            todo.append((path, target))
    if summary.skipped:
        notice(
            f"skipping {len(summary.skipped)} documents already done in {out_dir} "
            "(delete their .json to redo them)"
        )
    metered = _Metered(backend)
    with Progress(len(todo), enabled=config.progress) as progress:
        _run_documents(todo, metered, config, summary, progress)
    summary.usage = metered.usage  # every request, failed documents' included
    _in_input_order(summary, todo)
    record = _run_record(backend, config, summary, started, time.perf_counter() - wall)
    rundir.write_run_record(out_dir, record)
    return summary


def _in_input_order(summary: BatchSummary, todo: list[tuple[Path, Path]]) -> None:
    """Summaries list documents as given, whichever thread finished first."""
    done = {target.stem: i for i, (_, target) in enumerate(todo)}
    failed = {path.name: i for i, (path, _) in reversed(list(enumerate(todo)))}
    summary.done.sort(key=done.__getitem__)
    summary.failed.sort(key=lambda pair: failed[pair[0]])


def _run_documents(
    todo: list[tuple[Path, Path]],
    backend: Backend,
    config: ExtractConfig,
    summary: BatchSummary,
    progress: Progress,
) -> None:
    concurrent = backend.name != "rules" and config.concurrency > 1 and len(todo) > 1
    with _section_pool(backend, config) as sections:
        if not concurrent:
            for path, target in todo:
                _record(
                    summary, path, target, _one_document(path, target, backend, config, sections)
                )
                progress.advance(path.name)
            return
        with ThreadPoolExecutor(config.concurrency, thread_name_prefix="govx-doc") as docs:
            futures = {
                docs.submit(_one_document, p, t, backend, config, sections): (p, t) for p, t in todo
            }
            try:
                for future in as_completed(futures):
                    path, target = futures[future]
                    _record(summary, path, target, future.result())
                    progress.advance(path.name)
            except BaseException:
                # Ctrl-C: drop queued work, or leaving the `with` would run all of it first;
                # calls in flight finish (their answers are cached), finished files stay
                for pool in (docs, sections):
                    if pool is not None:
                        pool.shutdown(wait=False, cancel_futures=True)
                raise


def _one_document(
    path: Path, target: Path, backend: Backend, config: ExtractConfig, pool: Executor | None
) -> Usage | str:
    """Usage spent when the document was written, or the one-line reason it failed."""
    try:
        report = _stamp(extract_document(load_document(path), backend, pool), config)
        rundir.write_atomic(target, report.model_dump_json(indent=2) + "\n")
        return report.run.usage
    except ConfigError:
        raise  # a refused key or unknown model fails every document alike: stop the batch
    except GovxError as exc:
        return _one_line(str(exc))
    except Exception as exc:  # one broken document must not stop a batch of thousands
        return _one_line(redact(f"internal error ({type(exc).__name__}: {exc})"))


def _one_line(reason: str) -> str:
    """The summary prints one line per failed document, whatever the exception said."""
    return " ".join(reason.split())


def _record(summary: BatchSummary, path: Path, target: Path, outcome: Usage | str) -> None:
    if isinstance(outcome, str):
        summary.failed.append((path.name, outcome))
    else:
        summary.done.append(target.stem)


class _Metered:
    """The backend, counting what every section cost, also in documents that then fail.

    A document's own usage is lost when one of its sections fails, yet its other
    sections' requests were sent (and their answers cached): the run total must
    still count them, so usage is summed here, per section, as calls return.
    """

    def __init__(self, backend: Backend) -> None:
        self.backend, self.name = backend, backend.name
        self.usage = Usage()
        self._lock = threading.Lock()

    def extract_section(self, doc: Document, section: Section) -> tuple[SectionExtraction, Usage]:
        try:
            found, spent = self.backend.extract_section(doc, section)
        except Exception as exc:
            self._add(Usage.model_validate(getattr(exc, "usage", None) or {}))
            raise
        self._add(spent)
        return found, spent

    def run_record(self) -> RunRecord:
        return self.backend.run_record()

    def _add(self, spent: Usage) -> None:
        with self._lock:
            self.usage = self.usage.add(spent)


def _section_pool(backend: Backend, config: ExtractConfig) -> ThreadPoolExecutor | _NoPool:
    if backend.name == "rules" or config.concurrency <= 1:
        return _NoPool()
    return ThreadPoolExecutor(config.concurrency, thread_name_prefix="govx-section")


class _NoPool:
    """Stands in for an executor where threads would only add overhead (CPU-bound rules)."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _stamp(report: ReportExtraction, config: ExtractConfig) -> ReportExtraction:
    report.run.config = config.public()
    report.run.govx_version = govx_version()
    report.run.git_hash = git_hash()
    return report


def _run_record(
    backend: Backend, config: ExtractConfig, summary: BatchSummary, started: str, seconds: float
) -> dict[str, object]:
    run = backend.run_record()
    run.usage = summary.usage
    run.config = config.public()
    run.govx_version, run.git_hash, run.started_at = govx_version(), git_hash(), started
    run.timings["wall_s"] = round(seconds, 3)
    record: dict[str, object] = run.model_dump(mode="json")
    record["documents"] = {
        "done": summary.done,
        "skipped": summary.skipped,
        "failed": [{"input": name, "reason": reason} for name, reason in summary.failed],
    }
    return record


def _write_aggregate(out_dir: Path, fmt: str, notice: Echo) -> None:
    """Formats beyond per-document JSON are built from the run directory's files."""
    if fmt == "json":
        return
    for written in write_run_outputs(out_dir, fmt):
        notice(f"wrote {written}")
