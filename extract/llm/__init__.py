"""The LLM backend: instructor over any OpenAI-compatible endpoint.

The only package allowed to import openai and instructor, and it does so lazily
(inside functions) because importing openai costs over a second at start-up.
"""
