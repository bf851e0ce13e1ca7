"""The uima-xmi format (issue 11, import only): UIMA CAS XMI as INCEpTION exports it; the sofa's
text (character references for emoji and CRLF), UTF-16 offsets converted exactly, NamedEntity
values as tags, structural types skipped, relations and slot features as links, DTDs refused;
INCEpTION's and cassis's own files (../shared/peers/inception-uima)."""

import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from cli_run import run

from annotator.errors import InputRefused
from annotator.formats.registry import by_name, detect
from annotator.storage.project import Project

ROOT = Path(__file__).resolve().parents[2]
PEERS = Path(os.environ.get("ANNOTATOR_PEERS") or ROOT.parent / "shared" / "peers")
PEER_FILES = sorted((PEERS / "inception-uima").glob("*.xmi")) if PEERS.is_dir() else []
NOW = "2026-01-01T00:00:00Z"

TEXT = "🙄 Fire chief Ilse Varga said:\r\n🤗 it burns. Cafe\u0301 owner Bo agreed."


def u16(piece: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(piece)
    before = len(text[:start].encode("utf-16-le")) // 2
    return before, before + len(piece.encode("utf-16-le")) // 2


def ref(text: str) -> str:
    """The text as an XMI attribute: non-ASCII and line breaks as character references."""
    return "".join(c if 32 <= ord(c) < 127 and c not in '&<>"' else f"&#{ord(c)};" for c in text)


def xmi(text: str = TEXT, extra: str = "") -> str:
    (i0, i1), (b0, b1), (o0, o1) = u16("Ilse Varga", text), u16("🤗 it burns", text), u16("Bo", text)
    return f"""<?xml version="1.0" encoding="UTF-8"?><xmi:XMI xmlns:xmi="http://www.omg.org/XMI" \
xmlns:cas="http:///uima/cas.ecore" xmlns:type4="http:///de/tudarmstadt/ukp/dkpro/core/api/ner/type.ecore" \
xmlns:type5="http:///de/tudarmstadt/ukp/dkpro/core/api/segmentation/type.ecore" \
xmlns:custom="http:///webanno/custom.ecore" xmi:version="2.0">
    <cas:NULL xmi:id="0"/>
    <type5:Token xmi:id="3" sofa="2" begin="0" end="2"/>
    <type4:NamedEntity xmi:id="10" sofa="2" begin="{i0}" end="{i1}" value="PER"/>
    <custom:Claim xmi:id="11" sofa="2" begin="{b0}" end="{b1}" sources="20"/>
    <type4:NamedEntity xmi:id="12" sofa="2" begin="{o0}" end="{o1}" value="PER"/>
    <custom:Speaker xmi:id="13" sofa="2" begin="{b0}" end="{b1}" Governor="11" Dependent="10" value="speaker"/>
    <custom:Speaker xmi:id="14" sofa="2" begin="0" end="2" Governor="3" Dependent="10"/>
    <custom:LinkType xmi:id="20" role="agrees" target="12"/>{extra}
    <cas:Sofa xmi:id="2" sofaNum="1" sofaID="_InitialView" mimeType="text" sofaString="{ref(text)}"/>
    <cas:View sofa="2" members="3 10 11 12 13 14 15"/>
</xmi:XMI>
"""


def write(tmp_path: Path, content: str, name: str = "doc.xmi") -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def read(path: Path):
    return by_name("uima-xmi").read(path, now=NOW)


def test_spans_tags_and_links(tmp_path):
    path = write(tmp_path, xmi())
    assert detect(path).name == "uima-xmi"
    bundle = read(path)
    (article,) = bundle.articles
    assert article.text == "🙄 Fire chief Ilse Varga said:\n🤗 it burns. Café owner Bo agreed."
    got = [(a.tag, a.text) for a in article.annotations]
    assert got == [("PER", "Ilse Varga"), ("Claim", "🤗 it burns"), ("PER", "Bo")]
    assert all(article.text[a.start:a.end] == a.text for a in article.annotations)
    ids = {a.text: a.id for a in article.annotations}
    links = sorted((k.type, k.from_id, k.to_id) for k in bundle.links)
    assert links == [("agrees", ids["🤗 it burns"], ids["Bo"]),
                     ("speaker", ids["🤗 it burns"], ids["Ilse Varga"])]
    (refused,) = bundle.refused  # relation 14's governor is a token
    assert "xmi:id 14" in refused and str(path) in refused


def test_offsets_out_of_range_or_inside_a_pair_are_refused(tmp_path):
    start = u16("🤗")[0]
    extra = (f'\n    <custom:Claim xmi:id="15" sofa="2" begin="{start + 1}" end="{start + 4}"/>'
             '\n    <custom:Claim xmi:id="16" sofa="2" begin="3" end="9999"/>')
    bundle = read(write(tmp_path, xmi(extra=extra).replace('members="3', 'members="16 3')))
    assert len([a for a in bundle.articles[0].annotations if a.tag == "Claim"]) == 1
    assert len([r for r in bundle.refused if "UTF-16" in r]) == 2


def test_import_twice_changes_nothing(tmp_path):
    path = write(tmp_path, xmi())
    with Project(tmp_path / "p.sqlite", annotator="ann") as project:
        project.import_path(path)
        first = {(a.tag, a.text) for art in project.articles() for a in project.annotations(art.id)}
        project.import_path(path)
        again = {(a.tag, a.text) for art in project.articles() for a in project.annotations(art.id)}
        assert len(project.links()) == 2
    assert first == again == {("PER", "Ilse Varga"), ("Claim", "🤗 it burns"), ("PER", "Bo")}


def test_dtd_entities_and_bad_files_are_refused(tmp_path):
    bomb = xmi().replace('<?xml version="1.0" encoding="UTF-8"?>',
                         '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>')
    with pytest.raises(InputRefused, match="DTD"):
        read(write(tmp_path, bomb))
    with pytest.raises(InputRefused, match="well-formed"):
        read(write(tmp_path, xmi()[:300]))
    with pytest.raises(InputRefused, match="cas:Sofa"):
        read(write(tmp_path, re.sub(r"<cas:Sofa [^>]*/>", "", xmi())))
    assert not by_name("uima-xmi").can_write


def test_cli_import_detects_the_format(tmp_path):
    write(tmp_path, xmi().replace('Governor="3"', 'Governor="12"'), name="report.xmi")
    done = run("--db", str(tmp_path / "p.sqlite"), "import", "report.xmi", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    with Project(tmp_path / "p.sqlite", annotator="ann") as project:
        (article,) = project.articles()
        assert {a.text for a in project.annotations(article.id)} == {"Ilse Varga", "Bo",
                                                                      "🤗 it burns"}
        assert len(project.links()) == 3


@pytest.mark.skipif(not PEER_FILES, reason="../shared/peers/inception-uima is not beside "
                                           "this checkout")
@pytest.mark.parametrize("peer", PEER_FILES, ids=lambda p: p.name)
def test_real_files(peer):
    assert detect(peer).name == "uima-xmi"
    root = ET.parse(peer).getroot()
    sofa = next(e for e in root if e.tag.endswith("}Sofa"))
    units = sofa.get("sofaString").encode("utf-16-le")
    said = [units[int(e.get("begin")) * 2:int(e.get("end")) * 2].decode("utf-16-le")
            for e in root if e.tag.endswith("}NamedEntity")]
    bundle = read(peer)
    assert not bundle.refused and not bundle.links
    (article,) = bundle.articles
    assert "\r" not in article.text
    assert all(article.text[a.start:a.end] == a.text for a in article.annotations)
    assert [a.text for a in article.annotations] == said  # NamedEntity only: the rest is structure
    expected = {"inception-xmi.smileys_named_entities.xmi":
                ["Transformers"] * 3 + ["PyTorch", "TensorFlow"],
                "webanno-tsv3.sentence_with_emoji.xmi": ["😊"]}[peer.name]
    assert said == expected


@pytest.mark.parametrize("encoding, declared", [("utf-16", "UTF-16"), ("utf-8", "x-bogus")])
def test_an_xmi_not_in_utf8_is_refused_unread(tmp_path, encoding, declared):
    """A DTD in UTF-16 bytes is not found by a search of the bytes: anything but UTF-8 (which
    UIMA writes) is refused before parsing, and so is an encoding Python does not know."""
    content = xmi().replace('encoding="UTF-8"', f'encoding="{declared}"').replace(
        "<xmi:XMI", '<!DOCTYPE x [<!ENTITY e "PERSON">]><xmi:XMI', 1)
    path = tmp_path / "doc.xmi"
    path.write_bytes(content.encode(encoding))
    with pytest.raises(InputRefused, match="is not in UTF-8, which UIMA writes XMI in"):
        read(path)
