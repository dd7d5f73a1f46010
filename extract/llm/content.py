"""What a JSON-mode answer really says: reasoning blocks and code fences taken off.

Reasoning models (DeepSeek-R1, Qwen3, QwQ) put a `<think>…</think>` block before
their answer, and many models wrap JSON in a ``` fence even when told not to.
instructor's JSON and JSON_SCHEMA modes parse the content as it is, so either
habit would cost a re-ask (or fail the section); MD_JSON finds the last JSON
object in the text. govx tidies the content once, for every JSON-family mode:
think blocks go first (their drafts may hold JSON, even JSON echoed from an
injected instruction), then the last JSON object left is the answer, as in
instructor's own `extract_json_from_codeblock`. The cache keeps the raw answer.
"""

from __future__ import annotations

import json
import re
from typing import Any

_THINK = re.compile(r"<think(?:ing)?>.*?</think(?:ing)?>", re.S | re.I)
# a block the model never closed (cut off, or a server that strips the opening tag)
_OPEN_THINK = re.compile(r"<think(?:ing)?>.*", re.S | re.I)
_CLOSE_ONLY = re.compile(r"^.*?</think(?:ing)?>", re.S | re.I)
JSON_MODES = ("json", "json_schema", "md_json")


def answer_json(content: str) -> str:
    """The JSON the model meant: think blocks dropped, fences and prose around it too."""
    if _parses(content.strip()):  # already clean (and a quoted "<think>" stays untouched)
        return content.strip()
    text = _THINK.sub("", content)
    text = _CLOSE_ONLY.sub("", text)  # `</think>` whose opening the server swallowed
    if "<think" in text.lower():
        before = _OPEN_THINK.sub("", text)
        text = before if before.strip() else text  # an unclosed block may hold the answer
    stripped = text.strip()
    if _parses(stripped):
        return stripped
    from instructor.utils import extract_json_from_codeblock

    try:
        return str(extract_json_from_codeblock(stripped))
    except ValueError:  # instructor's size and work limits: let validation report it
        return stripped


def tidy_response(response: Any, mode: str) -> Any:
    """`response` with its message content tidied (JSON modes only; tool calls untouched)."""
    if mode not in JSON_MODES or not getattr(response, "choices", None):
        return response
    message = response.choices[0].message
    if isinstance(message.content, str):
        message.content = answer_json(message.content)
    return response


def _parses(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True
