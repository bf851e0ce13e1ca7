"""The one registry of formats (formats/registry.py): names, detection by content and by
extension, lazy loading, the window's filters, and the command line built on it."""

import json
import subprocess
import sys

import pytest
from cli_run import run

from annotator.errors import InputRefused
from annotator.formats import registry


def test_names_and_lookup():
    assert registry.names()[0] == "json"
    assert "txt" in registry.names() and "html" in registry.names()
    assert registry.export_names()[0] == "json"
    assert "txt" not in registry.export_names()  # article readers do not write
    assert registry.by_name("json").extensions == (".json",)
    with pytest.raises(KeyError, match="unknown format 'nope'; choose from json"):
        registry.by_name("nope")
    with pytest.raises(KeyError):
        registry.by_name("txt", writing=True)


def test_every_listed_format_is_implemented():
    """A format is listed only once its module has what the registry calls."""
    for f in registry.FORMATS:
        module = f._module()
        if f.article:
            assert callable(module.read_article), f.name
        elif f.can_read:
            assert callable(module.read) and callable(module.detect), f.name
        if f.can_write:
            assert callable(module.write), f.name


EXPORT = {"format": "annotator-export", "version": 2, "tags": [], "articles": []}


@pytest.mark.parametrize("content, kind", [
    (json.dumps(EXPORT), "annotator"),
    ("\ufeff" + json.dumps(EXPORT, indent=2), "annotator"),
    (json.dumps([{"id": 1, "data": {"text": "Hi"}, "annotations": []}]), "labelstudio"),
    (json.dumps({"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation"}), "w3c"),
    (json.dumps({"type": "AnnotationCollection", "items": []}), "w3c"),
    ('{"id": 1, "text": "Hi there", "label": [[0, 2, "X"]]}\n{"id": 2}\n', "doccano"),
    ('{"text": "Hi", "entities": [], "relations": []}\n', "doccano"),
    ('{"text": "Hi", "spans": [{"start": 0, "end": 2, "label": "X"}], "meta": {}}\n', "spacy"),
    ('{"text": "Hi", "tokens": []}\n', "spacy"),
    ('{"something": "else"}', None),
    ("[1, 2, 3]", None),
    ("not json at all", None),
    ("", None),
])
def test_json_kind_by_content(content, kind):
    assert registry.json_kind(content.encode("utf-8")) == kind


def test_json_kind_on_a_head_cut_short():
    head = json.dumps({**EXPORT, "articles": [{"text": "x" * 100_000}]}).encode()[:65536]
    assert registry.json_kind(head) == "annotator"
    assert registry.json_kind(b'[{"data": {"text": "' + b"x" * 70000) is None  # cut: unknown


@pytest.mark.parametrize("line, kind", [
    ({"text": "x" * 6_000, "spans": [{"start": 0, "end": 2, "label": "X"}]}, "spacy"),
    ({"text": "x" * 6_000, "ents": [{"start": 0, "end": 2, "label": "X"}]}, "spacy"),
    ({"text": "x" * 6_000, "spans": {"sc": [{"start": 0, "end": 2, "label": "X"}]}}, "spacy"),
    ({"text": "x" * 6_000, "label": [[0, 2, "X"]]}, "doccano"),
    ({"text": "x" * 6_000, "entities": [{"id": 1, "label": "X", "start_offset": 0,
                                          "end_offset": 2}]}, "doccano"),
])
def test_a_jsonl_first_line_larger_than_the_head_is_detected_by_its_spans(tmp_path, line, kind):
    """A long article with its spans (a spaCy line of 200 KB and more) starts its span list in
    the first 64 KB: it is recognised there, not taken for the other JSON Lines format."""
    path = tmp_path / "big.jsonl"
    path.write_text(json.dumps({**line, "spans_pad": "y" * 100_000}) + "\n", "utf-8")
    assert registry.detect(path).name == kind


def test_detect_by_content_then_by_extension(tmp_path):
    export = tmp_path / "saved.txt"  # an export, whatever its name
    export.write_text(json.dumps(EXPORT), "utf-8")
    assert registry.detect(export).name == "json"
    other = tmp_path / "tasks.json"  # another tool's JSON: by its extension until registered
    other.write_text(json.dumps([{"data": {"text": "Hi"}, "annotations": []}]), "utf-8")
    assert registry.detect(other).name in ("json", "labelstudio")
    for name, expected in (("a.txt", "txt"), ("b.MD", "markdown"), ("c.htm", "html"),
                           ("d.markdown", "markdown")):
        (tmp_path / name).write_text("Some words.\n", "utf-8")
        assert registry.detect(tmp_path / name).name == expected
    (tmp_path / "e.xyz").write_text("Some words.\n", "utf-8")
    assert registry.detect(tmp_path / "e.xyz") is None


