"""Running the installed `annotator` command as a user would, without a display."""

import os
import subprocess
import sys
from pathlib import Path

ENTRY = Path(sys.executable).with_name("annotator")


def run(*args, cwd, env=None, input=None):
    full_env = {**os.environ, **(env or {})}
    for var in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        full_env.pop(var, None)
    return subprocess.run([str(ENTRY), *args], cwd=cwd, env=full_env, capture_output=True,
                          text=True, encoding="utf-8", input=input, timeout=120)
