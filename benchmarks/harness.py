"""Run a command N times alternating with its floor; time whole processes; print table rows.

Every measurement is a whole child process, from spawn to exit (or to a marker line such as
"painted" on its standard output), and its peak resident memory when asked (/usr/bin/time).
The command and its floor alternate (floor, command, floor, command, ...) after one untimed
warm-up of each, so a machine whose speed drifts drifts for both.
"""

from __future__ import annotations

import os
import selectors
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

PY = sys.executable  # the project's virtualenv interpreter: the command's and the floors'


@dataclass
class Run:
    seconds: float          # spawn to exit, or to the marker line when one was asked for
    maxrss_mib: float       # peak resident memory (with memory=True), else nan
    returncode: int
    stdout: bytes
    stderr: bytes
    timed_out: bool = False


def run_once(cmd: Sequence[str], *, env: dict | None = None, marker: bytes | None = None,
             timeout: float | None = None, stdout_file: str | None = None,
             memory: bool = False) -> Run:
    """Run ``cmd`` to its end. With ``marker``, the time is taken when a stdout line starting
    with it arrives (the process still runs to its end). With ``stdout_file``, standard output
    goes there instead of a pipe. With ``memory``, the command runs under /usr/bin/time for its
    peak RSS: os.wait4's figure for a direct child is useless on Linux, as exec keeps the
    high-water mark of the memory it replaces, i.e. of this (large) process forked."""
    rss_file = None
    if memory:
        rss_file = tempfile.NamedTemporaryFile(prefix="rss-", delete=False)
        rss_file.close()
        cmd = ["/usr/bin/time", "-f", "%M", "-o", rss_file.name, *cmd]
    out = open(stdout_file, "wb") if stdout_file else subprocess.PIPE
    start = time.perf_counter()
    proc = subprocess.Popen(list(cmd), env=env, stdout=out, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    if stdout_file:
        out.close()
    deadline = None if timeout is None else start + timeout
    chunks = {"stdout": bytearray(), "stderr": bytearray()}
    marked, timed_out = None, False
    sel = selectors.DefaultSelector()
    for name in ("stdout", "stderr"):
        stream = getattr(proc, name)
        if stream is not None:
            os.set_blocking(stream.fileno(), False)
            sel.register(stream, selectors.EVENT_READ, name)
    while sel.get_map():
        wait = None if deadline is None else max(0.0, deadline - time.perf_counter())
        events = sel.select(wait)
        now = time.perf_counter()
        if not events and deadline is not None and now >= deadline:
            os.killpg(proc.pid, signal.SIGKILL)  # the group of the child we started
            timed_out = True
            break
        for key, _ in events:
            data = key.fileobj.read()
            if not data:
                sel.unregister(key.fileobj)
                continue
            buf = chunks[key.data]
            buf += data
            if marker and marked is None and key.data == "stdout":
                if (b"\n" + marker) in (b"\n" + bytes(buf)):
                    marked = now
    _, status, _usage = os.wait4(proc.pid, 0)
    end = time.perf_counter()
    proc.returncode = os.waitstatus_to_exitcode(status)
    for stream in (proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()
    if marker and marked is None and not timed_out:
        raise RuntimeError(f"{cmd[:3]}: no {marker!r} line; stderr: {bytes(chunks['stderr'])[-2000:]!r}")
    seconds = (marked if marked is not None else end) - start
    maxrss = float("nan")
    if rss_file is not None:
        with open(rss_file.name) as handle:
            lines = handle.read().split()
        os.unlink(rss_file.name)
        maxrss = int(lines[-1]) / 1024 if lines and lines[-1].isdigit() else float("nan")
    return Run(seconds, maxrss, proc.returncode, bytes(chunks["stdout"]),
               bytes(chunks["stderr"]), timed_out)


@dataclass
class Measured:
    values: list[float]
    floor: list[float]
    runs: list[Run] = field(default_factory=list)
    floor_runs: list[Run] = field(default_factory=list)
    timed_out: bool = False


def compare(command: Callable[[], Sequence[str]], floor: Callable[[], Sequence[str]] | None, *,
            runs: int = 5, env: dict | None = None, before: Callable[[], None] | None = None,
            before_floor: Callable[[], None] | None = None, marker: bytes | None = None,
            metric: str = "seconds", timeout: float | None = None, warmup: bool = True,
            check: Callable[[Run], None] | None = None,
            check_floor: Callable[[Run], None] | None = None) -> Measured:
    """Alternate floor and command ``runs`` times each (after one untimed warm-up of each).
    ``before``/``before_floor`` run untimed before each run (fresh copies of projects...).
    ``metric``: 'seconds' or 'maxrss_mib'. A command that times out stops the series."""
    result = Measured([], [])

    def one(kind: str, timed: bool) -> bool:
        prep, make, verify = ((before_floor, floor, check_floor) if kind == "floor"
                              else (before, command, check))
        if prep:
            prep()
        run = run_once(make(), env=env, marker=marker, timeout=timeout,
                       memory=metric == "maxrss_mib")
        if run.timed_out:
            if kind == "command":
                result.timed_out = True
                return False
            raise RuntimeError(f"the floor timed out after {timeout} s")
        if run.returncode != 0:
            raise RuntimeError(f"{kind} failed ({run.returncode}): {make()[:4]}\n"
                               f"{run.stderr.decode(errors='replace')[-3000:]}")
        if verify:
            verify(run)
        if timed:
            (result.floor if kind == "floor" else result.values).append(getattr(run, metric))
            (result.floor_runs if kind == "floor" else result.runs).append(run)
        return True

    if warmup:
        if floor is not None:
            one("floor", False)
        if not one("command", False):
            return result
    for _ in range(runs):
        if floor is not None:
            one("floor", True)
        if not one("command", True):
            break
    return result


# -- the table -----------------------------------------------------------------------------------
HEADER = ("what", "median", "min", "max", "floor median", "ratio", "goal", "met?")
ROWS: list[tuple[str, ...]] = []


def fmt(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit == "MiB":
        return f"{value:.0f} MiB"
    return f"{value:.3g} {unit}"


def row(what: str, m: Measured, unit: str, goal_ratio: float, timeout: float | None = None) -> tuple:
    if m.timed_out and not m.values:
        cells = (what, f"> {timeout:.0f} s", "", "", fmt(statistics.median(m.floor), unit)
                 if m.floor else "", f"> {timeout / statistics.median(m.floor):.0f}x"
                 if m.floor else "", f"<= {goal_ratio:g}x", "no")
    else:
        med, fl = statistics.median(m.values), statistics.median(m.floor)
        ratio = med / fl
        cells = (what, fmt(med, unit), fmt(min(m.values), unit), fmt(max(m.values), unit),
                 fmt(fl, unit), f"{ratio:.2f}x", f"<= {goal_ratio:g}x",
                 "yes" if ratio <= goal_ratio else "no")
    add_row(cells)
    return cells


def add_row(cells: Sequence[str]) -> None:
    ROWS.append(tuple(cells))
    print("  " + " | ".join(cells), flush=True)


def print_table(rows: Sequence[Sequence[str]] | None = None, file=sys.stdout) -> None:
    rows = list(rows if rows is not None else ROWS)
    print("| " + " | ".join(HEADER) + " |", file=file)
    print("|" + "---|" * len(HEADER), file=file)
    for cells in rows:
        print("| " + " | ".join(cells) + " |", file=file)
