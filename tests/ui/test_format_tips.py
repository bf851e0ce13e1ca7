"""The window's Import and Export tooltips name every format of the registry (they were written
by hand and missed those registered later)."""

from __future__ import annotations

from annotator.formats.registry import FORMATS


def test_import_and_export_tooltips_name_every_registered_format(window):
    imported = window.actions_["import"].toolTip()
    exported = window.actions_["export"].toolTip()
    for f in FORMATS:
        if f.article:
            for extension in f.extensions:
                assert extension in imported
        elif f.name != "json":
            assert (f.name in imported) == f.can_read, f.name
            assert (f"{f.name}," in exported or f"{f.name})" in exported) == f.can_write, f.name
    for name in ("uima-json", "conll", "refi", "labelstudio"):
        assert name in imported
    assert "brat" in exported and "conll" not in exported
    assert window.actions_["import"].statusTip() == imported
