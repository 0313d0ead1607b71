"""The pack's typeface: found in an installed font package, subset to woff2, cached.

The font ships as a Python package (e.g. ``font-source-sans-pro``, SIL Open Font License), so a
fresh virtualenv has it and no system font is relied on. Subsets cover Latin text and the
punctuation packs use (curly quotes, dashes, arrows, bullets); they are made once per font
file and kept under output/.cache/fonts/.

The pack carries its fonts as woff2 (small, for the web page); WeasyPrint would unpack them
again for every PDF (about 0.4 s), so ``woff2_as_sfnt`` unpacks each once and keeps the result
beside the subset.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.resources
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError

# Basic Latin, Latin-1, Latin Extended-A, general punctuation, currency, arrows, maths signs.
UNICODES = (
    list(range(0x20, 0x7F))
    + list(range(0xA0, 0x180))
    + list(range(0x2010, 0x2027))
    + list(range(0x2030, 0x203B))
    + [0x20AC, 0x2190, 0x2191, 0x2192, 0x2193, 0x2212, 0x2264, 0x2265, 0x00D7, 0x2713]
)
SUBSET_VERSION = "2"  # 2: keeps the font's own timestamp, so subsets are byte-stable


@dataclass(frozen=True)
class FontFace:
    family: str
    weight: int
    style: str
    file: Path


@dataclass(frozen=True)
class Typeface:
    family: str
    faces: tuple[FontFace, ...]
    licence: str


def _source_sans_pro() -> Typeface:
    folder = Path(str(importlib.resources.files("font_source_sans_pro") / "files"))
    faces = (
        FontFace("Source Sans Pro", 400, "normal", folder / "SourceSansPro-Regular.ttf"),
        FontFace("Source Sans Pro", 400, "italic", folder / "SourceSansPro-It.ttf"),
        FontFace("Source Sans Pro", 600, "normal", folder / "SourceSansPro-Semibold.ttf"),
        FontFace("Source Sans Pro", 700, "normal", folder / "SourceSansPro-Bold.ttf"),
    )
    return Typeface("Source Sans Pro", faces, "SIL Open Font License 1.1")


def _lato() -> Typeface:
    folder = Path(str(importlib.resources.files("font_lato") / "files"))
    faces = (
        FontFace("Lato", 400, "normal", folder / "Lato-Regular.ttf"),
        FontFace("Lato", 400, "italic", folder / "Lato-Italic.ttf"),
        FontFace("Lato", 600, "normal", folder / "Lato-Bold.ttf"),  # Lato has no semibold
        FontFace("Lato", 700, "normal", folder / "Lato-Bold.ttf"),
    )
    return Typeface("Lato", faces, "SIL Open Font License 1.1")


TYPEFACES = {"source-sans-pro": _source_sans_pro, "lato": _lato}


def typeface(name: str) -> Typeface:
    if name not in TYPEFACES:
        raise ConfigError("brand.yaml", [f"font: unknown font {name!r} (fonts: {', '.join(TYPEFACES)})"])
    try:
        return TYPEFACES[name]()
    except ModuleNotFoundError:
        raise ConfigError(
            "brand.yaml", [f"font: the package for {name!r} is not installed (run make report to set up)"]
        ) from None


def woff2(face: FontFace, cache_dir: Path) -> bytes:
    """The subset woff2 of ``face``, made once and then read from the cache."""
    data = face.file.read_bytes()
    digest = hashlib.sha256(data + SUBSET_VERSION.encode()).hexdigest()[:16]
    cached = cache_dir / "fonts" / f"{face.file.stem}-{digest}.woff2"
    if cached.is_file():
        return cached.read_bytes()
    with _made_once(cached):
        if cached.is_file():  # made by another process meanwhile
            return cached.read_bytes()
        return _subset(face, cached)


@contextmanager
def _made_once(path: Path) -> Iterator[None]:
    """Hold a lock beside ``path`` while it is made, so that processes side by side (the pool of
    ``build --all``) make it once: the others wait and read it."""
    try:
        import fcntl
    except ImportError:  # not POSIX: each process makes its own copy
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(f".{path.name}.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _subset(face: FontFace, cached: Path) -> bytes:
    """Make the subset woff2 of ``face`` at ``cached`` (about 0.4 s a face) and return it."""
    from fontTools import subset  # only on a cold cache
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["kern", "liga", "lnum", "tnum"]
    options.name_IDs = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=UNICODES)
    font = TTFont(str(face.file), recalcTimestamp=False)  # no clock time in the subset
    subsetter.subset(font)
    font.flavor = "woff2"
    cached.parent.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_name(f".{cached.stem}-{os.getpid()}.tmp")  # builds side by side (build --all) never share one
    font.save(str(tmp))
    tmp.replace(cached)
    return cached.read_bytes()


WOFF2_DATA_URL = "data:font/woff2;base64,"
_unpacked: dict[str, bytes] = {}  # in this process: a build --all worker or the preview


def woff2_as_sfnt(url: str, cache_dir: Path | None) -> bytes:
    """The font in a ``data:font/woff2;base64,`` URL unpacked to TrueType/OpenType (what
    WeasyPrint would otherwise unpack itself), kept in this process and under
    ``cache_dir``/fonts/ when given."""
    return _unpack(_digest(url), url, cache_dir)


def _digest(url: str) -> str:
    return hashlib.sha256(url.encode("ascii", "replace")).hexdigest()[:16]


def _unpack(digest: str, url: str, cache_dir: Path | None, *, kept: bool = False) -> bytes:
    """The unpacked font, from this process, ``cache_dir`` or fontTools; ``kept``: also make
    sure it is on disk under ``cache_dir`` (another process will read it from there)."""
    cached = cache_dir / "fonts" / f"unpacked-{digest}.ttf" if cache_dir is not None else None
    data = _unpacked.get(digest)
    if data is None and cached is not None and cached.is_file():
        data = cached.read_bytes()
    elif data is None:
        import io

        from fontTools.ttLib import woff2 as woff2_format

        out = io.BytesIO()
        woff2_format.decompress(io.BytesIO(base64.b64decode(url[len(WOFF2_DATA_URL):])), out)
        data = out.getvalue()
        if cached is not None:
            _keep(cached, data)
    elif kept and cached is not None and not cached.is_file():
        _keep(cached, data)
    _unpacked[digest] = data
    return data


def _keep(path: Path, data: bytes) -> None:
    """Write ``data`` at ``path`` whole or not at all (builds side by side may write it too)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.stem}-{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def font_face_css(faces: tuple[FontFace, ...] | list[FontFace], cache_dir: Path) -> str:
    """@font-face rules with the fonts inline as data: URIs."""
    rules = []
    for face in faces:
        data = base64.b64encode(woff2(face, cache_dir)).decode("ascii")
        rules.append(
            f"@font-face{{font-family:'{face.family}';font-weight:{face.weight};"
            f"font-style:{face.style};src:url({WOFF2_DATA_URL}{data}) format('woff2')}}"
        )
    return "\n".join(rules)


PRINT_FONT_URL = "reportgen-font:"


def print_font_face_css(faces: tuple[FontFace, ...] | list[FontFace], cache_dir: Path) -> str:
    """The same @font-face rules for the PDF's copy of the page: each font named by a short
    ``reportgen-font:`` URL for the unpacked font that ``font_face_css``'s data: URI gives
    (``woff2_as_sfnt``), which ``export.write_pdf`` reads from ``cache_dir``. WeasyPrint's CSS
    parser reads a 100 KB data: URI one character at a time, about 30 ms a PDF."""
    rules = []
    for face in faces:
        url = WOFF2_DATA_URL + base64.b64encode(woff2(face, cache_dir)).decode("ascii")
        digest = _digest(url)
        _unpack(digest, url, cache_dir, kept=True)  # the PDF process reads it from cache_dir/fonts/
        rules.append(
            f"@font-face{{font-family:'{face.family}';font-weight:{face.weight};"
            f"font-style:{face.style};src:url({PRINT_FONT_URL}{digest}) format('truetype')}}"
        )
    return "\n".join(rules)


def printed_font(url: str, cache_dir: Path | None) -> bytes | None:
    """The unpacked font a ``reportgen-font:`` URL names, or None if it names none."""
    digest = url[len(PRINT_FONT_URL):]
    if digest in _unpacked:
        return _unpacked[digest]
    if cache_dir is None or len(digest) != 16 or any(c not in "0123456789abcdef" for c in digest):
        return None
    cached = cache_dir / "fonts" / f"unpacked-{digest}.ttf"
    if not cached.is_file():
        return None
    _unpacked[digest] = data = cached.read_bytes()
    return data
