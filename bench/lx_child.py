"""Runs inside the separate langextract venv (never imports govx): `python lx_child.py SPEC`.

SPEC is a JSON file written by bench.langextract_cmp: the stub's base URL, the task
description, few-shot examples and the documents. Each document goes through
`langextract.extract` with its OpenAI provider pointed at the stub, with langextract's
defaults otherwise (max_char_buffer 1000, one pass) and the settings its README gives
for OpenAI models (fence_output=True, use_schema_constraints=False). Prints one JSON
line: documents done, extractions returned, and the first error if any.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def _examples(lx: Any, spec: dict[str, Any]) -> list[Any]:
    return [
        lx.data.ExampleData(
            text=example["text"],
            extractions=[
                lx.data.Extraction(
                    extraction_class=e["class"],
                    extraction_text=e["text"],
                    attributes=e["attributes"],
                )
                for e in example["extractions"]
            ],
        )
        for example in spec["examples"]
    ]


def main(spec_path: str) -> int:
    import langextract as lx
    from langextract import factory

    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    config = factory.ModelConfig(
        model_id=spec["model_id"],
        provider="OpenAILanguageModel",
        provider_kwargs={"api_key": "not-needed-for-local-servers", "base_url": spec["base_url"]},
    )
    examples = _examples(lx, spec)
    done, found, error = 0, 0, None
    for document in spec["documents"]:
        try:
            annotated = lx.extract(
                text_or_documents=document["text"],
                prompt_description=spec["description"],
                examples=examples,
                config=config,
                fence_output=True,
                use_schema_constraints=False,
                show_progress=False,
            )
            found += len(annotated.extractions or [])
            done += 1
        except Exception as exc:  # reported to the parent, which shows it as the reason
            error = error or f"{document['doc_id']}: {type(exc).__name__}: {exc}"
    print(json.dumps({"done": done, "extractions": found, "error": error}))
    return 0 if error is None else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
