"""What the build's helper processes (``chart_worker``, ``pdf_worker``) share: how a system error
in one travels back to the build as its own, how a silent death becomes one clear message, and
how the build stops one.

A helper answers one JSON line; an ``OSError`` (disk full, read-only folder) travels in it as
its errno and file, so the build reports it exactly as if it had written the file itself.
"""

from __future__ import annotations

import json
import logging
import signal
import subprocess
from typing import Any

from .errors import ChartWorkerError

log = logging.getLogger(__name__)


def os_error_reply(error: OSError) -> dict[str, Any]:
    """An ``OSError`` as a helper's reply."""
    return {"error": str(error), "errno": error.errno, "strerror": error.strerror, "filename": error.filename}


def raise_os_error(reply: dict[str, Any]) -> None:
    """Raise the ``OSError`` a helper's reply carries, if it carries one."""
    if reply.get("errno") is not None:
        raise OSError(reply["errno"], reply.get("strerror") or reply["error"], reply.get("filename"))


def parse_reply(process: subprocess.Popen, line: bytes, what: str) -> dict[str, Any]:
    """A helper's one-line JSON answer; its ``OSError`` raised as the build's own, and no answer
    (it died) raised as ``failure``."""
    try:
        reply = json.loads(line) if line else None
    except ValueError:
        reply = None
    if not isinstance(reply, dict):
        raise failure(process, line, what)
    raise_os_error(reply)
    return reply


def failure(process: subprocess.Popen, line: bytes, what: str) -> ChartWorkerError:
    """Why the helper ``process`` (``what`` it does, e.g. "draws the charts and social cards")
    gave no answer, for the user; what it printed goes to the log (-v)."""
    if process.poll() is None:
        process.kill()
    _, err = process.communicate()
    output = (line + (err or b"")).decode("utf-8", "replace").strip()
    if output:
        log.info("The process that %s printed:\n%s", what, output)
    code = process.returncode
    if code is not None and code < 0 and -code != signal.SIGKILL:
        why = f"it was stopped by signal {-code} ({signal.strsignal(-code) or 'unknown'})"
    elif code is not None and code < 0:
        why = "it was killed (SIGKILL; the machine may be short of memory)"
    elif output:
        why = output.splitlines()[-1][:200]
    else:
        why = f"it exited with status {code} without saying why"
    return ChartWorkerError(
        f"The process that {what} stopped before it finished ({why}). Nothing was published; run "
        "the build again, and if it fails again, run it with -v and report what it prints."
    )


def stop(process: subprocess.Popen) -> None:
    """Stop ``process`` if it still runs, and close its pipes."""
    if process.poll() is None:
        process.kill()
        process.wait()
    for stream in (process.stdin, process.stdout, process.stderr):
        if stream is not None and not stream.closed:
            stream.close()
