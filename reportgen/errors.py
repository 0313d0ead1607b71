"""The few exceptions reportgen raises, with messages written for the person running a build.

Every error the user can fix (a missing file, a wrong column, a bad event.yaml) is a
``ReportgenError``; the command line prints its message without a traceback and exits 1.
"""

from __future__ import annotations

from pathlib import Path


class ReportgenError(Exception):
    """A problem the user can fix. ``str(error)`` is the full message to show."""

    exit_code = 1


class EventNotFoundError(ReportgenError):
    """The event name does not name a folder under data/events/."""


class ConfigError(ReportgenError):
    """event.yaml or a brand file is missing, unreadable or breaks the schema.

    ``problems`` lists every mistake found, each as "key.path: what is wrong".
    """

    def __init__(self, file: Path | str, problems: list[str]):
        self.file = str(file)
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        super().__init__(f"{self.file}: {count} to fix:\n{lines}")


class InputDataError(ReportgenError):
    """A raw export cannot be used as it is. Names the file, and the row and column if known."""

    def __init__(
        self,
        file: Path | str,
        problem: str,
        *,
        row: int | None = None,
        column: str | None = None,
        expected: str | None = None,
    ):
        self.file = str(file)
        self.row = row
        self.column = column
        self.problem = problem
        self.expected = expected
        where = self.file
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column {column!r}"
        message = f"{where}: {problem}"
        if expected:
            message += f" (expected {expected})"
        super().__init__(message)


class UnsafeContentError(ReportgenError):
    """A template or narrative asked for something outside the project's own assets."""


class DataProblemsError(ReportgenError):
    """One or more exports have errors. ``problems`` lists each (file, rows, column, expected);
    ``quality`` is the whole data-quality report, so ``validate`` can print it as well."""

    def __init__(self, problems: list[str], quality: object):
        self.problems = problems
        self.quality = quality
        if len(problems) == 1:
            message = problems[0]
        else:
            lines = "\n".join(f"  - {p}" for p in problems)
            message = f"{len(problems)} problems in the exports to fix:\n{lines}"
        super().__init__(message)
