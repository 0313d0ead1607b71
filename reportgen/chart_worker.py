"""A separate process that draws the pack's charts: ``python -m reportgen.chart_worker``.

It starts vl-convert's JavaScript engine at once, then reads one JSON request on stdin
(metrics, brand, font CSS, font family) and writes the charts as JSON on stdout. Running it
beside the main process puts Altair's import and the engine's start on the machine's second
core while the first reads the exports and imports WeasyPrint.

If the request names a ``cards`` folder, the worker then draws the social cards into it (see
``cards``) while the first process lays out the PDF, and writes a second line when done.

A problem the user can fix comes back as ``{"error": ...}``, a system error (a full disk) with
its errno and file, so the first process reports it as its own; a worker that dies (killed,
out of memory, a crash) is reported as a ``ChartWorkerError``, its output logged for ``-v``.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .errors import ReportgenError
from .subprocesses import os_error_reply, parse_reply, stop


def serve() -> None:
    from . import collector
    from .brand import Brand
    from .charts import build_charts, warm_up

    collector.for_builds()

    # Ctrl-C reaches the whole terminal's process group, and a service manager's SIGTERM the
    # whole job: the first process stops this one (SIGKILL, or the end of its input), after it
    # has decided what to tell the user. Dying first, this one would be reported as a failure.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    warm_up()
    request = json.loads(sys.stdin.buffer.read())
    try:
        brand = Brand.model_validate(request["brand"])
        cache = Path(request["cache"]) if request.get("cache") else None
        charts = build_charts(request["metrics"], brand, request["font_css"], request["family"], cache)
        reply: dict[str, Any] = {"charts": [asdict(c) for c in charts]}
    except ReportgenError as error:
        reply = {"error": str(error)}
    except OSError as error:
        reply = os_error_reply(error)
    sys.stdout.write(json.dumps(reply) + "\n")
    sys.stdout.flush()
    if request.get("cards") and "error" not in reply:
        from .cards import write_cards
        from .fonts import typeface

        try:
            write_cards(request["metrics"], brand, typeface(brand.font), Path(request["cards"]))
            done: dict[str, Any] = {"cards": "written"}
        except ReportgenError as error:
            done = {"error": str(error)}
        except OSError as error:
            done = os_error_reply(error)
        sys.stdout.write(json.dumps(done) + "\n")
        sys.stdout.flush()
    os._exit(0)  # the JavaScript engine's teardown is slow and there is nothing to clean up




class ChartProcess:
    """The parent's handle on a chart worker: start early, ``send`` once, ``collect`` once."""

    def __init__(self) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-m", "reportgen.chart_worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self._writer: threading.Thread | None = None

    def send(
        self, metrics: dict[str, Any], brand: Any, font_css: str, family: str, cards: str | None = None,
        cache: str | None = None,
    ) -> None:
        """Hand over the request without waiting (a thread writes it, so a full pipe cannot block us).

        With ``cards`` (a folder), the worker draws the social cards there after the charts.
        With ``cache`` (a folder), drawings made before are taken from there (``chartcache``).
        """
        request = json.dumps(
            {
                "metrics": metrics, "brand": brand.model_dump(mode="json"), "font_css": font_css,
                "family": family, "cards": cards, "cache": cache,
            }
        ).encode("utf-8")
        stdin = self._process.stdin
        assert stdin is not None

        def write() -> None:
            try:
                stdin.write(request)
            except BrokenPipeError:  # the worker died; collect() reports why
                pass
            finally:
                try:
                    stdin.close()
                except BrokenPipeError:  # the rest of the request could not be flushed
                    pass

        self._writer = threading.Thread(target=write, daemon=True)
        self._writer.start()

    def collect(self) -> list:
        from .charts import Chart

        if self._writer is not None:
            self._writer.join()
            self._process.stdin = None  # closed by the writer; communicate() must not touch it
        reply = self._reply()
        return [Chart(**c) for c in reply["charts"]]

    def collect_cards(self) -> None:
        """Wait until the worker has written the cards (after ``collect``)."""
        self._reply()

    def _reply(self) -> dict[str, Any]:
        """The worker's next line of output, or its error."""
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        reply = parse_reply(self._process, line, "draws the charts and social cards")
        if "error" in reply:
            raise ReportgenError(reply["error"])
        return reply

    def close(self) -> None:
        stop(self._process)


if __name__ == "__main__":
    serve()
