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


def test_an_articles_spans_written_at_once_as_one_at_a_time():
    """The writer checks an article's ids, times and texts in one go; where one is unusual the
    result is still what guid, xsd_time, _attr and derived give each."""
    from types import SimpleNamespace

    ids = ["3F2504E0-4F89-11D3-9A0C-0305E82C3301", "not-a-uuid", "a" * 36, "x y"]
    times = ["2026-01-01T10:00:00Z", "2026-01-01 10:00:00+00:00", "", "2026-01-02T10:00:00.5+02:00"]
    texts = ['plain', 'a "quote"', "two\nlines", "bad \x01 char", "é 👩‍👩‍👧 & <b>"]
    spans = [SimpleNamespace(id=i, created_at=t, updated_at=times[0])
             for i, t in zip(ids, times, strict=True)]
    writer = refi_write._Writer(Bundle([], []))
    assert writer.guids(spans) == [refi_write.guid("annotation", i) for i in ids]
    assert writer.stamps(spans) == [(refi_write.xsd_time(t), times[0]) for t in times]
    assert writer.guids(spans[:1]) == [refi_write.derived("annotation", ids[0])]
    lower = [SimpleNamespace(id=ids[0].lower())]
    assert writer.guids(lower) == [ids[0].lower()]
    plain = [SimpleNamespace(id=ids[0], created_at=times[0], updated_at=times[3])]
    assert writer.stamps(plain) == [(times[0], times[3])]
    assert refi_write.derived_many("coding", ids) == [refi_write.derived("coding", i) for i in ids]
    assert refi_write._attrs(texts) == [refi_write._attr(t) for t in texts]
    assert refi_write._attrs(texts[:1]) == texts[:1]


def test_pieces_compressed_apart_chain_into_one_stream():
    import zlib

    pieces = [bytes([65 + i % 26]) * (1000 + 37 * i) for i in range(40)]
    deflater = refi_zip.Deflater()
    for piece in pieces:
        deflater.add(piece)
    stream = b"".join([refi_zip.deflate(b"head", False), *deflater.finish(),
                       refi_zip.deflate(b"tail", True)])
    assert zlib.decompress(stream, -15) == b"".join([b"head", *pieces, b"tail"])
