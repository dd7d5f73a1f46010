"""Reports people read: Markdown on stdout, the HTML file, JSON metrics and per-item JSONL,
run comparison, and the one-line errors for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.compare import compare_runs
from eval.runner import evaluate_run, items_path
from govx import main
from tests.browser import dump_dom, needs_chromium
from tests.eval_runs import CORPUS, gold_documents, perturb, write_run

SMALL = ("xunyang-2024", "jiangxi-2026", "shanxi-glossary-page")


@pytest.fixture(scope="module")
def small_gold(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A corpus of three documents (gold/ and texts/ as symlinks into the shared corpus)."""
    root = tmp_path_factory.mktemp("corpus")
    for sub, ext in (("gold", "json"), ("texts", "txt")):
        (root / sub).mkdir()
        for doc_id in SMALL:
            (root / sub / f"{doc_id}.{ext}").symlink_to(CORPUS / sub / f"{doc_id}.{ext}")
    return root


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory, small_gold: Path) -> tuple[Path, Path]:
    docs = [d for d in gold_documents() if d.doc_id in SMALL]
    a = write_run(tmp_path_factory.mktemp("a"), docs)
    b = write_run(tmp_path_factory.mktemp("b"), perturb(docs, seed=3)[0])
    return a, b


@pytest.mark.corpus
def test_markdown_shows_the_run_scores_worst_documents_and_cross_check(
    runs: tuple[Path, Path], small_gold: Path
) -> None:
    text = evaluate_run(runs[1], small_gold)
    assert "- **backend**: oracle" in text
    assert "| kind | precision | recall | F1 | TP | FP | FN |" in text
    assert "## Worst documents" in text and "## Cross-check" in text
    assert "likely inventions" in text


@pytest.mark.corpus
def test_json_metrics_and_item_decisions_are_written(
    runs: tuple[Path, Path], small_gold: Path, tmp_path: Path
) -> None:
    out = tmp_path / "m.json"
    evaluate_run(runs[0], small_gold, json_path=out)
    metrics = json.loads(out.read_text(encoding="utf-8"))
    f1 = metrics["metrics"]["targets"]["f1"]
    assert f1["value"] == 1.0 and f1["direction"] == "higher" and len(f1["ci95"]) == 2
    assert metrics["run"]["backend"] == "oracle"
    lines = [json.loads(x) for x in items_path(out).read_text(encoding="utf-8").splitlines()]
    assert {x["outcome"] for x in lines if "outcome" in x} == {"match"}
    decisions = [x for x in lines if "outcome" in x]
    assert len(decisions) == sum(c["tp"] for c in metrics["counts"].values())


@pytest.mark.corpus
def test_the_html_report_escapes_document_text(
    runs: tuple[Path, Path], small_gold: Path, tmp_path: Path
) -> None:
    run = tmp_path / "run"
    docs = [d for d in gold_documents() if d.doc_id == "xunyang-2024"]
    first = docs[0].targets[0]
    evil = first.model_copy(update={"indicator": "<script>alert(1)</script>", "value": 777.0})
    write_run(run, [docs[0].model_copy(update={"targets": [evil]})])
    html_path = tmp_path / "r.html"
    evaluate_run(run, small_gold, html_path=html_path)
    html = html_path.read_text(encoding="utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<mark>" in html  # misses show their sentence with the quote highlighted


@pytest.mark.corpus
def test_compare_tells_real_differences_from_noise(
    runs: tuple[Path, Path], small_gold: Path
) -> None:
    same = compare_runs(runs[0], runs[0], small_gold)
    assert "within noise" in same and "The two runs extracted the same items." in same
    changed = compare_runs(runs[0], runs[1], small_gold)
    assert "## Documents whose F1 changed" in changed
    assert "only in A" in changed
    assert "| targets F1 | 1.000 |" in changed


def test_bad_input_gives_one_line_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["eval", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"Error: run directory {tmp_path / 'nope'} does not exist; "
        "pass the folder of `govx extract -o`\n"
    )
    assert main(["eval", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        f"Error: {tmp_path} holds no extraction JSON; "
        f"run `govx extract FILES -o {tmp_path}` first\n"
    )
    (tmp_path / "x.json").write_text(
        json.dumps({"doc_id": "x", "run": {"backend": "rules"}}), encoding="utf-8"
    )
    assert main(["eval", str(tmp_path), "--gold", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        f"Error: {tmp_path} has no gold/ folder; "
        "pass --gold the corpus folder holding gold/*.json\n"
    )
    assert main(["eval", str(tmp_path), "--gold", str(CORPUS / "gold")]) == 2
    assert capsys.readouterr().err == (
        f"Error: {CORPUS / 'gold'} looks like a gold/ folder itself; pass --gold {CORPUS}\n"
    )


@pytest.mark.corpus
@pytest.mark.browser
@needs_chromium
def test_the_html_report_renders_its_tables_in_chromium(
    runs: tuple[Path, Path], small_gold: Path, tmp_path: Path
) -> None:
    html_path = tmp_path / "report.html"
    evaluate_run(runs[1], small_gold, html_path=html_path)
    dom = dump_dom(html_path)
    for table in (
        'id="run"',
        'id="scores"',
        'id="fields"',
        'id="causes"',
        'id="crosscheck"',
        'id="documents"',
    ):
        assert table in dom
    assert "main_targets" in dom and "xunyang-2024" in dom


@pytest.mark.corpus
def test_compare_without_gold_uses_the_cross_check_and_item_changes(
    runs: tuple[Path, Path],
) -> None:
    text = compare_runs(runs[0], runs[1])
    assert "| cross-check coverage |" in text and "| grounding rate |" in text
    assert "targets F1" not in text
    assert "| xunyang-2024 |" in text


@pytest.mark.corpus
@pytest.mark.browser
@needs_chromium
def test_govx_eval_on_the_rules_output_writes_an_html_report_chromium_renders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run, html_path = tmp_path / "run", tmp_path / "r.html"
    assert main(["extract", str(CORPUS / "texts"), "-o", str(run), "--backend", "rules"]) == 0
    capsys.readouterr()
    assert main(["eval", str(run), "--gold", str(CORPUS), "--html", str(html_path)]) == 0
    out = capsys.readouterr().out
    assert "- **backend**: rules" in out and "| main_targets |" in out
    dom = dump_dom(html_path)
    for table in ('id="scores"', 'id="fields"', 'id="crosscheck"', 'id="documents"'):
        assert table in dom
    assert dom.count('class="document"') == 31


@pytest.mark.corpus
def test_gold_documents_missing_from_the_run_score_as_misses(
    small_gold: Path, tmp_path: Path
) -> None:
    docs = [d for d in gold_documents() if d.doc_id == "shanxi-glossary-page"]
    text = evaluate_run(write_run(tmp_path, docs), small_gold)
    assert "- xunyang-2024: in gold but not in the run (scored as all misses)" in text
    assert "| xunyang-2024 | 0.00 | 0.00 | 0.00 | 0.00 | 0 | 179 |" in text
