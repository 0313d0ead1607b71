"""Reliability: whatever goes wrong (a full disk, a read-only folder, a chart process that dies,
a bug, Ctrl-C, SIGTERM), the user gets one clear message, no traceback (unless -v), a clean
exit status, the last pack exactly as it was and no half-built folder left behind."""

from __future__ import annotations

import errno
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import cli
from reportgen.errors import describe_os_error
from reportgen.export import clear_stale
from reportgen.pipeline import build_pack

from .conftest import SAMPLE
from .test_bad_input import digest


def run(project, *args: str):
    return CliRunner().invoke(cli, ["--root", str(project.root), *args])


def leftovers(project) -> list[str]:
    """Temporary folders left in output/ and output/<EVENT>/."""
    found = []
    for folder in (project.output_dir, project.event_output_dir(SAMPLE)):
        if folder.is_dir():
            found += [p.name for p in folder.iterdir() if p.name.startswith((".build-", ".old-", ".cards-"))]
    return found


def one_error(output: str, *fragments: str) -> str:
    """``output`` is exactly one "Error: ..." line holding each fragment."""
    assert "Traceback" not in output, output
    lines = output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), output
    for fragment in fragments:
        assert fragment in lines[0], (fragment, output)
    return lines[0]


@pytest.fixture
def built(project, monkeypatch):
    """The project with the sample pack built once: the "last good pack". The chart cache is
    emptied and builds in this process write their PDF themselves, so that each fault planted
    below (in this process) is met by the build that follows."""
    build_pack(project, SAMPLE)
    shutil.rmtree(project.cache_dir / "charts", ignore_errors=True)
    shutil.rmtree(project.cache_dir / "cards", ignore_errors=True)
    shutil.rmtree(project.cache_dir / "sets", ignore_errors=True)
    monkeypatch.setattr("reportgen.pipeline._pdf_process", lambda: None)
    return project, digest(project.event_output_dir(SAMPLE))


def subprocess_build(project, *args: str, limit: int | None = None, **kwargs) -> subprocess.Popen:
    def file_size_limit() -> None:
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.Popen(
        [sys.executable, "-m", "reportgen", "--root", str(project.root), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs,
        preexec_fn=file_size_limit,  # noqa: PLW1509 - sets a limit only, no locks taken
    )


def test_a_file_size_limit_is_one_message(built):
    """`ulimit -f 40`: the build cannot write its larger files (EFBIG)."""
    project, before = built
    process = subprocess_build(project, "build", "--force", "--cards", SAMPLE, limit=40 * 1024)
    out, err = process.communicate(timeout=300)
    assert process.returncode == 1, (out, err)
    one_error(
        err, "output/2022-06-07/", "is larger than this session may write", "ulimit -f",
        "lift the limit and run again; the last pack is as it was.",
    )
    assert digest(project.event_output_dir(SAMPLE)) == before
    assert leftovers(project) == []


def test_a_full_disk_is_one_message_naming_the_file(built, monkeypatch):
    project, before = built

    def full(html, target, *, title, cache_dir=None):  # as a write() fails: errno, no file name
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("reportgen.export.write_pdf", full)
    result = run(project, "build", "--force", "--cards", SAMPLE)
    assert result.exit_code == 1
    assert one_error(result.output) == (
        "Error: the disk is full while writing output/2022-06-07/pack.pdf: free some space and run "
        "again; the last pack is as it was."
    )
    assert digest(project.event_output_dir(SAMPLE)) == before
    assert leftovers(project) == []


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (errno.EROFS, "output/2022-06-07 is on a read-only disk: run reportgen in a folder you can write to"),
        (errno.EACCES, "no permission to write output/2022-06-07 (it may be read-only or locked): check its permissions"),
        (errno.EPERM, "the system does not allow reportgen to write output/2022-06-07 (it may be locked or immutable)"),
    ],
)
def test_a_read_only_or_locked_output_folder_is_one_message(project, monkeypatch, number, expected):
    # Tests may run as root, where chmod stops no write: the folder refuses as a read-only
    # disk, a folder without permission or an immutable (chattr +i) folder does.
    real_mkdir = Path.mkdir

    def refuse(self, *args, **kwargs):
        if self.is_relative_to(project.output_dir):
            raise OSError(number, os.strerror(number), str(self))
        return real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", refuse)
    result = run(project, "build", "--force", "--cards", SAMPLE)
    assert result.exit_code == 1
    one_error(result.output, expected)
    assert not project.event_output_dir(SAMPLE).exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_folder_without_write_permission_is_one_message(built):
    project, before = built
    project.output_dir.chmod(0o555)
    try:
        process = subprocess_build(project, "build", "--force", "--cards", SAMPLE)
        _, err = process.communicate(timeout=300)
    finally:
        project.output_dir.chmod(0o755)
    assert process.returncode == 1
    one_error(err, "no permission to write output/")
    assert digest(project.event_output_dir(SAMPLE)) == before


