"""Nothing fetched, nothing executed: a build connects nowhere, whatever the brand and the event
say, an unsafe logo is refused when the brand is loaded, and make never runs what EVENT holds."""

from __future__ import annotations

import base64
import csv
import shutil
import socket
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.brand import logo_problems, svg_problems
from reportgen.cli import cli

from .conftest import ROOT, SAMPLE

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 120 120">'
LOGO = SVG + '<circle cx="60" cy="60" r="40" fill="#ffffff"/>{extra}</svg>\n'
# A 1×1 PNG: an embedded image is allowed.
PNG = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360f8ffff3f0005fe02fea7d6a4e20000000049454e44ae426082"
    )
).decode("ascii")


class Listener:
    """A TCP server on 127.0.0.1 that counts the connections it is offered."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.connections: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/{name}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.socket.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(1)
                try:
                    self.connections.append(connection.recv(200))
                except OSError:
                    self.connections.append(b"")

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.socket.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


def run(project, *args: str):
    return CliRunner().invoke(cli, ["--root", str(project.root), *args])


def write_logo(project, extra: str) -> Path:
    path = project.brands_dir / "sel-leadership" / "logo.svg"
    path.write_text(LOGO.format(extra=extra), encoding="utf-8")
    return path


def plant_urls(project, listener: Listener) -> None:
    """Web addresses wherever the organisers can write text: narrative, contact, title, brand."""
    event_yaml = project.event_dir(SAMPLE) / "event.yaml"
    text = event_yaml.read_text(encoding="utf-8")
    text = text.replace(
        "  closing: |\n",
        "  closing: |\n"
        f"    See [our site]({listener.url('narrative-link')}) and <{listener.url('autolink')}>,\n"
        f"    <img src=\"{listener.url('raw-html.png')}\"> and url({listener.url('css-text')}).\n\n",
    )
    text = text.replace(
        "subtitle: Measuring our impact",
        f"subtitle: \"Measuring our impact url({listener.url('subtitle')})\"",
    )
    event_yaml.write_text(text, encoding="utf-8")
    brand_yaml = project.brands_dir / "sel-leadership" / "brand.yaml"
    brand = brand_yaml.read_text(encoding="utf-8")
    brand = brand.replace(
        "footer: South east London",
        f"contact: \"Write to [us]({listener.url('contact')})\"\nfooter: url({listener.url('footer')}) South east London",
    )
    brand_yaml.write_text(brand, encoding="utf-8")
    # and in the free-text answers that may be quoted
    feedback = project.event_dir(SAMPLE) / "feedback.csv"
    with open(feedback, newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    for row in rows[1:]:
        if row[5] and row[-1] == "Yes":
            row[5] += f' <img src="{listener.url("quote.png")}"> url({listener.url("quote-css")})'
    with open(feedback, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


def test_a_whole_build_connects_nowhere(project, listener):
    plant_urls(project, listener)
    # an embedded raster image and an internal gradient: allowed, and drawn without fetching
    write_logo(
        project,
        f'<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>'
        f'<rect width="10" height="10" fill="url(#g)"/><image href="data:image/png;base64,{PNG}" width="4" height="4"/>',
    )
    result = run(project, "build", SAMPLE)
    assert result.exit_code == 0, result.output
    output = project.event_output_dir(SAMPLE)
    assert (output / "pack.pdf").stat().st_size > 10_000
    assert len(list((output / "cards").glob("*.png"))) >= 4  # the cards were drawn too
    html = (output / "pack.html").read_text(encoding="utf-8")
    assert listener.url("narrative-link") in html  # the links are there, as links
    assert f"&lt;img src=“{listener.url('raw-html.png')}”&gt;" in html  # raw HTML is text
    assert listener.url("quote-css") in (output / "tidy" / "responses.csv").read_text(encoding="utf-8")
    assert listener.connections == []


@pytest.mark.parametrize(
    ("extra", "found"),
    [
        ('<image href="{url}" width="10" height="10"/>', '<image href="http://127.0.0.1:'),
        ('<image xlink:href="{url}" width="10" height="10"/>', '<image href="http://127.0.0.1:'),
        ('<image href="https://evil.example/x.png"/>', '<image href="https://evil.example/x.png"> refers to something outside'),
        ('<image href="//evil.example/x.png"/>', '<image href="//evil.example/x.png"> refers to something outside'),
        ('<image href="file:///etc/passwd"/>', '<image href="file:///etc/passwd"> refers to something outside'),
        ('<image href="../default/logo.svg"/>', '<image href="../default/logo.svg"> refers to something outside'),
        ('<use href="other.svg#mark"/>', '<use href="other.svg#mark"> refers to something outside'),
        ('<rect width="9" height="9" style="fill: url(\'{url}\')"/>', "url(http://127.0.0.1:"),
        ('<rect width="9" height="9" fill="url({url}#p)"/>', '<rect fill="…"> refers to something outside'),
        ('<style>@import url("{url}");</style>', "a CSS @import in the logo's <style>"),
        ("<style>rect {{ fill: \\75 rl({url}) }}</style>", "a CSS escape"),
        ('<script>fetch("{url}")</script>', "a <script> element"),
        ('<rect width="9" height="9" onclick="fetch(1)"/>', 'an event handler attribute onclick="…" on <rect>'),
        ('<foreignObject width="9" height="9"><p xmlns="http://www.w3.org/1999/xhtml">x</p></foreignObject>', "a <foreignObject> element"),
        (
            '<image href="data:image/svg+xml;base64,{nested}"/>',
            'in an embedded SVG image, <image href="http://127.0.0.1:',
        ),
    ],
)
def test_a_logo_that_refers_outside_itself_is_refused(project, listener, extra, found):
    nested = base64.b64encode(f'{SVG}<image href="{listener.url("nested.png")}"/></svg>'.encode()).decode()
    write_logo(project, extra.format(url=listener.url("logo.png"), nested=nested))
    for command in ("validate", "build"):
        result = run(project, command, SAMPLE)
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        assert result.output.startswith("Error: ")
        assert "templates/brands/sel-leadership/brand.yaml: " in result.output
        assert "- logo: logo.svg: " in result.output and found in result.output, result.output
    assert not project.event_output_dir(SAMPLE).exists()
    assert listener.connections == []


def test_a_doctype_with_entities_is_refused_and_never_expanded(project, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("do not read me", encoding="utf-8")
    logo = project.brands_dir / "sel-leadership" / "logo.svg"
    logo.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY secret SYSTEM "file://{secret}">]>\n'
        + LOGO.format(extra="<text>&secret;</text>"),
        encoding="utf-8",
    )
    result = run(project, "validate", SAMPLE)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "a DOCTYPE that declares entities or other definitions" in result.output
    assert "an entity declaration (<!ENTITY secret …>)" in result.output
    assert "do not read me" not in result.output
    # A "billion laughs" is refused the same way, before any expansion.
    laughs = '<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    assert "an entity declaration (<!ENTITY a …>), which the logo may not have" in svg_problems(
        (laughs + LOGO.format(extra="<text>&b;</text>")).encode()
    )


def test_ordinary_logos_pass(tmp_path):
    for brand in ("default", "sel-leadership", "project-lift"):
        assert logo_problems(ROOT / "templates" / "brands" / brand / "logo.svg") == []
    # the DOCTYPE an editor writes (no entities, and its DTD is never loaded) is fine
    svg = tmp_path / "logo.svg"
    svg.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n' + LOGO.format(extra=""),
        encoding="utf-8",
    )
    assert logo_problems(svg) == []
    png = tmp_path / "logo.png"
    png.write_bytes(base64.b64decode(PNG))
    assert logo_problems(png) == []


def test_a_logo_that_is_not_what_its_name_says_is_refused(tmp_path):
    fake = tmp_path / "logo.png"
    fake.write_text(LOGO.format(extra=""), encoding="utf-8")
    assert logo_problems(fake) == ["logo: logo.png is not a PNG image (its content does not match its name)"]
    page = tmp_path / "logo.html"
    page.write_text("<html></html>", encoding="utf-8")
    assert "logo: logo.html is not an image reportgen can use" in logo_problems(page)[0]
    svg = tmp_path / "logo.svg"
    svg.write_text("<html><body/></html>", encoding="utf-8")
    assert logo_problems(svg) == ["logo: logo.svg: not an SVG image (its first element is not <svg>)"]
    svg.write_text("<svg><g></svg>", encoding="utf-8")
    assert logo_problems(svg) == ["logo: logo.svg: not a well-formed SVG file (mismatched tag at line 1)"]


# make: EVENT is data. It is refused by make unless it could name an event folder, and it never
# reaches a shell unquoted.
HOSTILE = [
    "2022-06-07;touch {marker}",
    "$(shell touch {marker})",
    "`touch {marker}`",
    "x' ; touch '{marker}",
    "$$(touch {marker})",
    "2022-06-07 && touch {marker}",
    "-x",
]


@pytest.fixture
def make_copy(tmp_path: Path) -> Path:
    """The Makefile in a folder whose .venv is a stand-in that records its arguments."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    folder = tmp_path / "checkout"
    (folder / ".venv" / "bin").mkdir(parents=True)
    shutil.copy(ROOT / "Makefile", folder / "Makefile")
    for name in ("pyproject.toml", "requirements.lock"):
        shutil.copy(ROOT / name, folder / name)
    (folder / ".venv" / ".installed").touch()
    fake = folder / ".venv" / "bin" / "reportgen"
    fake.write_text('#!/bin/sh\nfor a in "$@"; do printf "[%s]\\n" "$a"; done > "$(dirname "$0")/args"\n')
    fake.chmod(0o755)
    return folder


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("goal", ["report", "validate", "cards"])
def test_make_never_runs_what_event_holds(make_copy, tmp_path, value, goal):
    marker = tmp_path / "marker"
    event = value.format(marker=marker)
    for dry_run in (["-n"], []):
        result = subprocess.run(
            ["make", "-C", str(make_copy), *dry_run, goal, f"EVENT={event}"],
            check=False, capture_output=True, text=True, timeout=30,
        )
        assert result.returncode != 0, result.stdout
        assert "is not an event name: use the name of a folder under data/events/" in result.stderr
        assert not marker.exists()
        assert not (make_copy / ".venv" / "bin" / "args").exists()  # reportgen never started


def test_make_passes_a_good_event_name_as_one_argument(make_copy):
    result = subprocess.run(
        ["make", "-C", str(make_copy), "validate", "EVENT=2022-06-07"],
        check=False, capture_output=True, text=True, timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert (make_copy / ".venv" / "bin" / "args").read_text() == "[validate]\n[2022-06-07]\n"
    helped = subprocess.run(["make", "-C", str(make_copy), "help", "EVENT=x;y"], check=False, capture_output=True)
    assert helped.returncode == 0  # goals that do not use EVENT do not check it
