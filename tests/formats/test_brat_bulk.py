"""The brat reader's bulk way (brat_bulk) gives what the line by line way gives: on our own
exports (notes, actors, attributes, spans across lines, links and their records), edited ones
(a span moved, a record changed or broken, fragments with words between them, a T id twice, a
type that is no tag name, a CR), brat's own files and other tools' (no records); the Bundle,
with where each span was read, in order, is the same."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from annotator.domain.model import ParsedArticle, Tag
from annotator.formats.exchange.brat import brat_read
from annotator.formats.exchange.brat.brat_write import span_sum
from annotator.formats.registry import by_name
from annotator.storage.project import Project

BRAT = by_name("brat", writing=True)
NOW = "2026-03-01T10:00:00.000Z"
ROOT = Path(__file__).resolve().parents[2]
PEERS = Path(os.environ.get("ANNOTATOR_PEERS") or ROOT.parent / "shared" / "peers") / "brat"
OWN = Path(__file__).parent / "data" / "brat"
FOLDERS = sorted({p.parent for base in (PEERS, OWN) if base.is_dir() for p in base.rglob("*.ann")})

TEXT_A = ("Harbour master Ilse Varga said the pier was sound. 🌉 Varga added that ferries "
          "would run.\n\nSecond paragraph: a list item, Zoë's.")
RUN = TEXT_A.index("run.")
TEXT_B = "Officials doubted the pier was sound,\nand the harbour master did not answer."


def span(project, article_id, text, piece, tag, **kw):
    start = text.index(piece)
    return project.add_annotation(article_id, start, start + len(piece), tag, **kw)


def export(tmp_path: Path, rich: bool) -> Path:
    """Our export of two articles: with notes, actors, attributes and links (``rich``), or
    plain spans only (one across a line break)."""
    with Project(tmp_path / "p.sqlite", annotator="ann") as project:
        a, _ = project.add_article(ParsedArticle(TEXT_A, "Pier: sound?", source="Gazette"))
        b, _ = project.add_article(ParsedArticle(TEXT_B, "Second report"))
        project.add_tag(Tag("minus tag", "#123456", ""))
        for piece in ("Harbour", "Ilse Varga said", "🌉 Varga", "run.\n\nSecond", "Zoë's"):
            span(project, a.id, TEXT_A, piece, "claim")
        claim = span(project, b.id, TEXT_B, "the pier was sound,\nand", "minus tag")
        if rich:
            varga = project.add_actor("Ilse Varga", ["Varga"], "person", "")
            quote = span(project, a.id, TEXT_A, "the pier was sound", "quote", note="twice",
                         attributes={"quote_form": "indirect", "anonymous": True})
            who = span(project, a.id, TEXT_A, "Ilse Varga", "actor", actor=varga.id)
            project.add_link(quote.id, who.id, "speaker")
            master = span(project, b.id, TEXT_B, "harbour master", "claim", note="who?")
            project.add_link(master.id, claim.id, "same", note="in part")
        BRAT.write(project, tmp_path / "out")
    return tmp_path / "out"


def read(folder: Path, bulk: bool):
    calls = []

    def spy(*args):
        found = real(*args)
        calls.append(found is not None)
        return found

    real = brat_read.read_bulk
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(brat_read, "read_bulk", spy if bulk else lambda *args: None)
        bundle = BRAT.read(folder, now=NOW)
    return bundle, list(bundle.where.items()), calls


def agree(folder: Path) -> list[bool]:
    """Both ways give the same; whether each file was read in bulk."""
    bundle, where, calls = read(folder, bulk=True)
    careful, careful_where, _ = read(folder, bulk=False)
    assert bundle == careful and where == careful_where
    return calls


def edit(folder: Path, name: str, change) -> None:
    path = next(p for p in folder.glob("*.ann") if p.name.startswith(name))
    before = path.read_bytes().decode("utf-8")
    path.write_bytes(change(before).encode("utf-8"))
    assert path.read_bytes() != before.encode("utf-8")


@pytest.mark.parametrize("rich", [False, True])
def test_our_exports_are_read_in_bulk_as_line_by_line(tmp_path, rich):
    assert agree(export(tmp_path, rich)) == [True, True]
    bundle, _, _ = read(tmp_path / "out", bulk=True)
    spans = {a.text: a for article in bundle.articles for a in article.annotations}
    assert spans["run.\n\nSecond"].timestamps_given and spans["Zoë's"].annotator == "ann"


EDITS = {
    "a span moved": lambda t: t.replace("claim 0 7", "claim 1 8", 1),
    "a record's sum changed": lambda t: t.replace('"sum": "', '"sum": "0', 1),
    "a record's time broken": lambda t: t.replace('"created_at": "', '"created_at": "x', 1),
    "a NUL in a record's time": lambda t: t.replace('"updated_at": "', '"updated_at": "\\u0000', 1),
    "a record that is not JSON": lambda t: t.replace('{"id"', '{id', 1),
    "a record with NaN": lambda t: t.replace('"sum": "', '"extra": NaN, "sum": "', 1),
    "a record's id with a space": lambda t: t.replace('{"id": "', '{"id": "a ', 1),
    "no records at all": lambda t: "\n".join(
        line for line in t.split("\n") if "\tannotator " not in line),
    "fragments with words between": lambda t: t.replace(
        f"claim {RUN} {RUN + 4};{RUN + 6} {RUN + 12}\trun. Second",
        f"claim {RUN} {RUN + 3};{RUN + 6} {RUN + 12}\trun Second", 1),
    "fragments in reverse order": lambda t: t.replace(
        f"claim {RUN} {RUN + 4};{RUN + 6} {RUN + 12}\trun. Second",
        f"claim {RUN + 6} {RUN + 12};{RUN} {RUN + 4}\tSecond run.", 1),
    "a BOM": lambda t: "\ufeff" + t,
    "a T id twice": lambda t: t + "T1\tclaim 0 7\tHarbour\n",
    "a type that is no tag name": lambda t: t.replace("claim 0 7", "-claim 0 7", 1),
    "a CR": lambda t: t.replace("\n", "\r\n", 2),
    "more spaces": lambda t: t.replace("claim 0 7", "claim  0 7", 1),
    "a tab in a text": lambda t: t.replace("\tHarbour", "\tHar\tbour", 1),
    "an event line": lambda t: t + "E1\tclaim:T1\n",
    "a note with a tab": lambda t: t + "#99\tAnnotatorNotes T1\ta\tb\n",
    "a blank line": lambda t: "\n" + t,
}


@pytest.mark.parametrize("rich", [False, True])
@pytest.mark.parametrize("name", list(EDITS))
def test_edited_exports_read_as_line_by_line(tmp_path, name, rich):
    folder = export(tmp_path, rich)
    edit(folder, "001", EDITS[name])
    agree(folder)


def test_the_sums_are_span_sums(tmp_path):
    from annotator.formats.exchange.brat.brat_bulk import _sums

    tags, starts, ends = ["claim", 'a "q"', "é\\", "claim"], [0, 5, 12, 100], [3, 9, 20, 1000]
    assert _sums(tags, starts, ends) == [span_sum(t, s, e, "", "", {})
                                         for t, s, e in zip(tags, starts, ends, strict=True)]


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_brats_own_and_other_tools_files_read_as_line_by_line(tmp_path, folder):
    shutil.copytree(folder, tmp_path / "f")
    agree(tmp_path / "f")
