"""Can a window be shown here? Checked before Qt is imported, so that a machine without a
display gets a sentence instead of Qt's abort."""

from __future__ import annotations

import ctypes.util
import os
import sys


def display_problem() -> str | None:
    """A message explaining why no window can be opened, or None if one can."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if not sys.platform.startswith("linux") or platform.split(":")[0] in ("offscreen", "minimal", "vnc"):
        return None
    if platform.startswith("wayland") or (not platform and os.environ.get("WAYLAND_DISPLAY")):
        return None
    if not os.environ.get("DISPLAY"):
        return ("no display is available (DISPLAY is not set), so the window cannot open. "
                "The commands import, export and list work without one; see 'annotator --help'.")
    if ctypes.util.find_library("xcb-cursor") is None:
        return ("the window needs the X11 library libxcb-cursor, which is not installed "
                "(on Debian/Ubuntu: sudo apt-get install libxcb-cursor0).")
    return None
