"""The few exceptions reportgen raises, with messages written for the person running a build.

Every error the user can fix (a missing file, a wrong column, a bad event.yaml) is a
``ReportgenError``; the command line prints its message without a traceback and exits 1.
Errors from the system (a full disk, a locked folder) are described by ``describe_os_error``,
and a signal during a build becomes ``Interrupted``.
"""

from __future__ import annotations

import errno
import re
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


class ChartWorkerError(ReportgenError):
    """A helper process of the build (the charts and cards, or the PDF) stopped without answering."""


class Interrupted(KeyboardInterrupt):
    """SIGINT (Ctrl-C) or SIGTERM arrived during a build: raised so the build cleans up after itself.

    A KeyboardInterrupt, so no ``except Exception`` swallows it; ``exit_code`` is 128 + the signal's number.
    """

    def __init__(self, signal_number: int):
        self.signal_number = signal_number
        self.exit_code = 128 + signal_number
        super().__init__(signal_number)


# What to say for an operating-system error, by errno: (what happened, what to do).
_OS_ERRORS: dict[int, tuple[str, str]] = {
    errno.ENOSPC: ("the disk is full while writing {where}", "free some space and run again"),
    errno.EDQUOT: ("your disk quota is used up while writing {where}", "free some space and run again"),
    errno.EFBIG: (
        "{where} is larger than this session may write (a file size limit is set, e.g. with ulimit -f)",
        "lift the limit and run again",
    ),
    errno.EROFS: (
        "{where} is on a read-only disk",
        "run reportgen in a folder you can write to (or give --root a writable folder)",
    ),
    errno.EACCES: (
        "no permission to {verb} {where} (it may be read-only or locked)",
        "check its permissions (ls -l) and run again",
    ),
    errno.EPERM: (
        "the system does not allow reportgen to {verb} {where} (it may be locked or immutable)",
        "check it (ls -l, lsattr) and run again",
    ),
    errno.ENOTDIR: ("a file is in the way where reportgen needs a folder: {where}", "move that file away and run again"),
    errno.EISDIR: ("a folder is in the way where reportgen needs a file: {where}", "move that folder away and run again"),
    errno.ENOENT: ("{where} was not found (moved or deleted while reportgen ran?)", "run again"),
    errno.EMFILE: ("too many files are open at once", "close other programs and run again"),
    errno.EIO: ("the disk reported an input/output error with {where}", "check the disk, then run again"),
}


def describe_os_error(error: OSError, root: Path, path: Path | str | None = None) -> str:
    """``error`` (a full disk, a read-only or locked folder...) as one sentence for the person
    running reportgen: what happened, to which file (relative to ``root``), and what to do.

    ``path`` is the file being used when the error itself names none (a failed ``write`` does not).
    """
    if error.errno == errno.ENOTDIR and error.filename:
        # name the file in the way, not the folder that could not be made inside it
        in_the_way = [p for p in Path(error.filename).parents if p.exists() and not p.is_dir()]
        path = in_the_way[-1] if in_the_way else None
        error = OSError(error.errno, error.strerror, str(path) if path else error.filename)
    where = _where(error.filename or path, root)
    verb = "write" if where.startswith("output") else "open"
    if where == "output/":
        where = "files in output/"
    what, todo = _OS_ERRORS.get(
        error.errno or 0, ("could not {verb} {where} ({reason})", "check it and run again")
    )
    message = f"{what.format(where=where, verb=verb, reason=error.strerror or error)}: {todo}"
    if verb == "write":
        message += "; the last pack is as it was"
    return message + "."


def _where(path: Path | str | None, root: Path) -> str:
    """``path`` relative to ``root``, with a build's temporary folder named by its event."""
    if path is None:
        return "output/"
    text = str(path)
    try:
        text = str(Path(text).resolve().relative_to(root.resolve()))
    except (ValueError, OSError):
        pass
    # output/.build-2022-06-07-1234-ab12cd34/pack.pdf is, to the user, output/2022-06-07/pack.pdf
    return re.sub(r"\.build-(.+?)-(?:\d+-)?[0-9a-f]{8}(?=/|$)", r"\1", text)
