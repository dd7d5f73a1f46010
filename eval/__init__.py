"""Measuring extractions: gold matching, scores with intervals, the regex
cross-check, reports, run comparison and the region x year panel.

Imports `schemas` and `extract`; never the CLI.

    gold.py, predictions.py   read a corpus (gold/*.json) and a run directory
    assignment.py, matching   pair predicted and gold items one to one, per kind
    stats.py, scores.py       counts, P/R/F1, field accuracy, bootstrap intervals
    crosscheck.py             coverage and grounding against the text, no gold needed
    evaluation.py             everything one `govx eval` measured
    report_md/html, runner    the Markdown summary, HTML report, JSON + per-item JSONL
    compare.py                two runs side by side, paired intervals
"""
