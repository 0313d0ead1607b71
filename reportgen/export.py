"""Export: pack.html -> pack.pdf with WeasyPrint, and publishing a finished build atomically.

WeasyPrint gets a URL fetcher that only answers ``data:`` URLs (everything the pack needs is
inlined into pack.html by ``render``). Any other URL, from a template or from narrative text,
stops the build with an error naming it: the renderer never reads a file or host outside the
project's own assets.

The PDF is tagged (PDF/UA-1). WeasyPrint marks the running footer and page numbers (the
page's margin boxes) as content that belongs to no structure element; ``_footers_as_artifacts``
marks them as pagination artifacts instead, as PDF/UA asks, so a screen reader skips them.

``publish`` swaps a finished build folder into place, so a failed build never touches the
last good pack. A build folder (``output/.build-<EVENT>-<pid>-<random>``) names the process that
builds into it: ``interruptible`` turns SIGTERM and Ctrl-C into an ``Interrupted`` exception so
the build deletes its folder on the way out, and ``clear_stale`` deletes the folders of builds
whose process is gone (killed outright, or the machine stopped); a concurrent build's is kept.
"""

from __future__ import annotations

import contextlib
import errno
import io
import logging
import os
import re
import shutil
import signal
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

from .errors import Interrupted, UnsafeContentError

log = logging.getLogger(__name__)


def prepare_pdf() -> None:
    """Import WeasyPrint (about half a second), e.g. while charts are drawn elsewhere."""
    import_weasyprint()


def import_weasyprint() -> ModuleType:
    """WeasyPrint, imported without ctypes' slow search for its libraries on Linux.

    WeasyPrint tries several names for each library (the Windows and macOS ones first) and cffi
    hands each name that does not load as given to ``ctypes.util.find_library``, which on Linux
    starts ldconfig, gcc and ld: about 200 processes and a quarter of a second for every process
    that imports WeasyPrint, before the name that loads as given (``libpango-1.0.so.0``) is
    tried. So the search answers "not found" while WeasyPrint is imported; where the libraries
    load only through the search (other names), WeasyPrint is imported again with it.
    """
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        import weasyprint

        return weasyprint
    import ctypes.util

    search = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # WeasyPrint prints its install help
            import weasyprint

        return weasyprint
    except OSError:
        for name in [name for name in sys.modules if name == "weasyprint" or name.startswith("weasyprint.")]:
            del sys.modules[name]
    finally:
        ctypes.util.find_library = search
    import weasyprint

    return weasyprint


def write_pdf(html: str, target: Path, *, title: str, cache_dir: Path | None = None) -> None:
    """Lay out ``html`` (a self-contained pack) as an A4, tagged PDF at ``target``. Its woff2
    fonts are unpacked once (``fonts.woff2_as_sfnt``, kept under ``cache_dir``), not per PDF."""
    raise_if_stopped()
    weasyprint = import_weasyprint()
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    from .fonts import PRINT_FONT_URL, WOFF2_DATA_URL, printed_font, woff2_as_sfnt

    class DataOnlyFetcher(URLFetcher):
        def fetch(self, url: str, headers: dict | None = None):  # type: ignore[override]
            if url.startswith(PRINT_FONT_URL) and (font := printed_font(url, cache_dir)) is not None:
                return URLFetcherResponse(url, font, {"Content-Type": "font/ttf"})
            if url.startswith(WOFF2_DATA_URL):
                try:
                    return URLFetcherResponse(url, woff2_as_sfnt(url, cache_dir), {"Content-Type": "font/ttf"})
                except Exception:  # noqa: BLE001 - not a font fontTools can unpack: WeasyPrint says so
                    return super().fetch(url, headers)
            if url.startswith("data:"):
                return super().fetch(url, headers)
            raise FatalURLFetchingError(
                f"The pack asked for {url!r}; only the project's own inlined assets may be used"
            )

    document = weasyprint.HTML(string=html, url_fetcher=DataOnlyFetcher(allowed_protocols=["data"]))
    try:
        document.write_pdf(target, pdf_variant="pdf/ua-1", pdf_tags=True, finisher=_footers_as_artifacts)
    except FatalURLFetchingError as error:
        raise UnsafeContentError(f"{title}: {error}") from None
    except OSError as error:
        if error.filename is not None:
            raise
        # a failed write names no file: name the PDF, so the message can say which
        raise OSError(error.errno, error.strerror, str(target)) from error


def _footers_as_artifacts(document: Any, pdf: Any) -> None:
    """Re-mark content outside the structure tree (margin boxes) as ``/Artifact``.

    A WeasyPrint finisher: ``pdf`` is the pydyf document before it is written. Marked content
    whose MCID maps (in the ParentTree) to a structure element not reachable from the
    StructTreeRoot is turned from ``/Span <</MCID n>> BDC`` into ``/Artifact BMC``, and its
    ParentTree entry into null.
    """
    objects = pdf.objects

    def resolve(reference: Any) -> Any:
        if isinstance(reference, bytes) and reference.endswith(b" R"):
            return objects[int(reference.split()[0])]
        return reference

    root_ref = pdf.catalog.get("StructTreeRoot")
    if root_ref is None:
        return
    root = resolve(root_ref)
    reachable: set[int] = set()
    pending = list(root["K"])
    while pending:
        element = resolve(pending.pop())
        if not isinstance(element, dict) or element.number in reachable:
            continue
        reachable.add(element.number)
        kids = element.get("K", [])
        pending.extend(kids if isinstance(kids, list) else [kids])

    nums = resolve(root["ParentTree"])["Nums"]
    pages = [o for o in objects if isinstance(o, dict) and o.get("Type") == "/Page"]
    for page_index, page in enumerate(pages):
        position = next((i for i in range(0, len(nums), 2) if nums[i] == page.get("StructParents")), None)
        if position is None:
            continue
        parents = nums[position + 1]
        orphans = {
            mcid for mcid, ref in enumerate(parents)
            if isinstance(ref, bytes) and ref.endswith(b" R") and int(ref.split()[0]) not in reachable
        }
        if not orphans:
            continue
        for mcid in orphans:
            parents[mcid] = b"null"
        stream = resolve(page["Contents"])
        ops, rewritten, i = stream.stream, [], 0
        while i < len(ops):
            if (
                i + 2 < len(ops)
                and isinstance(ops[i + 1], dict)
                and ops[i + 1].get("MCID") in orphans
                and ops[i + 2] == b"BDC"
            ):
                rewritten += ["/Artifact", b"BMC"]
                i += 3
            else:
                rewritten.append(ops[i])
                i += 1
        stream.stream = rewritten
        log.debug("page %d: %d margin-box items marked as artifacts", page_index + 1, len(orphans))


