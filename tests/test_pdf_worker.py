"""The PDF process a build starts first: the same PDF and the same errors as in-process."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from reportgen.errors import UnsafeContentError
from reportgen.pdf_worker import PdfProcess


def test_the_worker_writes_the_pdf(tmp_path):
    worker = PdfProcess()
    try:
        worker.write("<html lang='en'><body><p>Hello from the worker</p></body></html>", tmp_path / "x.pdf", title="t")
    finally:
        worker.close()
    assert "Hello from the worker" in PdfReader(tmp_path / "x.pdf").pages[0].extract_text()


def test_the_worker_refuses_outside_urls_as_the_build_does(tmp_path):
    worker = PdfProcess()
    html = '<html><body><img src="file:///etc/hostname" alt="x"><p>Hello</p></body></html>'
    try:
        with pytest.raises(UnsafeContentError, match="only the project's own inlined assets"):
            worker.write(html, tmp_path / "x.pdf", title="test")
    finally:
        worker.close()
    assert not (tmp_path / "x.pdf").exists()


def test_a_worker_never_asked_stops_quietly():
    worker = PdfProcess()
    worker.close()
    assert worker._process.returncode is not None


IMPORT_QUICKLY = r"""
import ctypes.util, sys
searched = []
real = ctypes.util.find_library
def counted(name):
    searched.append(name)
    return real(name)
ctypes.util.find_library = counted
{before}
from reportgen.export import import_weasyprint
weasyprint = import_weasyprint()
assert ctypes.util.find_library is counted, "the library search is given back"
pdf = weasyprint.HTML(string="<p>Hello</p>").write_pdf()
assert pdf.startswith(b"%PDF"), pdf[:20]
print(len(searched))
"""


def _import_in_fresh_process(before: str = "") -> int:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", IMPORT_QUICKLY.format(before=before)],
        check=False, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return int(done.stdout.split()[-1])


@pytest.mark.skipif(not __import__("sys").platform.startswith("linux"), reason="the shortcut is for Linux")
def test_weasyprint_is_imported_without_searching_for_its_libraries():
    # A plain `import weasyprint` asks ctypes to search for a dozen library names (each search
    # starts ldconfig, gcc and ld); the build's import asks for none.
    assert _import_in_fresh_process() == 0


@pytest.mark.skipif(not __import__("sys").platform.startswith("linux"), reason="the shortcut is for Linux")
def test_weasyprint_is_still_found_where_only_the_search_finds_its_libraries():
    # Pango's own file name does not load here, as on a system where the libraries have other
    # names: the import falls back to the search, which finds them.
    refuse_direct = (
        "import cffi\n"
        "load = cffi.FFI.dlopen\n"
        "def dlopen(self, name, flags=0):\n"
        "    if name == 'libpango-1.0.so.0':\n"
        "        raise OSError('not loadable by this name here')\n"
        "    return load(self, name, flags)\n"
        "cffi.FFI.dlopen = dlopen\n"
    )
    assert _import_in_fresh_process(refuse_direct) > 0
