"""Export: pack.html -> pack.pdf with WeasyPrint, and publishing a finished build atomically.

WeasyPrint gets a URL fetcher that only answers ``data:`` URLs (everything the pack needs is
inlined into pack.html by ``render``). Any other URL, from a template or from narrative text,
stops the build with an error naming it: the renderer never reads a file or host outside the
project's own assets.

``publish`` swaps a finished build folder into place, so a failed build never touches the
last good pack.
"""

from __future__ import annotations

import logging
import shutil
import uuid
from pathlib import Path

from .errors import UnsafeContentError

log = logging.getLogger(__name__)


def prepare_pdf() -> None:
    """Import WeasyPrint (about half a second), e.g. while charts are drawn elsewhere."""
    import weasyprint  # noqa: F401


def write_pdf(html: str, target: Path, *, title: str) -> None:
    """Lay out ``html`` (a self-contained pack) as an A4, tagged PDF at ``target``."""
    import weasyprint
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    class DataOnlyFetcher(URLFetcher):
        def fetch(self, url: str, headers: dict | None = None):  # type: ignore[override]
            if url.startswith("data:"):
                return super().fetch(url, headers)
            raise FatalURLFetchingError(
                f"The pack asked for {url!r}; only the project's own inlined assets may be used"
            )

    document = weasyprint.HTML(string=html, url_fetcher=DataOnlyFetcher(allowed_protocols=["data"]))
    try:
        document.write_pdf(target, pdf_variant="pdf/ua-1", pdf_tags=True)
    except FatalURLFetchingError as error:
        raise UnsafeContentError(f"{title}: {error}") from None


def new_build_dir(output_dir: Path, event: str) -> Path:
    """A fresh, empty folder beside the published one, to build into."""
    folder = output_dir / f".build-{event}-{uuid.uuid4().hex[:8]}"
    folder.mkdir(parents=True)
    return folder


def publish(build_dir: Path, target: Path) -> None:
    """Replace ``target`` with ``build_dir`` (renames on one filesystem, never a half-written pack)."""
    old = None
    if target.exists():
        old = target.with_name(f".old-{target.name}-{uuid.uuid4().hex[:8]}")
        target.rename(old)
    try:
        build_dir.rename(target)
    except OSError:
        if old is not None:
            old.rename(target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    log.debug("published %s", target)


def discard(build_dir: Path) -> None:
    shutil.rmtree(build_dir, ignore_errors=True)
