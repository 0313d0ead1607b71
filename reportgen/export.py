"""Export: pack.html -> pack.pdf with WeasyPrint, and publishing a finished build atomically.

WeasyPrint gets a URL fetcher that only answers ``data:`` URLs (everything the pack needs is
inlined into pack.html by ``render``). Any other URL, from a template or from narrative text,
stops the build with an error naming it: the renderer never reads a file or host outside the
project's own assets.

The PDF is tagged (PDF/UA-1). WeasyPrint marks the running footer and page numbers (the
page's margin boxes) as content that belongs to no structure element; ``_footers_as_artifacts``
marks them as pagination artifacts instead, as PDF/UA asks, so a screen reader skips them.

``publish`` swaps a finished build folder into place, so a failed build never touches the
last good pack.
"""

from __future__ import annotations

import logging
import shutil
import uuid
from pathlib import Path
from typing import Any

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
        document.write_pdf(target, pdf_variant="pdf/ua-1", pdf_tags=True, finisher=_footers_as_artifacts)
    except FatalURLFetchingError as error:
        raise UnsafeContentError(f"{title}: {error}") from None


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