def test_a_file_where_the_output_folder_should_be(project):
    shutil.rmtree(project.output_dir, ignore_errors=True)
    project.output_dir.write_text("not a folder", encoding="utf-8")
    result = run(project, "build", "--force", "--cards", SAMPLE)
    assert result.exit_code == 1
    assert one_error(result.output) == (
        "Error: a file is in the way where reportgen needs a folder: output: move that file away and "
        "run again; the last pack is as it was."
    )


def test_a_chart_process_that_dies_is_one_message(built, monkeypatch):
    from reportgen.chart_worker import ChartProcess

    project, before = built
    real_send = ChartProcess.send

    def send_then_die(self, *args, **kwargs):
        real_send(self, *args, **kwargs)
        self._process.kill()  # as the out-of-memory killer would

    monkeypatch.setattr(ChartProcess, "send", send_then_die)
    result = run(project, "build", "--force", "--cards", SAMPLE)
    assert result.exit_code == 1
    one_error(
        result.output,
        "The process that draws the charts and social cards stopped before it finished "
        "(it was killed (SIGKILL; the machine may be short of memory)). Nothing was published",
    )
    assert digest(project.event_output_dir(SAMPLE)) == before
    assert leftovers(project) == []


def test_a_chart_process_that_crashes_names_its_last_words(project, monkeypatch):
    from reportgen.chart_worker import ChartProcess

    real_init = ChartProcess.__init__

    def crashing(self):
        real_init(self)
        self.close()  # the real worker: replaced by one that crashes at once
        self._process = subprocess.Popen(
            [sys.executable, "-c", "import sys; sys.stderr.write('vl-convert: engine panicked\\n'); sys.exit(3)"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )

    monkeypatch.setattr(ChartProcess, "__init__", crashing)
    result = run(project, "build", "--force", "--cards", SAMPLE)
    assert result.exit_code == 1
    one_error(result.output, "stopped before it finished (vl-convert: engine panicked)")
    assert leftovers(project) == []


def test_a_bug_is_an_internal_error_with_details_only_with_v(project, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("unexpected value in the pack")

    monkeypatch.setattr("reportgen.render.render_html", broken)
    result = run(project, "build", "--force", "--cards", SAMPLE)
    assert result.exit_code == 1
    assert one_error(result.output) == (
        "Error: internal error (ValueError: unexpected value in the pack). This is a fault in "
        "reportgen, not in your files: run again with -v for the details, and please report them."
    )
    verbose = run(project, "-v", "build", "--force", SAMPLE)
    assert verbose.exit_code == 1
    assert "Traceback (most recent call last)" in verbose.output
    assert 'raise ValueError("unexpected value in the pack")' in verbose.output
    assert verbose.output.rstrip().endswith("and please report them.")
    assert leftovers(project) == []


def test_ctrl_c_exits_130_with_a_short_message(built, monkeypatch):
    project, before = built

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("reportgen.export.write_pdf", interrupted)
    result = run(project, "build", "--force", "--cards", SAMPLE)
    assert result.exit_code == 130
    assert result.output == "Stopped (Ctrl-C) before the end: nothing was published, the last pack is as it was.\n"
    assert digest(project.event_output_dir(SAMPLE)) == before
    assert leftovers(project) == []


def wait_for(condition, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


@pytest.mark.parametrize(
    ("signal_number", "to_group", "status", "how"),
    [
        (signal.SIGTERM, False, 143, "SIGTERM"),  # kill PID
        (signal.SIGTERM, True, 143, "SIGTERM"),  # a service manager stopping the job
        (signal.SIGINT, True, 130, "Ctrl-C"),  # Ctrl-C in a terminal: the chart process gets it too
    ],
)
def test_a_signal_mid_build_leaves_no_build_folder(built, signal_number, to_group, status, how):
    project, before = built
    process = subprocess_build(project, "build", "--force", "--cards", SAMPLE, start_new_session=True)
    wait_for(lambda: any(p.name.startswith(f".build-{SAMPLE}-") for p in project.output_dir.iterdir()))
    time.sleep(0.3)  # well into the build: the chart process is drawing, files are being written
    if to_group:
        os.killpg(process.pid, signal_number)
    else:
        process.send_signal(signal_number)
    _, err = process.communicate(timeout=60)
    assert process.returncode == status, err
    assert err == f"Stopped ({how}) before the end: nothing was published, the last pack is as it was.\n"
    assert leftovers(project) == []
    assert digest(project.event_output_dir(SAMPLE)) == before


def test_sigterm_while_writing_cards_leaves_no_staging_folder(built):
    project, before = built
    cards = project.event_output_dir(SAMPLE)
    process = subprocess_build(project, "cards", SAMPLE)
    wait_for(lambda: any(p.name.startswith(".cards-") for p in cards.iterdir()))
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 143, err
    assert leftovers(project) == []
    assert digest(project.event_output_dir(SAMPLE)) == before


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_build_clears_what_killed_builds_left_but_not_a_running_build(built):
    project, _ = built
    output = project.output_dir
    killed = output / f".build-{SAMPLE}-{dead_pid()}-0123abcd"
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    concurrent = output / f".build-{SAMPLE}-{running.pid}-4567cdef"
    other_event = output / f".build-{SAMPLE}-b-{dead_pid()}-89abcdef"  # event "2022-06-07-b": its own build clears it
    half_deleted = output / f".old-{SAMPLE}-{dead_pid()}-13572468"  # killed while deleting the last pack
    old_style = output / f".build-{SAMPLE}-fedcba98"  # named by an older version, hours ago
    recent_old_style = output / f".build-{SAMPLE}-76543210"
    try:
        for folder in (killed, half_deleted, concurrent, other_event, old_style, recent_old_style):
            (folder / "tidy").mkdir(parents=True)
            (folder / "tidy" / "participants.csv").write_text("x\n", encoding="utf-8")
        hours_ago = time.time() - 5 * 3600
        os.utime(old_style, (hours_ago, hours_ago))
        result = run(project, "build", "--force", "--cards", SAMPLE)
        assert result.exit_code == 0, result.output
        assert not killed.exists() and not half_deleted.exists() and not old_style.exists()
        assert concurrent.is_dir() and other_event.is_dir() and recent_old_style.is_dir()
        assert (concurrent / "tidy" / "participants.csv").read_text(encoding="utf-8") == "x\n"
    finally:
        running.kill()
        running.wait()
    # once its process is gone, the next build clears it too
    assert clear_stale(output, f".build-{SAMPLE}-") == [concurrent]


def test_os_error_messages_name_the_file_relative_to_the_project(tmp_path):
    root = tmp_path
    error = OSError(errno.ENOSPC, "No space left on device", str(root / "output" / f".build-{SAMPLE}-123-0a1b2c3d" / "tidy" / "x.csv"))
    assert describe_os_error(error, root) == (
        "the disk is full while writing output/2022-06-07/tidy/x.csv: free some space and run again; "
        "the last pack is as it was."
    )
    unreadable = OSError(errno.EACCES, "Permission denied", str(root / "data" / "events" / SAMPLE / "feedback.csv"))
    assert describe_os_error(unreadable, root) == (
        "no permission to open data/events/2022-06-07/feedback.csv (it may be read-only or locked): "
        "check its permissions (ls -l) and run again."
    )
    assert describe_os_error(OSError(errno.ENOSPC, "No space left on device"), root) == (
        "the disk is full while writing files in output/: free some space and run again; the last pack is as it was."
    )


def test_a_full_disk_in_the_chart_process_is_reported_as_a_full_disk(project, monkeypatch):
    from reportgen.chart_worker import ChartProcess

    real_init = ChartProcess.__init__
    card = project.output_dir / f".build-{SAMPLE}-1-abcdef12" / "cards" / "joined-1200x675.png"
    reply = json.dumps({"error": "[Errno 28] No space left on device", "errno": errno.ENOSPC,
                        "strerror": "No space left on device", "filename": str(card)})

    def full_disk(self):
        real_init(self)
        self.close()  # the real worker: replaced by one whose disk is full
        self._process = subprocess.Popen(
            [sys.executable, "-c", f"import sys; sys.stdin.read(); print({reply!r})"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )

    monkeypatch.setattr(ChartProcess, "__init__", full_disk)
    result = run(project, "build", "--force", "--cards", SAMPLE)
    assert result.exit_code == 1
    assert one_error(result.output) == (
        "Error: the disk is full while writing output/2022-06-07/cards/joined-1200x675.png: free some "
        "space and run again; the last pack is as it was."
    )


def test_output_read_by_a_closed_pipe_ends_quietly(built):
    """`reportgen list | head -1`: the reader went away; no message, no traceback."""
    project, _ = built
    process = subprocess_build(project, "list")
    process.stdout.close()
    assert process.wait(timeout=60) == 1
    assert process.stderr.read() == ""
    process.stderr.close()


def test_a_stop_signal_that_python_swallows_still_stops_the_build(capfd):
    """A signal landing in a __del__ (e.g. of an XLSX export's zip file) loses its exception:
    the build is stopped at its next step all the same, and nothing is printed about it."""
    from reportgen.errors import Interrupted
    from reportgen.export import interruptible, raise_if_stopped

    class ClosesOnDelete:
        def __del__(self):
            signal.raise_signal(signal.SIGTERM)
            time.sleep(0.001)  # the handler runs here, inside __del__

    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(Interrupted) as stopped, interruptible():
        ClosesOnDelete()
        raise_if_stopped()  # as new_build_dir, write_pdf and publish do
    assert stopped.value.signal_number == signal.SIGTERM
    assert "Exception ignored" not in capfd.readouterr().err
    assert signal.getsignal(signal.SIGTERM) is before
    raise_if_stopped()  # outside the block: the request is forgotten
