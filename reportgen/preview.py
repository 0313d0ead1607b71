"""A live preview for the people who write the narrative: ``reportgen preview EVENT``.

One warm process builds pack.html (no PDF, nothing written to output/) and serves it on
http://127.0.0.1:PORT/ only. ``watchfiles`` watches the event folder, the templates (brands
included) and the reference data; on a save the HTML is rebuilt (charts come from the cache
unless the figures changed) and the page reloads itself.

The reload needs nothing from outside: the page served (and only it, never pack.html as
built) carries a few lines of inline script that listen to server-sent events from
``/__events`` on the same server, then fetch the page again and swap its body in (so the reader
keeps their place; a change to the page's head, e.g. a brand edit, reloads it whole). If a rebuild fails, the last good preview stays and the page
shows the error (what to fix, where) above it.

The server answers ``/`` (the pack), ``/__events`` and ``/__version`` and nothing else: no
folder listing, no file is read from a path in the request, requests naming another host
(DNS rebinding) are refused.
"""

from __future__ import annotations

import html as html_lib
import logging
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Self

from .project import Project

log = logging.getLogger(__name__)

# What the preview page may load: only itself and its inline data (the pack is self-contained),
# and its own server for the reload events.
POLICY = (
    "default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'; "
    "script-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'none'"
)
# On a change: fetch the new page and swap its body in (the head, with the fonts, stays, and so
# does the scroll position); a changed head (a template or brand edit) reloads the whole page.
RELOAD = """<script>
(function () {
  var shown = "%(version)s", asked = 0, head = document.head.innerHTML;
  var events = new EventSource("/__events");
  function reload() { events.close(); location.reload(); }
  events.onmessage = function (e) {
    if (e.data === shown) { return; }
    shown = e.data;
    var ask = ++asked;
    fetch("/", {cache: "no-store"}).then(function (reply) { return reply.text(); }).then(function (text) {
      if (ask !== asked) { return; }
      var page = new DOMParser().parseFromString(text, "text/html");
      if (page.head.innerHTML !== head) { reload(); return; }
      document.title = page.title;
      document.body.replaceWith(page.body);
    }).catch(reload);
  };
})();
</script>"""
ERROR_BOX = """<div id="reportgen-preview-error" role="alert" style="position:sticky;top:0;z-index:1000;
margin:0;padding:1em 1.25em;background:#fff4f4;color:#7a0000;border:3px solid #b00020;
font:16px/1.4 sans-serif;white-space:pre-wrap">
<strong>The preview could not be rebuilt.</strong> Fix this and save again; below is the last preview that built.
<span id="reportgen-preview-error-text">%(message)s</span></div>"""


def render_preview(project: Project, event: str) -> str:
    """pack.html for ``event`` as ``build`` would write it, computed in this process and kept
    in memory (charts from the cache when their figures did not change)."""
    from .chartcache import load_set, save_set, set_key
    from .charts import build_charts
    from .fonts import font_face_css, typeface
    from .pipeline import GENERATOR, check_event, source_date_epoch
    from .render import Pack, render_html

    checked = check_event(project, event)
    config, metrics, brand = checked.config, checked.metrics, checked.brand
    with source_date_epoch(config.date):
        face = typeface(brand.font)
        font_css = font_face_css(face.faces, project.cache_dir)
        regular = [f for f in face.faces if f.weight == 400 and f.style == "normal"]
        chart_font_css = font_face_css(regular, project.cache_dir)
        key = set_key(metrics, brand, face.family)
        charts = load_set(project.cache_dir, key, chart_font_css)
        if charts is None:
            charts = build_charts(metrics, brand, chart_font_css, face.family, project.cache_dir)
            save_set(project.cache_dir, key, charts)
        pack = Pack(
            event=event, config=config, metrics=metrics, charts={c.id: c for c in charts}, brand=brand,
            font_css=font_css, font_family=face.family, generator=GENERATOR, sections=checked.sections,
            page=checked.page,
        )
        return render_html(pack, project.templates_dir)


def describe(error: BaseException) -> str:
    """What went wrong, for the page: reportgen's own message (file, row, column), or the kind
    of error and its text."""
    from .errors import ReportgenError

    if isinstance(error, ReportgenError):
        return str(error)
    return f"{type(error).__name__}: {error}"


@dataclass
class State:
    """The last good pack.html, the last error (None after a good rebuild) and a version
    number that goes up after every rebuild, good or not."""

    html: str | None = None
    error: str | None = None
    version: int = 0
    seconds: float = 0.0