def test_choose_refuses_with_the_file_named(tmp_path):
    odd = tmp_path / "e.xyz"
    odd.write_text("Some words.\n", "utf-8")
    with pytest.raises(InputRefused, match="unsupported extension '.xyz'") as info:
        registry.choose(odd)
    assert str(odd) in str(info.value)
    folder = tmp_path / "plain"
    folder.mkdir()
    with pytest.raises(InputRefused, match="is a folder"):
        registry.choose(folder)
    with pytest.raises(InputRefused, match="unknown format 'nope'"):
        registry.choose(odd, "nope")
    assert registry.choose(odd, "txt").name == "txt"


def test_a_format_said_for_a_file_of_another_is_refused_naming_it(tmp_path):
    """--format spacy for a doccano file would import its texts without a span; a folder for
    a format of files met an internal error."""
    doccano = tmp_path / "d.jsonl"
    doccano.write_text('{"id": 1, "text": "Hi there", "label": [[0, 2, "X"]]}\n', "utf-8")
    with pytest.raises(InputRefused, match=r"is a doccano file, not spacy \(leave --format "
                                           r"out, or say --format doccano\)"):
        registry.choose(doccano, "spacy")
    assert registry.choose(doccano, "doccano").name == "doccano"
    assert registry.choose(doccano, "txt").name == "txt"  # (an article: its text as it is)
    with pytest.raises(InputRefused, match=r"is a folder; refi reads a file \(.qdpx, .qde\)"):
        registry.choose(tmp_path, "refi")
    (tmp_path / "a.ann").write_text("T1\tX 0 2\tHi\n", "utf-8")
    with pytest.raises(InputRefused, match="holds .ann files but not their .txt"):
        registry.choose(tmp_path)
    old = tmp_path / "old.doc"  # (Word 97-2003: a sentence, not "unsupported extension")
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    with pytest.raises(InputRefused, match="is a Word 97-2003 document .*save it as .docx"):
        registry.choose(old)
    (tmp_path / "rich.doc").write_bytes(b"{\\rtf1\\ansi Hello}")
    with pytest.raises(InputRefused, match="is an RTF document"):
        registry.choose(tmp_path / "rich.doc")
    (tmp_path / "new.doc").write_bytes(b"PK\x03\x04" + bytes(100))
    assert registry.choose(tmp_path / "new.doc").name == "docx"  # (a .docx named .doc)
    empty = tmp_path / "e.jsonl"
    empty.write_bytes(b"")
    with pytest.raises(InputRefused, match="e.jsonl: is empty"):  # (not "no doccano record")
        registry.choose(empty)


def test_the_window_filters_come_from_the_registry():
    text = registry.import_filter()
    for f in registry.FORMATS:
        for ext in f.extensions:
            assert f"*{ext}" in text.split(";;")[0]
    assert text.endswith("All files (*)")
    assert [f.name for f, _ in registry.export_filters()] == registry.export_names()
    assert all(label.endswith(")") for _, label in registry.export_filters())


