"""many_files.write_files: a folder's files written together, each as atomic_write would."""

from __future__ import annotations

import os
import stat

import pytest

from annotator.errors import AnnotatorError
from annotator.formats.exchange.shared.many_files import write_files


def test_writes_new_and_replaces_old_files_keeping_their_mode(tmp_path):
    old = tmp_path / "a.ann"
    old.write_bytes(b"old")
    old.chmod(0o640)
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_bytes(b"before")
    (tmp_path / "link.txt").symlink_to(elsewhere)
    files = {"a.ann": b"new a", "b.txt": "é🌉".encode() * 1000, "link.txt": b"through",
             "empty.ann": b""}
    write_files(tmp_path, files)
    for name, data in files.items():
        assert (tmp_path / name).read_bytes() == data
    assert stat.S_IMODE(old.stat().st_mode) == 0o640
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE((tmp_path / "b.txt").stat().st_mode) == 0o666 & ~umask
    assert (tmp_path / "link.txt").is_symlink() and elsewhere.read_bytes() == b"through"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "a.ann", "b.txt", "elsewhere.txt", "empty.ann", "link.txt"]  # no temporary file left


def test_a_file_that_cannot_be_written_is_one_sentence_and_leaves_no_temporary(tmp_path):
    with pytest.raises(AnnotatorError, match="cannot be written"):
        write_files(tmp_path, {"a.txt": b"x", "n" * 300 + ".ann": b"y"})  # (a name too long)
    # (each file is whole or absent, as with atomic_write one by one; not the folder)
    assert [p.name for p in tmp_path.iterdir()] in ([], ["a.txt"])
