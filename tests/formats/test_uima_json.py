"""The uima-json format (issue 11, import only): UIMA CAS JSON as INCEpTION exports it; UTF-16
offsets converted exactly (emoji, CRLF), NamedEntity values as tags, structural types skipped,
relations and slot features as links; INCEpTION's and cassis's own files
(../shared/peers/inception-uima)."""

import json
import os
from pathlib import Path

import pytest

from annotator.errors import InputRefused
from annotator.formats.registry import by_name, detect
from annotator.storage.project import Project

ROOT = Path(__file__).resolve().parents[2]
PEERS = Path(os.environ.get("ANNOTATOR_PEERS") or ROOT.parent / "shared" / "peers")
PEER_FILES = sorted((PEERS / "inception-uima").glob("*.json")) if PEERS.is_dir() else []
NOW = "2026-01-01T00:00:00Z"

TEXT = "Fire chief 👨🏻‍🚒 Ilse Varga said:\r\n🙄 it burns. Cafe\u0301 owner Bo agreed."
NE = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"
TOKEN = "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token"


def u16(text: str, piece: str) -> tuple[int, int]:
    start = text.index(piece)
    before = len(text[:start].encode("utf-16-le")) // 2
    return before, before + len(piece.encode("utf-16-le")) // 2


def cas(text: str = TEXT) -> dict:
    ilse, burns, bo = u16(text, "Ilse Varga"), u16(text, "🙄 it burns"), u16(text, "Bo")
    fs = [{"%ID": 1, "%TYPE": "uima.cas.Sofa", "sofaNum": 1, "sofaID": "_InitialView",
           "mimeType": "text", "sofaString": text},
          {"%ID": 2, "%TYPE": TOKEN, "@sofa": 1, "begin": 0, "end": 4},
          {"%ID": 3, "%TYPE": NE, "@sofa": 1, "begin": ilse[0], "end": ilse[1], "value": "PER"},
          {"%ID": 4, "%TYPE": "webanno.custom.Claim", "@sofa": 1, "begin": burns[0],
           "end": burns[1]},
          {"%ID": 5, "%TYPE": NE, "@sofa": 1, "begin": bo[0], "end": bo[1], "value": "PER"},
          {"%ID": 6, "%TYPE": "webanno.custom.Speaker", "@sofa": 1, "begin": burns[0],
           "end": burns[1], "@Governor": 4, "@Dependent": 3, "value": "speaker"},
          {"%ID": 7, "%TYPE": "webanno.custom.Speaker", "@sofa": 1, "begin": 0, "end": 4,
           "@Governor": 2, "@Dependent": 3},
          {"%ID": 8, "%TYPE": "uima.tcas.DocumentAnnotation", "@sofa": 1, "begin": 0,
           "end": len(text.encode("utf-16-le")) // 2}]
    return {"%TYPES": {}, "%FEATURE_STRUCTURES": fs,
            "%VIEWS": {"_InitialView": {"%SOFA": 1, "%MEMBERS": [2, 3, 4, 5, 6, 7, 8]}}}


def write(tmp_path: Path, doc: dict, name: str = "doc.json") -> Path:
    path = tmp_path / name
    # (as UIMA writes it: characters outside the BMP escaped as surrogate pairs)
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    return path


def test_spans_tags_and_links(tmp_path):
    path = write(tmp_path, cas())
    assert detect(path).name == "uima-json"
    bundle = by_name("uima-json").read(path, now=NOW)
    (article,) = bundle.articles
    assert "\r" not in article.text
    got = [(a.tag, a.text) for a in article.annotations]
    assert got == [("PER", "Ilse Varga"), ("Claim", "🙄 it burns"), ("PER", "Bo")]
    assert all(article.text[a.start:a.end] == a.text for a in article.annotations)
    (link,) = bundle.links
    ids = {a.text: a.id for a in article.annotations}
    assert (link.type, link.from_id, link.to_id) == ("speaker", ids["🙄 it burns"],
                                                     ids["Ilse Varga"])
    assert any("feature structure 7" in r for r in bundle.refused)  # its governor is a token


def test_import_into_project_twice_changes_nothing(tmp_path):
    path = write(tmp_path, cas())
    with Project(tmp_path / "p.sqlite", annotator="ann") as project:
        project.import_path(path)
        first = {(a.tag, a.text) for art in project.articles()
                 for a in project.annotations(art.id)}
        project.import_path(path)
        again = {(a.tag, a.text) for art in project.articles()
                 for a in project.annotations(art.id)}
    assert first == again == {("PER", "Ilse Varga"), ("Claim", "🙄 it burns"), ("PER", "Bo")}


def test_offsets_out_of_range_or_inside_a_pair_are_refused(tmp_path):
    doc = cas()
    doc["%FEATURE_STRUCTURES"][2]["end"] = 10_000
    start = u16(TEXT, "👨")[0]
    doc["%FEATURE_STRUCTURES"][4].update(begin=start + 1, end=start + 3)  # splits a pair
    bundle = by_name("uima-json").read(write(tmp_path, doc), now=NOW)
    assert [a.text for a in bundle.articles[0].annotations] == ["🙄 it burns"]
    assert len([r for r in bundle.refused if "UTF-16" in r]) == 2


def test_older_shape(tmp_path):
    text = "Ilse 🙄 Varga"
    doc = {"_context": {}, "_referenced_fss": {"1": {"_type": "Sofa", "sofaString": text}},
           "_views": {"_InitialView": {"NamedEntity": [{"sofa": 1, "begin": 8, "end": 13,
                                                        "value": "LOC"}],
                                       "Token": [{"sofa": 1, "begin": 0, "end": 4}]}}}
    path = write(tmp_path, doc)
    assert detect(path).name == "uima-json"
    (span,) = by_name("uima-json").read(path, now=NOW).articles[0].annotations
    assert (span.tag, span.text) == ("LOC", "Varga")


def test_refusals_name_the_file(tmp_path):
    path = write(tmp_path, {"%TYPES": {}, "%FEATURE_STRUCTURES": []})
    with pytest.raises(InputRefused, match="sofa"):
        by_name("uima-json").read(path, now=NOW)
    assert not by_name("uima-json").can_write


@pytest.mark.skipif(not PEER_FILES, reason="../shared/peers/inception-uima is not beside "
                                           "this checkout")
@pytest.mark.parametrize("peer", PEER_FILES, ids=lambda p: p.name)
def test_real_files(peer):
    assert detect(peer).name == "uima-json"
    doc = json.loads(peer.read_text(encoding="utf-8"))
    sofa = next(fs for fs in doc["%FEATURE_STRUCTURES"] if fs["%TYPE"] == "uima.cas.Sofa")
    units = sofa["sofaString"].encode("utf-16-le")
    said = sorted(units[fs["begin"] * 2:fs["end"] * 2].decode("utf-16-le")
                  for fs in doc["%FEATURE_STRUCTURES"]
                  if "begin" in fs and not fs["%TYPE"].endswith(("Token", "Sentence",
                                                                 "DocumentMetaData",
                                                                 "DocumentAnnotation")))
    bundle = by_name("uima-json").read(peer, now=NOW)
    assert not bundle.refused
    (article,) = bundle.articles
    assert all(article.text[a.start:a.end] == a.text for a in article.annotations)
    assert sorted(a.text for a in article.annotations) == said and said
    if "slot" in peer.name:
        assert {link.type for link in bundle.links} == {"p1", "p2"}


@pytest.mark.parametrize("change, reason", [
    (lambda d: d["%FEATURE_STRUCTURES"].append(dict(d["%FEATURE_STRUCTURES"][2], value="ORG")),
     "gives the id 3 to two feature structures"),
    (lambda d: d["%FEATURE_STRUCTURES"][4].update({"%ID": [5]}),
     r"has a feature structure whose %ID, \[5\], is not a whole number"),
])
def test_feature_structures_with_the_same_or_no_whole_id_are_refused(tmp_path, change, reason):
    doc = cas()
    change(doc)
    with pytest.raises(InputRefused, match=reason):
        by_name("uima-json").read(write(tmp_path, doc), now=NOW)


def test_lists_where_ids_go_and_numbers_of_thousands_of_digits_are_not_internal_errors(
        tmp_path):
    doc = cas()
    doc["%VIEWS"]["_InitialView"]["%MEMBERS"].append([3])
    doc["%FEATURE_STRUCTURES"][2]["@slots"] = [1, 2]
    bundle = by_name("uima-json").read(write(tmp_path, doc), now=NOW)
    assert "Ilse Varga" in [a.text for a in bundle.articles[0].annotations]
    huge = tmp_path / "huge.json"
    huge.write_text(json.dumps(cas()).replace('"begin": 0', '"begin": ' + "9" * 5000, 1),
                    "utf-8")
    with pytest.raises(InputRefused, match="is not JSON annotator can read"):
        by_name("uima-json").read(huge, now=NOW)


def test_an_annotation_of_a_sofa_the_file_does_not_have_is_refused_not_dropped(tmp_path):
    doc = cas()
    doc["%FEATURE_STRUCTURES"][4]["@sofa"] = 99  # (Bo's)
    path = write(tmp_path, doc)
    bundle = by_name("uima-json").read(path, now=NOW)
    assert bundle.refused[0] == (f"{path}: refused: 1 feature structure of a sofa the file "
                                 "does not have (its @sofa names none)")
    assert "Bo" not in [a.text for a in bundle.articles[0].annotations]


def test_a_sofa_given_as_a_list_is_no_sofa_and_an_older_files_odd_id_is_no_loss(tmp_path):
    doc = cas()
    doc["%FEATURE_STRUCTURES"][4]["@sofa"] = [1]
    bundle = by_name("uima-json").read(write(tmp_path, doc), now=NOW)
    assert bundle.refused[0].endswith(": refused: 1 feature structure of a sofa the file does "
                                      "not have (its @sofa names none)")
    old = {"_referenced_fss": {"1": {"_type": "Sofa", "sofaString": "Viktor Varga spoke."}},
           "_views": {"_InitialView": {"NamedEntity": [
               {"_id": [7], "sofa": 1, "begin": 0, "end": 12, "value": "PER"}]}}}
    bundle = by_name("uima-json").read(write(tmp_path, old, "old.json"), now=NOW)
    assert [a.text for a in bundle.articles[0].annotations] == ["Viktor Varga"]
