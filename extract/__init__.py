"""From a document to grounded items: reading, normalizing, sectioning, numbers,
the rules and LLM backends, grounding and the batch runner.

Imports `schemas` only; never `eval` or the CLI.
"""
