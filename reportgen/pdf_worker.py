"""A separate process that writes pack.pdf: ``python -m reportgen.pdf_worker``.

It imports WeasyPrint at once (about half a second, mostly loading Pango), then reads one JSON
request on stdin (the pack's HTML, the PDF's path, its title and ``SOURCE_DATE_EPOCH``),
writes the PDF with ``export.write_pdf`` and answers one JSON line on stdout. Started first
thing by a build, its import runs on the second core while the first reads the exports and
renders the HTML, so a build takes little longer than WeasyPrint alone on the finished page.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from .errors import ReportgenError, UnsafeContentError
from .subprocesses import os_error_reply, parse_reply, stop


def serve() -> None:
    # Ctrl-C and a service manager's SIGTERM reach the whole process group: the build process
    # stops this one after deciding what to tell the user (see chart_worker).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    for noisy in ("weasyprint", "fontTools"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    from . import collector
    from .export import prepare_pdf, write_pdf

    collector.for_builds()

    prepare_pdf()
    raw = sys.stdin.buffer.read()
    if not raw:  # the build stopped before it had a pack to lay out
        os._exit(0)
    request = json.loads(raw)
    if request.get("source_date_epoch"):
        os.environ["SOURCE_DATE_EPOCH"] = request["source_date_epoch"]
    try:
        cache_dir = Path(request["cache_dir"]) if request.get("cache_dir") else None
        write_pdf(request["html"], Path(request["target"]), title=request["title"], cache_dir=cache_dir)
        reply: dict[str, Any] = {"written": request["target"]}
    except UnsafeContentError as error:
        reply = {"unsafe": str(error)}
    except ReportgenError as error:
        reply = {"error": str(error)}
    except OSError as error:  # disk full, read-only folder...: reported by the build as its own
        reply = os_error_reply(error)
    sys.stdout.write(json.dumps(reply) + "\n")
    sys.stdout.flush()
    os._exit(0)  # nothing to clean up: skip the teardown of the laid-out pack


class PdfProcess:
    """The parent's handle on a PDF worker: start early, then ``write`` once."""

    def __init__(self) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-m", "reportgen.pdf_worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )

    def write(self, html: str, target: Path, *, title: str, cache_dir: Path | None = None) -> None:
        """Lay out ``html`` as the PDF at ``target`` (as ``export.write_pdf`` does) and wait."""
        request = json.dumps(
            {"html": html, "target": str(target), "title": title, "cache_dir": str(cache_dir) if cache_dir else None,
             "source_date_epoch": os.environ.get("SOURCE_DATE_EPOCH")}
        ).encode("utf-8")
        stdin = self._process.stdin
        assert stdin is not None

        def send() -> None:
            try:
                stdin.write(request)
                stdin.close()
            except BrokenPipeError:  # the worker died; the reply below says why
                pass

        writer = threading.Thread(target=send, daemon=True)
        writer.start()
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        writer.join()
        self._process.stdin = None  # closed by the writer
        reply = parse_reply(self._process, line, "writes the PDF")
        if "unsafe" in reply:
            raise UnsafeContentError(reply["unsafe"])
        if "error" in reply:
            raise ReportgenError(reply["error"])

    def close(self) -> None:
        stop(self._process)


if __name__ == "__main__":
    serve()
