"""Export and the other command-line rows (kept under its old name; see README.md here).

    .venv/bin/python benchmarks/export.py [--quick] [--runs 5] [--only export list ...]

Same as run_all.py limited to the command-line groups: import-json, list, export, import-text,
import-html.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cli_bench
import run_all

if __name__ == "__main__":
    run_all.main(default_groups=list(cli_bench.GROUPS))