def test_start_up_loads_no_format():
    """The parser lists the names; no reader or writer is imported for `list` or `--help`."""
    code = ("import sys; from annotator import cli; cli._parser(); "
            "print(sorted(m for m in sys.modules if m.startswith('annotator.formats.')"
            " or m == 'dataclasses'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['annotator.formats.registry']"


def test_cli_unknown_format_is_usage_listing_the_names(tmp_path):
    done = run("--db", str(tmp_path / "p.sqlite"), "export", "--format", "nope", cwd=tmp_path)
    assert done.returncode == 2
    assert "invalid choice: 'nope'" in done.stderr and "'json'" in done.stderr
    done = run("--db", str(tmp_path / "p.sqlite"), "import", "--format", "nope", "x.txt",
               cwd=tmp_path)
    assert done.returncode == 2 and "'json'" in done.stderr


def test_cli_import_detects_an_export_by_content_and_format_overrides(tmp_path):
    (tmp_path / "a.txt").write_text("A report on the bridge.\n", "utf-8")
    db = str(tmp_path / "p.sqlite")
    assert run("--db", db, "import", "a.txt", cwd=tmp_path).returncode == 0
    exported = run("--db", db, "export", "-o", "saved.data", cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    other = str(tmp_path / "q.sqlite")
    done = run("--db", other, "import", "saved.data", cwd=tmp_path)  # no known extension
    assert done.returncode == 0, done.stderr
    assert "merged: 1 article and 0 annotations added" in done.stderr
    done = run("--db", other, "import", "--format", "txt", "a.txt", cwd=tmp_path)
    assert done.returncode == 0 and "already in the project" in done.stderr
    done = run("--db", other, "import", "--format", "json", "a.txt", cwd=tmp_path)
    assert done.returncode == 1 and done.stderr.startswith("annotator: a.txt: ")


def test_cli_a_format_said_for_another_formats_file_is_a_refused_file(tmp_path):
    """DESIGN.md: exit 1 when an input was refused, one line on standard error naming the file
    and the reason, nothing written; the other files of the command are imported."""
    (tmp_path / "d.jsonl").write_text('{"text": "Hi there", "label": [[0, 2, "X"]]}\n', "utf-8")
    (tmp_path / "s.jsonl").write_text('{"text": "Hi", "spans": [{"start": 0, "end": 2, '
                                      '"label": "X"}]}\n', "utf-8")
    db = str(tmp_path / "p.sqlite")
    done = run("--db", db, "import", "--format", "spacy", "d.jsonl", "s.jsonl", cwd=tmp_path)
    assert done.returncode == 1
    refused = [line for line in done.stderr.splitlines() if "d.jsonl" in line]
    assert refused == ["annotator: d.jsonl: is a doccano file, not spacy (leave --format out, "
                       "or say --format doccano)"]
    listed = run("--db", db, "list", cwd=tmp_path).stdout.splitlines()
    assert [line.split("\t")[1] for line in listed] == ["Hi"]


def test_a_write_runs_with_the_collector_paused_and_leaves_it_as_it_was(tmp_path):
    import gc

    from annotator.storage.project import Project

    project = Project(tmp_path / "p.sqlite")
    seen = []
    fmt = registry.by_name("doccano")
    assert gc.isenabled()
    with open(tmp_path / "out.jsonl", "wb") as out:
        fmt.write(project, out, before=lambda report: seen.append(gc.isenabled()))
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        with open(tmp_path / "out.jsonl", "wb") as out:
            fmt.write(project, out)
        assert not gc.isenabled()
    finally:
        gc.enable()
    project.close()


def test_a_file_that_cannot_be_read_is_refused_naming_it(tmp_path, monkeypatch):
    """A disk error or a permission while detecting or reading: a sentence naming the file,
    never 'internal error'."""
    import importlib

    path = tmp_path / "spans.jsonl"
    path.write_text('{"text": "abc", "label": [[0, 1, "x"]]}\n', "utf-8")
    module = importlib.import_module(registry.by_name("doccano").module)

    def unreadable(*_args, **_kw):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(module, "detect", unreadable)
    assert registry.by_name("doccano").detect(path, b"") is False
    monkeypatch.setattr(module, "read", unreadable)
    with pytest.raises(InputRefused, match=r"could not be read \(Permission denied: .*spans\."
                                           r"jsonl\)") as refused:
        registry.by_name("doccano").read(path, now="2026-01-01T00:00:00.000Z")
    assert refused.value.source == str(path)


def test_endings_a_format_only_reads_are_never_written(tmp_path):
    """A .spacy is spaCy's binary DocBin and a .qde the XML inside a .qdpx: an export given such
    a name was written as JSON Lines or a zip, which no program (annotator included) read back."""
    from annotator.errors import AnnotatorError
    from annotator.formats.registry import export_filters
    from annotator.storage.project import Project

    filters = dict((f.name, label) for f, label in export_filters())
    assert filters["spacy"].endswith("(*.jsonl)") and filters["refi"].endswith("(*.qdpx)")
    with Project(tmp_path / "p.sqlite") as project:
        for name, target in (("spacy", "x.spacy"), ("refi", "x.QDE")):
            with pytest.raises(AnnotatorError, match=f"{target}: a .*; name the file"):
                registry.by_name(name, writing=True).write_to(project, tmp_path / target)
            assert not (tmp_path / target).exists()
