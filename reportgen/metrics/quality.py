"""Data quality: per source, rows read, used and set aside (with reasons and rows), people combined
or not matched, and warnings, as metrics.json and the validation report show them.
"""

from __future__ import annotations

from typing import Any

from ..etl import TidyEvent


def data_quality(tidy: TidyEvent, warnings: list[str] | None = None) -> dict[str, Any]:
    """Per source: rows read, used and set aside (with reasons and rows), people combined or not
    matched, and warnings; as metrics.json and the validation report show them."""
    return {
        "key_type": tidy.quality.key_type,
        "sources": [
            {
                "file": r.file,
                "role": r.role,
                "kind": r.kind,
                "rows_read": r.rows_read,
                "rows_used": r.rows_used,
                "people": r.people,
                "rows_skipped": sum(len(rows) for rows in r.skipped.values()),
                "skipped": [{"reason": k, "rows": v} for k, v in r.skipped.items()],
                "combined": [{"reason": k, "rows": v} for k, v in r.combined.items()],
                "unmatched": [{"reason": k, "rows": v} for k, v in r.unmatched.items()],
                "warnings": [str(p) for p in r.warnings],
            }
            for r in tidy.quality.sources
        ],
        "warnings": list(tidy.quality.warnings) + list(warnings or []),
    }
