"""govx benchmarks: speed, scale, LLM-path latency, prompt cost, and langextract side by side.

Run `python -m bench` from the repository root (all parts, writes bench/RESULTS.md) or
`python -m bench PART` for one part. Nothing here is a test: goals are reported, not asserted.
"""
