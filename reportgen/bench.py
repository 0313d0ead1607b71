"""``make bench``: how long builds take, each figure printed against its target.

1. One build, stage by stage, and against WeasyPrint alone on the same pack.html (the floor
   for this renderer): wall and CPU time, measured side by side in each run so that a busy
   machine slows both; medians of the per-run ratios.
2. Scaling: seeded synthetic events (``reportgen.synthetic``) of 50 to 50,000 people, and a
   100,000-row export, each stage's time and the peak memory, per-person cost.
3. Every event in one command: ``build --all`` over N synthetic events from scratch (the
   median of ``--batch-runs``, 3 by default), then again with nothing changed (the no-op).
4. The live preview: from saving event.yaml to the reloaded page, in Chromium if it is there.
5. A series: ``reportgen store`` and ``reportgen series`` over 50 synthetic events.

Every build runs in a fresh Python process, as a user's would. Nothing here is a pass/fail
test: the machine it runs on decides the figures.

    python -m reportgen.bench [EVENT] [--runs N] [--sizes 50,500,...] [--limit S] [--events N]
                              [--batch-runs N] [--only single,scaling,batch,preview,series]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

STAGED = r"""
import json, logging, resource, sys, time
start = time.perf_counter()
logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
for noisy in ("weasyprint", "fontTools"):
    logging.getLogger(noisy).setLevel(logging.ERROR)
