"""Measuring extractions: gold matching, scores with intervals, the regex
cross-check, reports, run comparison and the region x year panel.

Imports `schemas` and `extract`; never the CLI.
"""
