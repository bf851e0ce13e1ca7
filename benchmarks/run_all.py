"""Every benchmark of the project, printed as one table (see benchmarks/README.md).

    .venv/bin/python benchmarks/run_all.py [--quick] [--runs 5] [--xvfb] [--only GROUP ...]
                                           [--markdown FILE] [--source DIR]

Each row: the median, min and max of the command's runs, the median of its floor's runs
(alternated with them in this session), their ratio and the goal. --quick uses small inputs.
Inputs are generated in a temporary folder; the user's data and settings are never touched
(HOME and the XDG folders point into it).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness


def start_xvfb() -> tuple[subprocess.Popen, str]:
    for number in range(91, 120):
        if Path(f"/tmp/.X11-unix/X{number}").exists() or Path(f"/tmp/.X{number}-lock").exists():
            continue
        # (room for the window's first size, 1400 x 900, which fits nine tenths of a screen)
        proc = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1600x1000x24", "-nolisten",
                                 "tcp"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            if Path(f"/tmp/.X11-unix/X{number}").exists():
                return proc, f":{number}"
            time.sleep(0.05)
        proc.kill()
        proc.wait()
    raise RuntimeError("could not start Xvfb")


def main(default_groups: list[str] | None = None) -> None:
    import cli_bench
    import compare_bench
    import formats_bench
    import links_bench
    import window_bench

    groups = {**cli_bench.GROUPS, **window_bench.GROUPS, **links_bench.GROUPS,
              **compare_bench.GROUPS, **formats_bench.GROUPS}
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small inputs, a quick check")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each (default 5)")
    parser.add_argument("--xvfb", action="store_true",
                        help="window rows on an Xvfb X server instead of offscreen")
    parser.add_argument("--only", nargs="+", choices=list(groups), metavar="GROUP",
                        help=f"only these groups: {', '.join(groups)}")
    parser.add_argument("--markdown", metavar="FILE", help="also write the table there")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--source", metavar="DIR",
                        help="measure the annotator package found in DIR (e.g. a `git archive` "
                             "of one commit) instead of the installed one, via PYTHONPATH")
    args = parser.parse_args()
    if args.source:
        source = Path(args.source).resolve()
        if not (source / "annotator" / "__main__.py").is_file():
            parser.error(f"{source}: has no annotator/__main__.py")
        os.environ["PYTHONPATH"] = str(source)  # every child: commands, floors, input makers
    chosen = args.only or default_groups or list(groups)

    tmp = Path(tempfile.mkdtemp(prefix="annotator-bench-"))
    home = tmp / "home"
    # Compiled modules are cached as on any user's machine (this workplace sets
    # PYTHONDONTWRITEBYTECODE, which would make every start compile the program's ~60 modules),
    # in a folder of our own so that no source tree gets __pycache__ folders.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("ANNOTATOR_", "QT_", "XDG_"))}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"),
               XDG_CONFIG_HOME=str(home / "config"), XDG_CACHE_HOME=str(home / "cache"),
               ANNOTATOR_NAME="bench")
    xvfb = None
    if args.xvfb:
        xvfb, display = start_xvfb()
        env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
    else:
        env["QT_QPA_PLATFORM"] = "offscreen"
    platform = f"Xvfb {env['DISPLAY']}" if xvfb else "offscreen"
    print(f"annotator benchmarks: {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
          f"{'quick sizes' if args.quick else 'full sizes'}, {args.runs} runs each alternating with "
          f"its floor, windows {platform}; annotator from {args.source or 'the installed package'}; "
          f"inputs in {tmp}", flush=True)
    started = time.perf_counter()
    try:
        for name in chosen:
            t = time.perf_counter()
            print(f"[{name}]", flush=True)
            groups[name](tmp, env, args.runs, args.quick)
            print(f"    ({time.perf_counter() - t:.0f} s)", flush=True)
    finally:
        if xvfb is not None:
            xvfb.kill()
            xvfb.wait()
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"\nAll rows ({time.perf_counter() - started:.0f} s in all):\n")
    harness.print_table()
    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as out:
            harness.print_table(file=out)


if __name__ == "__main__":
    main()