class Preview:
    """The preview of one event: rebuild on demand, the page to serve, and change notices."""

    def __init__(self, project: Project, event: str):
        self.project = project
        self.event = event
        self.state = State()
        self.changed = threading.Condition()
        self.stopping = threading.Event()

    def rebuild(self) -> State:
        start = time.perf_counter()
        try:
            html, error = render_preview(self.project, self.event), None
        except Exception as problem:
            log.debug("preview rebuild failed", exc_info=True)
            html, error = None, describe(problem)
        with self.changed:
            self.state = State(
                html if html is not None else self.state.html, error, self.state.version + 1,
                time.perf_counter() - start,
            )
            self.changed.notify_all()
        return self.state

    def page(self) -> str:
        """The page to serve: the last good pack with the reload script, and the error above it."""
        state = self.state
        body = state.html or (
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Preview</title></head>"
            "<body><main><h1>No preview yet</h1></main></body></html>"
        )
        extra = RELOAD % {"version": state.version}
        if state.error is not None:
            extra = ERROR_BOX % {"message": html_lib.escape(state.error)} + extra
            marker = body.find("<body")
            if marker >= 0:  # the error first in the page, so it is seen and read first
                at = body.index(">", marker) + 1
                return body[:at] + extra + body[at:]
        at = body.rfind("</body>")
        return body[:at] + extra + body[at:] if at >= 0 else body + extra

    def wait_for_change(self, seen: int, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.state.version != seen or self.stopping.is_set(), timeout)
            return self.state.version

    def watched(self) -> list[Path]:
        folders = [self.project.event_dir(self.event), self.project.templates_dir, self.project.reference_dir]
        return [f for f in folders if f.is_dir()]

    def watch(self) -> None:
        """Rebuild after every save until ``stop``."""
        from watchfiles import watch

        for changes in watch(*self.watched(), stop_event=self.stopping, step=20, debounce=400, yield_on_timeout=False):
            log.info("changed: %s", ", ".join(sorted(Path(p).name for _, p in changes)))
            state = self.rebuild()
            log.info("rebuilt in %.2f s%s", state.seconds, f" (error: {state.error})" if state.error else "")

    def stop(self) -> None:
        self.stopping.set()
        with self.changed:
            self.changed.notify_all()


def handler_for(preview: Preview) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "reportgen-preview"
        sys_version = ""

        def log_message(self, format: str, *args: Any) -> None:
            log.debug("preview: " + format, *args)

        def _host_ok(self) -> bool:
            host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]")
            return host in {"127.0.0.1", "localhost"}

        def _send(self, status: int, body: bytes, kind: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Security-Policy", POLICY)
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def do_HEAD(self) -> None:
            self.do_GET()

        def do_GET(self) -> None:
            if not self._host_ok():
                self._send(403, b"Only http://127.0.0.1 may ask for the preview.\n", "text/plain; charset=utf-8")
                return
            path = self.path.split("?", 1)[0]
            if path in {"/", "/pack.html"}:
                self._send(200, preview.page().encode("utf-8"), "text/html; charset=utf-8")
            elif path == "/__version":
                self._send(200, str(preview.state.version).encode(), "text/plain; charset=utf-8")
            elif path == "/__events" and self.command == "GET":
                self._events()
            else:
                self._send(404, b"Not found: the preview serves only the pack, at /\n", "text/plain; charset=utf-8")

        def _events(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            version = preview.state.version
            try:
                self.wfile.write(f"data: {version}\n\n".encode())
                self.wfile.flush()
                while not preview.stopping.is_set():
                    now = preview.wait_for_change(version, timeout=15)
                    message = f"data: {now}\n\n" if now != version else ": still here\n\n"
                    version = now
                    self.wfile.write(message.encode())
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass  # the page went away (reloaded or closed)

    return Handler


class PreviewServer:
    """The preview served on 127.0.0.1 (``port`` 0: any free port), with its watcher."""

    def __init__(self, project: Project, event: str, port: int = 0, watch: bool = True):
        project.event_dir(event)  # a wrong name fails here, before anything starts
        self.preview = Preview(project, event)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), handler_for(self.preview))
        self.httpd.daemon_threads = True
        self._watch = watch
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def start(self) -> PreviewServer:
        """Watch, build once, then serve (in background threads)."""
        if self._watch:  # first, so that a save during the first build is seen
            self._threads.append(threading.Thread(target=self.preview.watch, name="preview-watch", daemon=True))
            self._threads[-1].start()
        self.preview.rebuild()
        self._threads.append(threading.Thread(target=self.httpd.serve_forever, name="preview-http", daemon=True))
        self._threads[-1].start()
        return self

    def stop(self) -> None:
        self.preview.stop()
        self.httpd.shutdown()
        self.httpd.server_close()
        for thread in self._threads:
            thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
