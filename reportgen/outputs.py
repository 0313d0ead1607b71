"""Outputs: which files of a build are for publishing and which are private, and writing them.

output/<EVENT>/ holds only what the pack shows (pack.html, pack.pdf, metrics.json, charts/,
cards/, slides.pptx). Everything else goes into output/<EVENT>/private/, with a README.txt saying never to
publish it: the tidy data (every answer as written, from everyone, whether or not they agreed
to be quoted), metrics.private.json (the figures without suppression) and validation.txt (the
data-quality report, with row numbers of the exports).

Every CSV cell that a spreadsheet would read as a formula is neutralised
(``privacy.neutralise_cell``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from .etl import TidyEvent
from .privacy import neutralise_cell

PRIVATE = "private"
PRIVATE_README = """\
NEVER PUBLISH the files in this folder.

They are for the event team's own checks and are not anonymised enough to share:
- tidy/participants.csv and tidy/responses.csv hold every answer exactly as people typed it,
  including from people who did not agree to be quoted, and may contain names, e-mail
  addresses and phone numbers;
- metrics.private.json holds every figure without small-number suppression;
- validation.txt is the data-quality report, with row numbers of the exports.

What may be published is in the folder above: pack.pdf, pack.html, metrics.json, charts/, cards/,
slides.pptx.
"""


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """``frame`` as CSV, text cells that start like a formula neutralised."""
    safe = frame.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):  # numbers (-1) are never formulas
            safe[column] = safe[column].map(neutralise_cell)
    safe.to_csv(path, index=False)


def write_tidy(tidy: TidyEvent, folder: Path) -> None:
    """Write participants.csv and responses.csv into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(tidy.participants, folder / "participants.csv")
    write_csv(tidy.responses, folder / "responses.csv")


def write_json(figures: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def write_data_files(
    build_dir: Path, tidy: TidyEvent, metrics: dict[str, Any], private_metrics: dict[str, Any], validation: str
) -> None:
    """metrics.json beside the pack; the tidy data, metrics.private.json, validation.txt and a
    README saying "never publish" in private/."""
    write_json(metrics, build_dir / "metrics.json")
    private = build_dir / PRIVATE
    write_tidy(tidy, private / "tidy")
    write_json(private_metrics, private / "metrics.private.json")
    (private / "validation.txt").write_text(validation, encoding="utf-8")
    (private / "README.txt").write_text(PRIVATE_README, encoding="utf-8")
