"""govx command line: a thin layer over `extract` and `eval`.

Every command parses options, calls one library function and prints. Errors are
turned into one `Error: ...` line at a single boundary (`main`); `--debug` shows
the traceback instead. Heavy imports (openai, instructor) happen inside commands.
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from typing import Any

import click

from schemas.errors import GovxError

FORMATS = ("json", "jsonl", "csv", "xlsx", "html", "table")
MODES = ("tools", "json", "json_schema", "md_json")
INTERRUPTED = "Interrupted: finished documents and cached answers are kept; re-run to resume."


def _echo_err(message: str) -> None:
    click.echo(message, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.version_option(package_name="govx")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """govx: targets, results and glossary terms from government work reports."""
    ctx.obj = {"debug": debug}


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
def normalize(file: Path) -> None:
    """Print FILE as normalized simplified text."""
    from extract.documents import load_document

    click.echo(load_document(file).text)


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="A JSON list instead of a tree.")
def sections(file: Path, as_json: bool) -> None:
    """Print the section tree of FILE: heading, role, year, span."""
    from extract.documents import load_document
    from extract.sections import render_tree, sections_json

    doc = load_document(file)
    click.echo(sections_json(doc) if as_json else render_tree(doc))


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path), help="Run directory.")
@click.option("--backend", help="rules or llm (default: llm when a model is set, else rules).")
@click.option("--model", envvar="GOVX_MODEL", help="Model name [env GOVX_MODEL].")
@click.option("--base-url", envvar="OPENAI_BASE_URL", help="OpenAI-compatible endpoint.")
@click.option(
    "--api-key-env",
    default="OPENAI_API_KEY",
    show_default=True,
    help="Name of the environment variable holding the key.",
)
@click.option("--mode", type=click.Choice(MODES), help="instructor mode; default per endpoint.")
@click.option("--offline", is_flag=True, help="Answer from the cache only; fail on a miss.")
@click.option("--cache-dir", type=click.Path(path_type=Path), envvar="GOVX_CACHE_DIR")
@click.option("--concurrency", type=click.IntRange(1, 256), default=8, show_default=True)
@click.option("--rpm", type=click.IntRange(1), help="Requests-per-minute bound.")
@click.option("--timeout", type=click.FloatRange(0.1), default=120.0, show_default=True)
@click.option("--max-reasks", type=click.IntRange(0, 10), default=2, show_default=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="json", show_default=True)
@click.option("--no-progress", is_flag=True, help="No progress bar.")
def extract(paths: tuple[str, ...], out_dir: Path | None, fmt: str, **options: Any) -> None:
    """Extract targets, results and glossary terms from report files or folders."""
    from extract.batch import run_cli_extract
    from extract.config import ExtractConfig

    config = ExtractConfig.from_options(options)
    code = run_cli_extract(
        list(paths), out_dir=out_dir, fmt=fmt, config=config, echo=click.echo, notice=_echo_err
    )
    if code:
        sys.exit(code)


@cli.group(name="eval", context_settings={"ignore_unknown_options": False})
def eval_group() -> None:
    """Score a run directory against gold, or cross-check it without gold.

    `govx eval RUN_DIR [--gold CORPUS]` is short for `govx eval run RUN_DIR ...`.
    """


@eval_group.command(name="run")
@click.argument("pred_dir", type=click.Path(path_type=Path))
@click.option("--gold", "gold_dir", type=click.Path(path_type=Path), help="Corpus with gold/.")
@click.option("--html", "html_path", type=click.Path(path_type=Path), help="Write the HTML report.")
@click.option("--json", "json_path", type=click.Path(path_type=Path), help="Write JSON metrics.")
def eval_run(
    pred_dir: Path, gold_dir: Path | None, html_path: Path | None, json_path: Path | None
) -> None:
    """Score PRED_DIR (a run directory)."""
    from eval.runner import evaluate_run

    click.echo(evaluate_run(pred_dir, gold_dir=gold_dir, html_path=html_path, json_path=json_path))


@eval_group.command(name="compare")
@click.argument("run_a", type=click.Path(path_type=Path))
@click.argument("run_b", type=click.Path(path_type=Path))
@click.option("--gold", "gold_dir", type=click.Path(path_type=Path), help="Corpus with gold/.")
def eval_compare(run_a: Path, run_b: Path, gold_dir: Path | None) -> None:
    """What changed between two runs, per kind and per document."""
    from eval.compare import compare_runs

    click.echo(compare_runs(run_a, run_b, gold_dir=gold_dir))


@cli.command()
@click.argument("run_dirs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "out_path",
    required=True,
    type=click.Path(path_type=Path),
    help="panel.csv or panel.xlsx",
)
def panel(run_dirs: tuple[Path, ...], out_path: Path) -> None:
    """Region x year table of targets beside outcomes."""
    from eval.panel import build_panel_file

    click.echo(build_panel_file(list(run_dirs), out_path))


@cli.group()
def cache() -> None:
    """Inspect or clear the answer cache."""


@cache.command(name="stats")
@click.option("--cache-dir", type=click.Path(path_type=Path), envvar="GOVX_CACHE_DIR")
def cache_stats(cache_dir: Path | None) -> None:
    """Entries, size and location of the cache."""
    from extract.llm.cache import describe_cache

    click.echo(describe_cache(cache_dir))


@cache.command(name="clear")
@click.option("--cache-dir", type=click.Path(path_type=Path), envvar="GOVX_CACHE_DIR")
def cache_clear(cache_dir: Path | None) -> None:
    """Delete every cached answer."""
    from extract.llm.cache import clear_cache

    click.echo(clear_cache(cache_dir))


def _eval_argv(argv: list[str]) -> list[str]:
    """`govx eval PRED_DIR` is shorthand for `govx eval run PRED_DIR`."""
    for i, arg in enumerate(argv):
        if arg == "eval":
            rest = argv[i + 1 :]
            if rest and rest[0] not in ("run", "compare", "-h", "--help"):
                return [*argv[: i + 1], "run", *rest]
            break
        if not arg.startswith("-"):
            break
    return argv


def main(argv: list[str] | None = None) -> int:
    """Run govx with `argv`; return the exit status. The only error boundary."""
    argv = _eval_argv(list(sys.argv[1:] if argv is None else argv))
    debug = "--debug" in argv
    try:
        cli.main(args=argv, prog_name="govx", standalone_mode=False)
    except GovxError as exc:
        if debug:
            _print_traceback()
        _echo_err(_redact(f"Error: {exc}"))
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except (click.exceptions.Abort, KeyboardInterrupt) as exc:
        # click turns Ctrl-C into Abort; either way the run directory is resumable
        interrupted = isinstance(exc, KeyboardInterrupt) or isinstance(
            exc.__cause__, KeyboardInterrupt
        )
        _echo_err(INTERRUPTED if interrupted else "Aborted.")
        return 130
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    except Exception as exc:  # the boundary: anything unexpected becomes one line
        if debug:
            _print_traceback()
        _echo_err(
            _redact(
                f"Error: internal error ({type(exc).__name__}: {exc}); rerun with --debug and "
                "report it"
            )
        )
        return 1
    return 0


def _redact(text: str) -> str:
    from extract.secrets import redact

    return redact(text)


def _print_traceback() -> None:
    """--debug: the traceback, with any key a server quoted back blanked out."""
    _echo_err(_redact(traceback.format_exc()).rstrip("\n"))


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())


if __name__ == "__main__":
    run()
