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
