"""The window rows (kept under its old name; see README.md here).

    .venv/bin/python benchmarks/render.py [--quick] [--runs 5] [--xvfb] [--only tag memory ...]

Same as run_all.py limited to the window groups: first-window, long-first-paint, tag, memory.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run_all
import window_bench

if __name__ == "__main__":
    run_all.main(default_groups=list(window_bench.GROUPS))