def new_build_dir(output_dir: Path, event: str) -> Path:
    """A fresh, empty folder beside the published one, to build into, named after this process."""
    raise_if_stopped()
    for prefix in (f".build-{event}-", f".old-{event}-"):
        clear_stale(output_dir, prefix)
    folder = output_dir / f".build-{event}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    folder.mkdir(parents=True)
    return folder


def staging_dir(target: Path) -> Path:
    """A name beside ``target`` to write a replacement into (e.g. output/EVENT/.cards-<pid>-…)."""
    for prefix in (f".{target.name}-", f".old-{target.name}-"):
        clear_stale(target.parent, prefix)
    return target.with_name(f".{target.name}-{os.getpid()}-{uuid.uuid4().hex[:8]}")


# Folders that older versions named without a process id are stale after this many seconds.
UNOWNED_AGE = 3600


def clear_stale(folder: Path, prefix: str) -> list[Path]:
    """Delete the folders ``<prefix><pid>-<hex>`` in ``folder`` whose process no longer runs
    (a killed build's leftovers: its build folder, or the previous pack it was deleting), and
    return them. A running build's folder is kept."""
    owned = re.compile(re.escape(prefix) + r"(\d+)-[0-9a-f]{8}$")
    unowned = re.compile(re.escape(prefix) + r"[0-9a-f]{8}$")
    removed = []
    try:
        candidates = [p for p in folder.iterdir() if p.name.startswith(prefix) and p.is_dir()]
    except OSError:
        return []
    for path in candidates:
        match = owned.match(path.name)
        if match:
            stale = not _running(int(match.group(1)))
        elif unowned.match(path.name):
            try:
                stale = time.time() - path.stat().st_mtime > UNOWNED_AGE
            except OSError:
                continue
        else:
            continue  # e.g. ".build-2022-06-07-b-…" of the event "2022-06-07-b": not ours to judge
        if stale:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
            log.info("Deleted %s, left by a build that was stopped", path.name)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    except OSError as error:
        return error.errno != errno.ESRCH
    return True


def publish(build_dir: Path, target: Path) -> None:
    """Replace ``target`` with ``build_dir`` (renames on one filesystem, never a half-written pack).

    Signals wait until both renames are done, so an interruption never leaves no pack at all.
    """
    old = None
    with _signals_held():
        raise_if_stopped()
        if target.exists():
            old = target.with_name(f".old-{target.name}-{os.getpid()}-{uuid.uuid4().hex[:8]}")
            target.rename(old)
        try:
            build_dir.rename(target)
        except BaseException:
            if old is not None:
                old.rename(target)
            raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    log.debug("published %s", target)


def discard(build_dir: Path) -> None:
    with _signals_held():
        shutil.rmtree(build_dir, ignore_errors=True)


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


# The stop signals received during ``interruptible`` blocks, oldest first.
_stop_requests: list[int] = []


@contextmanager
def interruptible() -> Iterator[None]:
    """For the block, SIGTERM and SIGINT raise ``Interrupted``, so a build stopped by ``kill``
    or Ctrl-C deletes its build folder before it exits; a signal that arrives while that clean-up
    runs does not cut it short. Only in the main thread, where Python delivers signals.

    Python swallows the exception when the signal lands in a ``__del__`` (e.g. of the zip file
    of an XLSX export), so the signal is also recorded, quietly, and the next step that checks
    (``new_build_dir``, ``write_pdf``, ``publish``) raises it again.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(number: int, frame: Any) -> None:
        _stop_requests.append(number)
        if isinstance(sys.exc_info()[1], Interrupted):
            return  # already stopping: let the clean-up finish
        raise Interrupted(number)

    def unraisable(hook_args: Any) -> None:
        if not isinstance(hook_args.exc_value, Interrupted):  # recorded already: nothing to say
            original_hook(hook_args)

    earlier = list(_stop_requests)
    _stop_requests.clear()
    original_hook = sys.unraisablehook
    sys.unraisablehook = unraisable
    previous = {
        number: signal.signal(number, stop)
        for number in STOP_SIGNALS
        if signal.getsignal(number) is not signal.SIG_IGN  # e.g. nohup: left ignored
    }
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        sys.unraisablehook = original_hook
        _stop_requests[:] = earlier


def raise_if_stopped() -> None:
    """Raise the ``Interrupted`` of a stop signal whose exception Python swallowed."""
    if _stop_requests:
        raise Interrupted(_stop_requests[0])


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGTERM and SIGINT back for the block (delivered after it)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
