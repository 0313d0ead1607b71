"""``make bench``: how long a pack takes to build, stage by stage, and how that compares with
WeasyPrint alone laying out the finished pack.html (the floor for this renderer).

Every measurement runs in a fresh Python process, as a user's ``make report`` does, and is
repeated; figures are medians (this machine is noisy). Nothing here is a pass/fail test.

    python -m reportgen.bench [EVENT] [--runs N] [--series NAME]

``--series NAME`` also times ``reportgen series NAME`` (data/series/NAME.yaml: every event read
again from its exports, the series pack's charts, HTML and PDF) in a fresh process.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STAGED = r"""
import json, resource, sys, time
start = time.perf_counter()
import pandas, altair, vl_convert, weasyprint, jinja2, click  # noqa: F401
imports = time.perf_counter() - start
from pathlib import Path
from reportgen.pipeline import build_pack
from reportgen.project import Project
result = build_pack(Project(Path(sys.argv[1])), sys.argv[2], parallel=False)
stages = {"imports": imports, **result.timings.stages}
stages["total in process"] = time.perf_counter() - start
print(json.dumps({"stages": stages, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

FLOOR = r"""
import gc, sys, time
start = time.perf_counter()
import weasyprint
weasyprint.HTML(filename=sys.argv[1]).write_pdf(sys.argv[2], pdf_variant="pdf/ua-1", pdf_tags=True)
print(time.perf_counter() - start)
if sys.argv[3] == "freeze":
    gc.freeze()  # the same exit shortcut as reportgen's command line
"""


def wall(command: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return time.perf_counter() - start, done.stdout


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("event", nargs="?", default="2022-06-07")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--root", type=Path, default=Path("."))
    parser.add_argument("--series", help="also time `reportgen series SERIES`")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    python = sys.executable
    cli = [python, "-m", "reportgen", "--root", str(root), "build", args.event]

    subprocess.run(cli, check=True, capture_output=True)  # warm the font cache and the OS file cache
    builds, staged, peaks, floors, floor_walls, frozen_walls = [], [], [], [], [], []
    pack_html = root / "output" / args.event / "pack.html"
    with tempfile.TemporaryDirectory() as scratch:
        for _ in range(args.runs):
            builds.append(wall(cli)[0])
            out = json.loads(wall([python, "-c", STAGED, str(root), args.event])[1])
            staged.append(out["stages"])
            peaks.append(out["peak_mb"])
            seconds, printed = wall([python, "-c", FLOOR, str(pack_html), f"{scratch}/floor.pdf", "plain"])
            floor_walls.append(seconds)
            floors.append(float(printed))
            frozen_walls.append(wall([python, "-c", FLOOR, str(pack_html), f"{scratch}/floor.pdf", "freeze"])[0])

    def med(values: list[float]) -> float:
        return statistics.median(values)

    print(f"reportgen bench: event {args.event}, {args.runs} runs each, medians (min-max)\n")
    print("Per stage, one fresh process, stages run one after another (s):")
    for name in staged[0]:
        values = [s[name] for s in staged]
        print(f"  {name:<18} {med(values):6.2f}   ({min(values):.2f}-{max(values):.2f})")
    print(f"  {'peak memory':<18} {med(peaks):6.0f} MB")
    print()
    build, floor = med(builds), med(floor_walls)
    print("`reportgen build` draws charts in a second process while it reads data and imports")
    print("WeasyPrint, so its wall time is less than the sum of the stages.")
    print(f"Whole build, `reportgen build` in a fresh process:  {build:5.2f} s  ({min(builds):.2f}-{max(builds):.2f})")
    print(f"Floor, WeasyPrint alone on pack.html (fresh):       {floor:5.2f} s  ({min(floor_walls):.2f}-{max(floor_walls):.2f})")
    print(f"  of which import + layout + write in-process:      {med(floors):5.2f} s")
    frozen = med(frozen_walls)
    print(f"Floor with reportgen's exit shortcut (gc.freeze):    {frozen:5.2f} s  ({min(frozen_walls):.2f}-{max(frozen_walls):.2f})")
    print(f"Build / floor:                                      {build / floor:5.2f}x  (aim: at most 1.6x, and under 4 s)")
    print(f"Build / floor with the same exit shortcut:          {build / frozen:5.2f}x")
    if args.series:
        series = [python, "-m", "reportgen", "--root", str(root), "series", args.series]
        times = [wall(series)[0] for _ in range(args.runs)]
        print(f"Series pack, `reportgen series {args.series}` (fresh):  {med(times):5.2f} s  ({min(times):.2f}-{max(times):.2f})")


if __name__ == "__main__":
    main()
