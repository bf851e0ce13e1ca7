"""Regression test for PySide6 6.12.0 on Python 3.11 (DESIGN.md section 7): every Qt method that
returns nothing stole a reference to None, and after a few thousand calls the process died with
'Fatal Python error: none_dealloc'. The pinned PySide6 must not do that."""

import sys


def test_void_qt_methods_do_not_steal_references_to_none(qapp):
    from PySide6.QtCore import QObject

    obj = QObject()
    obj.setObjectName("warm-up")
    before = sys.getrefcount(None)
    for i in range(10_000):
        obj.setObjectName("n")  # returns None
    after = sys.getrefcount(None)
    assert after >= before - 100, f"None lost {before - after} references in 10,000 void calls"


def test_pinned_pyside_version_for_this_python():
    import PySide6

    version = tuple(int(part) for part in PySide6.__version__.split(".")[:2])
    if sys.version_info < (3, 12):
        assert version < (6, 12), f"PySide6 {PySide6.__version__} crashes on Python 3.11"
