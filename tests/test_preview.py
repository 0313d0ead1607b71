"""reportgen preview: a narrative edit shows in the real browser, an error shows in the page
above the last good preview, and the server answers only for the pack on 127.0.0.1.

The browser test drives Debian's Chromium through Playwright as tests/test_browser.py does
(offline, every request recorded); it skips without chromium, except under CI.
"""

from __future__ import annotations

import http.client
import re
import time
import urllib.error
import urllib.request

import pytest

from reportgen.pipeline import build_pack
from reportgen.preview import PreviewServer

from .conftest import SAMPLE
from .test_browser import ARGS, chromium_path

# As the browser tests run Chromium (no DNS lookups at all), but letting it reach 127.0.0.1.
OFFLINE = [a.replace("EXCLUDE localhost", "EXCLUDE localhost, EXCLUDE 127.0.0.1") for a in ARGS]
OLD = "Thank you for every comment."
NEW = "Thank you, every one of you, for each comment."


@pytest.fixture
def server(project):
    with PreviewServer(project, SAMPLE) as running:
        yield running


def get(url: str, host: str | None = None) -> tuple[int, str, dict]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:
            return reply.status, reply.read().decode("utf-8"), dict(reply.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8"), dict(error.headers)


def wait_for_version(server: PreviewServer, seen: int, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while server.preview.state.version == seen and time.monotonic() < deadline:
        server.preview.wait_for_change(seen, 0.2)
    assert server.preview.state.version != seen, "the preview did not rebuild after the save"


def test_the_preview_serves_the_pack_with_a_reload_script_only_there(server, project):
    assert server.url.startswith("http://127.0.0.1:")
    status, page, headers = get(server.url)
    assert status == 200
    assert "Driving purposeful collaboration" in page and OLD in page
    assert 'new EventSource("/__events")' in page
    assert "connect-src 'self'" in headers["Content-Security-Policy"]
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    # The pack as built stays self-contained: no script, nothing to reload from.
    built = build_pack(project, SAMPLE, pdf=False, cards=False).html.read_text(encoding="utf-8")
    assert "EventSource" not in built and "<script" not in built


@pytest.mark.parametrize(
    "path",
    ["/event.yaml", "/../data/events/2022-06-07/event.yaml", "/data/", "/output/", "/%2e%2e/pyproject.toml", "/templates/pack.css"],
)
def test_the_preview_serves_nothing_but_the_pack(server, path):
    connection = http.client.HTTPConnection("127.0.0.1", server.httpd.server_address[1], timeout=10)
    connection.request("GET", path)
    reply = connection.getresponse()
    body = reply.read().decode("utf-8")
    assert reply.status == 404
    assert "serves only the pack" in body
    connection.close()


def test_another_host_name_is_refused(server):
    status, body, _ = get(server.url, host="attacker.example:80")
    assert status == 403
    assert "Driving purposeful collaboration" not in body


def test_an_edit_rebuilds_and_an_error_keeps_the_last_good_page(server, project):
    event_yaml = project.event_dir(SAMPLE) / "event.yaml"
    original = event_yaml.read_text(encoding="utf-8")
    seen = server.preview.state.version
    event_yaml.write_text(original.replace(OLD, NEW), encoding="utf-8")
    wait_for_version(server, seen)
    assert server.preview.state.error is None
    _, page, _ = get(server.url)
    assert NEW in page and OLD not in page

    seen = server.preview.state.version
    event_yaml.write_text(original.replace(OLD, NEW).replace("brand: sel-leadership", "brand: sel-leadershp"), encoding="utf-8")
    wait_for_version(server, seen)
    _, page, _ = get(server.url)
    error = re.search(r'id="reportgen-preview-error-text">([^<]*)<', page).group(1)
    assert "event.yaml" in error
    assert "brand: no brand folder templates/brands/sel-leadershp/" in error
    assert NEW in page  # the last good preview is still there, under the error


def test_a_narrative_edit_shows_in_the_browser(server, project):
    executable = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright package is not installed (make test installs it)")
    event_yaml = project.event_dir(SAMPLE) / "event.yaml"
    original = event_yaml.read_text(encoding="utf-8")
    requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=OFFLINE)
        try:
            page = browser.new_page()
            page.on("request", lambda request: requests.append(request.url))
            page.goto(server.url, wait_until="load")
            assert page.get_by_text(OLD).count() == 1
            page.wait_for_timeout(300)  # the page is listening for changes

            page.evaluate("window.scrollTo(0, 900)")
            event_yaml.write_text(original.replace(OLD, NEW), encoding="utf-8")
            page.get_by_text(NEW).wait_for(timeout=15_000)  # the page updated itself
            assert page.get_by_text(OLD).count() == 0
            assert page.evaluate("window.scrollY") == 900  # the writer keeps their place

            event_yaml.write_text(original.replace("min_count: 5", "min_count: five"), encoding="utf-8")
            alert = page.get_by_role("alert")
            alert.wait_for(timeout=15_000)
            assert "The preview could not be rebuilt" in alert.inner_text()
            assert "privacy.min_count" in alert.inner_text()
            assert page.get_by_text(NEW).count() == 1  # the last good preview stays below

            event_yaml.write_text(original, encoding="utf-8")
            page.get_by_text(OLD).wait_for(timeout=15_000)
            assert page.get_by_role("alert").count() == 0
        finally:
            browser.close()
    outside = [url for url in requests if not url.startswith((server.url, "data:"))]
    assert outside == [], f"the preview asked for something other than its own server: {outside}"