from pathlib import Path
from reportgen.pipeline import build_pack
from reportgen.project import Project
print("Step: imports", file=sys.stderr, flush=True)
import pandas, jinja2  # noqa: F401 (the imports every build pays; Altair and vl-convert: in charts)
from reportgen.export import import_weasyprint
import_weasyprint()
imports = time.perf_counter() - start
result = build_pack(Project(Path(sys.argv[1])), sys.argv[2], parallel=False, cards=sys.argv[3] == "cards", cache=False)
stages = {"imports": imports, **result.timings.stages}
stages["total"] = time.perf_counter() - start
print(json.dumps({"stages": stages, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

FLOOR = r"""
import gc, sys
from reportgen.export import import_weasyprint  # WeasyPrint imported the quick way, as a build does
weasyprint = import_weasyprint()
weasyprint.HTML(filename=sys.argv[1]).write_pdf(sys.argv[2], pdf_variant="pdf/ua-1", pdf_tags=True)
gc.freeze()  # the same exit shortcut as reportgen's command line
"""

SIZES = (50, 500, 5_000, 50_000, 100_000)
TARGETS = {5_000: 5.0, 50_000: 15.0, 100_000: 30.0}  # seconds; 100,000 rows: also < 1 GB


def run(command: list[str], timeout: float | None = None) -> tuple[float, float, str]:
    """Wall and CPU seconds (the process and its children) and its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, check=True, capture_output=True, text=True, timeout=timeout)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def med(values: list[float]) -> float:
    return statistics.median(values)


def verdict(ok: bool) -> str:
    return "target met" if ok else "target MISSED"


def copy_project(root: Path, target: Path, with_events: bool = True) -> Path:
    """A scratch copy of the project (templates, reference data, font cache; events if asked)."""
    shutil.copytree(root / "templates", target / "templates")
    shutil.copytree(root / "data" / "reference", target / "data" / "reference")
    if with_events:
        shutil.copytree(root / "data" / "events", target / "data" / "events")
    else:
        (target / "data" / "events").mkdir(parents=True)
    fonts = root / "output" / ".cache" / "fonts"
    if fonts.is_dir():
        shutil.copytree(fonts, target / "output" / ".cache" / "fonts")
    return target


# -- 1. one build ------------------------------------------------------------------------------


def single(root: Path, event: str, runs: int) -> None:
    python = sys.executable
    with tempfile.TemporaryDirectory() as scratch:
        project = copy_project(root, Path(scratch) / "project")
        cli = [python, "-m", "reportgen", "--root", str(project), "build", "--force", event]
        subprocess.run(cli, check=True, capture_output=True)  # fonts subset, charts cached, OS cache warm
        pack_html = project / "output" / event / "pack.html"
        floor = [python, "-c", FLOOR, str(pack_html), f"{scratch}/floor.pdf"]
        charts = project / "output" / ".cache" / "charts"
        rows: dict[str, list[float]] = {k: [] for k in (
            "build", "build cpu", "cold", "cold cpu", "cards", "cards cpu", "floor", "floor cpu")}
        staged: list[dict[str, float]] = []
        peaks: list[float] = []
        run([*cli[:-1], "--cards", event])  # the cards cached too
        for _ in range(runs):  # side by side: each run measures all of them one after another
            for key, command in (("build", cli), ("floor", floor), ("cards", [*cli[:-1], "--cards", event])):
                wall, cpu, _ = run(command)
                rows[key].append(wall)
                rows[f"{key} cpu"].append(cpu)
            shutil.rmtree(charts, ignore_errors=True)
            shutil.rmtree(charts.with_name("cards"), ignore_errors=True)
            wall, cpu, _ = run(cli)
            rows["cold"].append(wall)
            rows["cold cpu"].append(cpu)
            out = json.loads(run([python, "-c", STAGED, str(project), event, "no-cards"])[2])
            staged.append(out["stages"])
            peaks.append(out["peak_mb"])
            run([*cli[:-1], "--cards", event])  # leave the caches as a normal build leaves them
    print(f"1. One build of {event}: fresh processes, {runs} runs, medians (min-max)\n")
    print("   Stage by stage, in one process, charts drawn in it and not cached (s):")
    for name in staged[0]:
        values = [s[name] for s in staged]
        print(f"     {name:<14} {med(values):6.2f}   ({min(values):.2f}-{max(values):.2f})")
    print(f"     {'peak memory':<14} {med(peaks):6.0f} MB\n")

    def line(label: str, key: str) -> None:
        wall, cpu = rows[key], rows[f"{key} cpu"]
        ratio = [w / f for w, f in zip(wall, rows["floor"], strict=True)]
        cpu_ratio = [c / f for c, f in zip(cpu, rows["floor cpu"], strict=True)]
        print(f"   {label:<44} {med(wall):5.2f} s wall {med(ratio):5.2f}x   {med(cpu):5.2f} s CPU {med(cpu_ratio):5.2f}x")

    floor_wall, floor_cpu = med(rows["floor"]), med(rows["floor cpu"])
    print(f"   {'WeasyPrint alone on pack.html (the floor)':<44} {floor_wall:5.2f} s wall          {floor_cpu:5.2f} s CPU")
    line("reportgen build --force (charts cached)", "build")
    line("  the same, chart and card caches emptied", "cold")
    line("  the same with --cards (cards cached)", "cards")
    ratio = med([w / f for w, f in zip(rows["build"], rows["floor"], strict=True)])
    cpu_ratio = med([c / f for c, f in zip(rows["build cpu"], rows["floor cpu"], strict=True)])
    print(f"   Build / floor: {ratio:.2f}x wall (target <= 1.3x: {verdict(ratio <= 1.3)}), "
          f"{cpu_ratio:.2f}x CPU (target <= 1.8x: {verdict(cpu_ratio <= 1.8)})\n")


# -- 2. scaling --------------------------------------------------------------------------------


def staged_build(project: Path, event: str, limit: float) -> dict:
    """Build ``event`` in a fresh process with a time limit; the stages it finished, the one it
    was in when stopped, and its peak memory."""
    python = sys.executable
    process = subprocess.Popen(
        [python, "-c", STAGED, str(project), event, "no-cards"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    started: list[tuple[str, float]] = []
    start = time.perf_counter()

    def follow() -> None:
        assert process.stderr is not None
        for text in process.stderr:
            if text.startswith("Step: "):
                started.append((text[6:].strip(), time.perf_counter() - start))

    reader = threading.Thread(target=follow, daemon=True)
    reader.start()
    try:
        process.wait(timeout=limit)  # stderr is the reader's alone; stdout is one short line
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        reader.join(timeout=5)
        done = {name: started[i + 1][1] - at for i, (name, at) in enumerate(started[:-1])}
        return {"stopped": started[-1][0] if started else "start", "stages": done, "seconds": time.perf_counter() - start}
    reader.join(timeout=5)
    assert process.stdout is not None
    out = process.stdout.read()
    if process.returncode != 0:
        return {"failed": True, "stages": {}, "seconds": time.perf_counter() - start}
    result = json.loads(out.strip().splitlines()[-1])
    return {"stages": result["stages"], "peak_mb": result["peak_mb"], "seconds": result["stages"]["total"]}


MEASURED = r"""
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
wall = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"wall": wall, "peak_mb": peak, "returncode": done.returncode, "stderr": done.stderr[-500:]}))
"""


def measured_build(project: Path, event: str, limit: float) -> dict:
    """``reportgen build --force EVENT`` as a user runs it (charts in their own process, none
    cached: a new event's first build), in a fresh process: its wall time and the peak memory
    of its largest process."""
    shutil.rmtree(project / "output" / ".cache" / "charts", ignore_errors=True)
    command = [sys.executable, "-m", "reportgen", "--root", str(project), "build", "--force", event]
    done = subprocess.run([sys.executable, "-c", MEASURED, *command], check=True, capture_output=True, text=True, timeout=limit + 30)
    return json.loads(done.stdout.strip().splitlines()[-1])


def scaling(root: Path, sizes: list[int], limit: float) -> None:
    from .synthetic import write_event

    columns = ["config", "etl", "metrics", "charts", "render html", "pdf"]
    print(f"2. Scaling: synthetic events (reportgen.synthetic, seed 1). 'build' is reportgen build as a user runs it\n"
          f"   (fresh process, charts drawn in their own process, none cached), with the peak memory of its largest\n"
          f"   process; the stages are one process doing each in turn (charts uncached), stopped after {limit:.0f} s.\n"
          f"   us/person: the stages that grow with people (etl + metrics) per person.\n")
    header = f"   {'people':>8} {'imports':>8} " + " ".join(f"{c:>8}" for c in columns)
    print(header + f" {'build':>8} {'peak MB':>8} {'us/person':>9}  target")
    stopped = None
    per_person: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as scratch:
        project = copy_project(root, Path(scratch) / "project", with_events=False)
        for people in sizes:
            target = TARGETS.get(people)
            wanted = f"< {target:.0f} s" + (" and < 1 GB" if people >= 100_000 else "") if target else ""
            if stopped:
                print(f"   {people:>8,}  not run: {stopped}")
                continue
            event = f"synthetic-{people}"
            write_event(project / "data" / "events" / event, people, seed=1)
            result = staged_build(project, event, limit)
            stages = result["stages"]
            cells = " ".join(f"{stages[c]:8.2f}" if c in stages else f"{'-':>8}" for c in ["imports", *columns])
            if "stopped" in result:
                print(f"   {people:>8,} {cells}  stopped after {result['seconds']:.0f} s in {result['stopped']}  {wanted}")
                stopped = f"{people:,} people took over {limit:.0f} s (in {result['stopped']})"
                continue
            if result.get("failed"):
                print(f"   {people:>8,}  the build failed")
                continue
            build = measured_build(project, event, limit)
            if build["returncode"] != 0:
                print(f"   {people:>8,} {cells}  reportgen build failed: {build['stderr'].strip()}")
                continue
            total, peak = build["wall"], build["peak_mb"]
            per_person[people] = 1e6 * (stages["etl"] + stages["metrics"]) / people
            ok = target is None or (total < target and (people < 100_000 or peak < 1024))
            print(f"   {people:>8,} {cells} {total:8.2f} {peak:8.0f} {per_person[people]:9.0f}  "
                  f"{wanted + ': ' + verdict(ok) if target else ''}")
            shutil.rmtree(project / "data" / "events" / event)
            shutil.rmtree(project / "output" / event, ignore_errors=True)
    span = [n for n in per_person if 500 <= n <= 50_000]
    if len(span) >= 2:
        low, high = per_person[min(span)], per_person[max(span)]
        flat = all(per_person[n] <= 1.5 * low for n in span)
        print(f"   Per-person cost of the people stages: {low:.0f} us at {min(span):,}, {high:.0f} us at {max(span):,} "
              f"(target: flat, never above 1.5x the cost at {min(span):,}: {verdict(flat)})\n")
    else:
        print()


# -- 3. every event in one command ---------------------------------------------------------


def batch(root: Path, events: int, runs: int = 3) -> None:
    from .synthetic import write_event

    python = sys.executable
    with tempfile.TemporaryDirectory() as scratch:
        project = copy_project(root, Path(scratch) / "project", with_events=False)
        for number in range(events):  # distinct figures, so no chart is shared between events
            write_event(project / "data" / "events" / f"event-{number:03d}", 30 + (number * 37) % 70, seed=number)
        command = [python, "-m", "reportgen", "--root", str(project), "build", "--all"]
        from_scratch = []
        for _ in range(runs):  # the median of a few: one run of a minute moves with the machine
            shutil.rmtree(project / "output", ignore_errors=True)  # no pack, no chart, no font cached
            from_scratch.append(run(command)[:2])
        scratch_wall = statistics.median(wall for wall, _ in from_scratch)
        scratch_cpu = statistics.median(cpu for _, cpu in from_scratch)
        noop_wall, _, output = run(command)
        assert f"{events} unchanged" in output, output
        one = project / "data" / "events" / "event-000" / "event.yaml"
        one.write_text(one.read_text(encoding="utf-8").replace("Thank you for every comment.", "Thank you."), encoding="utf-8")
        edit_wall, _, _ = run(command)
    print(f"3. Every event in one command: reportgen build --all over {events} synthetic events "
          f"(30-100 people each), {os.cpu_count()} cores\n")
    each = ", ".join(f"{wall:.1f}" for wall, _ in from_scratch)
    print(f"   from scratch (no pack, no chart cached)     {scratch_wall:6.2f} s wall, {scratch_cpu:6.1f} s CPU, "
          f"median of {len(from_scratch)} ({each} s) "
          f"(target < 60 s for 100 events on 2 cores: {verdict(scratch_wall * 100 / events < 60)})")
    print(f"   again, nothing changed (the no-op)          {noop_wall:6.2f} s "
          f"(target < 3 s for 100 events: {verdict(noop_wall * 100 / events < 3)})")
    print(f"   again after one narrative edit              {edit_wall:6.2f} s (one event rebuilt, its charts from the cache)\n")


# -- 4. the live preview -------------------------------------------------------------------


def preview(root: Path, event: str, runs: int) -> None:
    from .preview import PreviewServer
    from .project import Project

    with tempfile.TemporaryDirectory() as scratch:
        project = Project(copy_project(root, Path(scratch) / "project"))
        event_yaml = project.event_dir(event) / "event.yaml"
        original = event_yaml.read_text(encoding="utf-8")
        anchor = "Thank you for every comment."
        if anchor not in original:
            print(f"4. Preview: skipped ({event}'s narrative has no {anchor!r} to edit)\n")
            return
        with PreviewServer(project, event) as server:
            times, how = _preview_in_browser(server, event_yaml, original, anchor, runs)
            if not times:
                times = _preview_over_http(server, event_yaml, original, anchor, runs)
            rebuilds = [server.preview.state.seconds]
    print(f"4. Preview ({how}): from saving event.yaml (a narrative edit) to the reloaded page, {len(times)} edits\n")
    print(f"   median {med(times):.2f} s ({min(times):.2f}-{max(times):.2f}); the last rebuild of the HTML took "
          f"{rebuilds[0]:.2f} s (target < 0.5 s: {verdict(med(times) < 0.5)})\n")


def _preview_in_browser(server, event_yaml: Path, original: str, anchor: str, runs: int) -> tuple[list[float], str]:
    chromium = os.environ.get("REPORTGEN_CHROMIUM") or shutil.which("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return [], "over HTTP: playwright is not installed"
    if not chromium:
        return [], "over HTTP: chromium is not installed"
    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium,
            args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"],
        )
        page = browser.new_page()
        page.goto(server.url, wait_until="load")
        for number in range(runs):
            page.wait_for_timeout(300)
            marker = f"Thank you for every comment, edit {number}."
            start = time.perf_counter()
            event_yaml.write_text(original.replace(anchor, marker), encoding="utf-8")
            page.get_by_text(marker).wait_for(timeout=20_000)
            times.append(time.perf_counter() - start)
        browser.close()
    return times, "in Chromium, measured until the new text is on the page"


def _preview_over_http(server, event_yaml: Path, original: str, anchor: str, runs: int) -> list[float]:
    import urllib.request

    times = []
    for number in range(runs):
        time.sleep(0.3)
        marker = f"Thank you for every comment, edit {number}."
        seen = server.preview.state.version
        start = time.perf_counter()
        event_yaml.write_text(original.replace(anchor, marker), encoding="utf-8")
        while True:
            server.preview.wait_for_change(seen, 0.05)
            if marker in urllib.request.urlopen(server.url, timeout=20).read().decode("utf-8"):
                break
        times.append(time.perf_counter() - start)
    return times


# -- 5. a series ------------------------------------------------------------------------------


def series_bench(root: Path, events: int = 50, people: int = 200, runs: int = 3) -> None:
    """``reportgen store`` and ``reportgen series`` over a synthetic series
    (``reportgen.synthetic.write_series``: ``events`` events of ``people`` registrants, many
    coming back), each in a fresh process; the series also over its first half, so the cost
    per event shows whether it grows with the series."""
    import yaml

    from .synthetic import write_series

    python = sys.executable
    name, half = "bench-series", "bench-series-half"
    with tempfile.TemporaryDirectory() as scratch:
        project = copy_project(root, Path(scratch) / "project", with_events=False)
        names = write_series(project, name, events, people)
        folder = project / "data" / "series"
        config = yaml.safe_load((folder / f"{name}.yaml").read_text(encoding="utf-8"))
        config.update(title=f"The first {len(names) // 2} events", events=names[: len(names) // 2])
        (folder / f"{half}.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
        cli = [python, "-m", "reportgen", "--root", str(project)]
        stored: list[float] = []
        timed: dict[str, list[float]] = {name: [], half: []}
        summary = ""
        for _ in range(runs):
            wall, _, summary = run([*cli, "store"])
            stored.append(wall)
            for series in (half, name):
                timed[series].append(run([*cli, "series", series])[0])
    held = summary.strip().split(": ", 1)[-1].split(" (private")[0]
    print(f"5. A series: {events} synthetic events of {people} registrants (reportgen.synthetic.write_series), "
          f"fresh processes, {runs} runs, medians (min-max), {os.cpu_count()} cores\n")
    print(f"   reportgen store: {held}")
    print(f"   {'':<4}{med(stored):6.2f} s ({min(stored):.2f}-{max(stored):.2f}), "
          f"{1000 * med(stored) / events:5.0f} ms per event (target: in seconds, < 10 s: {verdict(med(stored) < 10)})")
    for series, count in ((half, len(names) // 2), (name, len(names))):
        values = timed[series]
        target = f" (target < 10 s: {verdict(med(values) < 10)})" if series == name else ""
        print(f"   reportgen series, {count:>3} events: {med(values):6.2f} s ({min(values):.2f}-{max(values):.2f}; "
              f"the first, drawing its charts: {values[0]:.2f}){target}")
    extra = len(names) - len(names) // 2
    print(f"   Each event beyond the first {len(names) // 2}: {1000 * (med(timed[name]) - med(timed[half])) / extra:.0f} ms "
          "(the series' cost grows linearly: this stays flat as the series grows).\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("event", nargs="?", default="2022-06-07")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--root", type=Path, default=Path("."))
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="people per synthetic event")
    parser.add_argument("--limit", type=float, default=120, help="seconds before a scaling build is stopped")
    parser.add_argument("--events", type=int, default=100, help="synthetic events for build --all")
    parser.add_argument("--batch-runs", type=int, default=3, help="from-scratch runs of build --all (median)")
    parser.add_argument("--only", default="single,scaling,batch,preview,series")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    parts = set(args.only.split(","))
    print(f"reportgen bench on {os.cpu_count()} cores\n")
    if "single" in parts:
        single(root, args.event, args.runs)
    if "scaling" in parts:
        scaling(root, [int(s) for s in args.sizes.split(",")], args.limit)
    if "batch" in parts:
        batch(root, args.events, args.batch_runs)
    if "preview" in parts:
        preview(root, args.event, args.runs)
    if "series" in parts:
        series_bench(root, runs=min(args.runs, 3))


if __name__ == "__main__":
    main()
