"""Data types shared by every layer: items, sections, reports, run records, errors.

This package imports nothing from govx; everything else imports it.
"""

from schemas.errors import (
    ConfigError,
    GovxError,
    InputError,
    InvalidAnswer,
    ModelError,
    OfflineCacheMiss,
)
from schemas.items import (
    CANONICAL_CODES,
    GlossaryTerm,
    Grounding,
    Item,
    Measure,
    Qualifier,
    Result,
    Target,
)
from schemas.report import (
    GoldDocument,
    ReportExtraction,
    RunRecord,
    Section,
    SectionExtraction,
    SectionRole,
    Usage,
)

__all__ = [
    "CANONICAL_CODES",
    "ConfigError",
    "GlossaryTerm",
    "GoldDocument",
    "GovxError",
    "Grounding",
    "InputError",
    "InvalidAnswer",
    "Item",
    "Measure",
    "ModelError",
    "OfflineCacheMiss",
    "Qualifier",
    "ReportExtraction",
    "Result",
    "RunRecord",
    "Section",
    "SectionExtraction",
    "SectionRole",
    "Target",
    "Usage",
]
