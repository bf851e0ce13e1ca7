"""Is a project kept where SQLite's locking cannot be trusted (network drives, cloud sync)?"""

from __future__ import annotations

import os
import sys
from pathlib import Path

NETWORK_FS = {"nfs", "nfs4", "cifs", "smbfs", "smb3", "9p", "afs", "ncpfs", "davfs", "fuse.sshfs",
              "sshfs", "fuse.rclone", "fuse.gvfsd-fuse", "fuse.s3fs", "glusterfs", "ceph",
              "fuse.glusterfs", "lustre", "gpfs"}
SYNC_FOLDERS = ("dropbox", "onedrive", "google drive", "googledrive", "my drive", "icloud drive",
                "mobile documents", "pcloud", "nextcloud", "owncloud", "seafile", "box sync",
                "syncthing", "mega", "yandex.disk", "sync.com")


def _mount_type(path: Path, mounts: str | None = None) -> str | None:
    """Filesystem type of the mount holding ``path`` (Linux), from /proc/mounts."""
    if mounts is None:
        try:
            with open("/proc/mounts", encoding="utf-8", errors="replace") as handle:
                mounts = handle.read()
        except OSError:
            return None
    best, kind = "", None
    target = str(path)
    for line in mounts.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        point = parts[1].replace("\\040", " ")
        if (target == point or target.startswith(point.rstrip("/") + "/")) and len(point) >= len(best):
            best, kind = point, parts[2]
    return kind


def risky_location(path: Path, mounts: str | None = None) -> str | None:
    """A warning for the user when ``path`` is on a network drive or in a synced folder."""
    path = Path(os.path.abspath(path))
    text = str(path)
    if sys.platform == "win32" and text.startswith("\\\\"):  # pragma: no cover
        return f"{path} is on a network share"
    kind = _mount_type(path.parent, mounts) if sys.platform.startswith("linux") or mounts else None
    if kind in NETWORK_FS:
        return f"{path} is on a network drive ({kind})"
    lowered = [part.lower() for part in path.parts]
    for part in lowered:
        for name in SYNC_FOLDERS:
            if part == name or part.startswith((name + " ", name + "-")):
                return f"{path} is in a folder synchronised by a cloud service ({part})"
    return None


def warning_text(reason: str) -> str:
    return (f"{reason}. SQLite's locking is not reliable there: two computers writing at once, or "
            "a sync of a half-written file, can damage the project. Keep the project on a local "
            "disk and put exports (or backups) in the shared folder instead.")
