"""Risky places for a project file (network drives, synced folders). SQLite only: a PostgreSQL
project is a server's database, not a file."""

from pathlib import Path

from annotator.storage.files.location import risky_location

MOUNTS = """/dev/vda / ext4 rw 0 0
server:/export /mnt/lab nfs4 rw 0 0
//nas/share /media/nas cifs rw 0 0
"""


def test_network_drives_are_recognised():
    assert "network drive (nfs4)" in risky_location(Path("/mnt/lab/projects/p.sqlite"), MOUNTS)
    assert "network drive (cifs)" in risky_location(Path("/media/nas/p.sqlite"), MOUNTS)
    assert risky_location(Path("/home/me/p.sqlite"), MOUNTS) is None


def test_synced_folders_are_recognised():
    local = "/dev/vda / ext4 rw 0 0\n"
    assert "cloud service" in risky_location(Path("/home/me/Dropbox/thesis/p.sqlite"), local)
    assert "cloud service" in risky_location(Path("/home/me/OneDrive - Uni/p.sqlite"), local)
    assert risky_location(Path("/home/me/research/p.sqlite"), local) is None


def test_the_command_line_warns_before_writing_there(tmp_path):
    import subprocess
    import sys

    folder = tmp_path / "Dropbox" / "thesis"
    folder.mkdir(parents=True)
    (tmp_path / "a.txt").write_text("Report\n\nBody.\n")
    entry = Path(sys.executable).with_name("annotator")
    out = subprocess.run([str(entry), "--db", str(folder / "p.sqlite"), "import", "a.txt"],
                         cwd=tmp_path, capture_output=True, text=True)
    assert out.returncode == 0
    assert "warning:" in out.stderr and "synchronised by a cloud service" in out.stderr
    listed = subprocess.run([str(entry), "--db", str(folder / "p.sqlite"), "list"],
                            capture_output=True, text=True)
    assert "warning" not in listed.stderr  # reading is safe
