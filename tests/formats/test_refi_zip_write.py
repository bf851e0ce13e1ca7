"""The .qdpx as refi_write makes it: project.qde deflated in a thread as it is made, the pieces
chained into one stream, the zip written by refi_zip.write_zip: zipfile reads back exactly the
XML project_xml makes; too large for a zip without zip64 records, zipfile writes it."""

from __future__ import annotations

import io
import zipfile

from annotator.domain.bundle import AnnotationIn, ArticleIn, Bundle, TagIn
from annotator.formats.exchange.refi import refi_write, refi_zip


def _bundle(n: int) -> Bundle:
    articles = []
    for i in range(n):
        text = f"Article {i} 🌉 é text, with <xml> & \"quotes\".\n" * 20
        article = ArticleIn(f"a{i}", f"Title {i}", "src", None, None, None, None, text, "0" * 64)
        article.annotations = [AnnotationIn(f"s{i}-{k}", "claim", k, k + 7, text[k:k + 7], "",
                                            "ann", "2026-01-01T00:00:00Z",
                                            "2026-01-01T00:00:00Z") for k in range(0, 300, 3)]
        articles.append(article)
    return Bundle(tags=[TagIn("claim", "#123456", "")], articles=articles)


def test_the_chained_stream_reads_back_as_the_xml():
    for n in (0, 1, 7):
        bundle = _bundle(n)
        qde, files = refi_write.project_xml(bundle)
        out = io.BytesIO()
        refi_write.write_refi(bundle, out)
        with zipfile.ZipFile(io.BytesIO(out.getvalue())) as archive:
            assert archive.testzip() is None
            assert archive.namelist() == ["project.qde", *(path for path, _ in files)]
            assert archive.read("project.qde") == qde
            for path, text in files:
                assert archive.read(path) == text.encode("utf-8")
            assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in archive.infolist())


def test_too_large_for_a_plain_zip_goes_to_zipfile(monkeypatch):
    monkeypatch.setattr(refi_zip, "_SMALL", 1000)
    bundle = _bundle(2)
    qde, _ = refi_write.project_xml(bundle)
    assert not refi_zip.write_zip(io.BytesIO(), [("x", 0, 5000, [b""])])
    out = io.BytesIO()
    refi_write.write_refi(bundle, out)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as archive:
        assert archive.read("project.qde") == qde


def test_derived_guids_are_uuid5_of_kind_and_id():
    import uuid

    for kind in ("tag", "coding", "note", "usér"):
        for ident in ("", "abc", "bx--bx:🌉--bééé:xx🌉", "id-1", "a" * 300):
            for _ in range(2):  # (the second time from the kind's cached prefix)
                assert refi_write.derived(kind, ident) == str(
                    uuid.uuid5(refi_write._ID_NAMESPACE, f"{kind}:{ident}"))
