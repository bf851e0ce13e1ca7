"""The webanno-tsv format (issue 11, import only): WebAnno TSV 3 as INCEpTION exports it; the text
rebuilt from the #Text sentences, token rows placed by UTF-16 offsets and checked against their
tokens (emoji, CRLF), stacked and multi-token spans, relations as links; INCEpTION's own files
(../shared/peers/inception-uima)."""

import os
from pathlib import Path

import pytest
from cli_run import run

from annotator.errors import InputRefused
from annotator.formats.registry import by_name, detect
from annotator.storage.project import Project

ROOT = Path(__file__).resolve().parents[2]
PEERS = Path(os.environ.get("ANNOTATOR_PEERS") or ROOT.parent / "shared" / "peers")
PEER_FILES = sorted((PEERS / "inception-uima").glob("*.tsv")) if PEERS.is_dir() else []
NOW = "2026-01-01T00:00:00Z"

# Our own sentences in the shapes of INCEpTION's files: an emoji (two UTF-16 units), a name over
# two tokens ([3]), stacked spans on one token ([4] and [5]), a span without a value (*), a
# relation between spans with ids (1-4[3_4]) and one without (2-1), an escaped token (\_).
TSV = """\
#FORMAT=WebAnno TSV 3.3
#T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|value
#T_SP=webanno.custom.Claim|value
#T_RL=webanno.custom.Says|value|BT_de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity


#Text=Mayor 🙄 Ilse Varga waved .
1-1\t0-5\tMayor\t_\t_\t_\t_\t
1-2\t6-8\t🙄\t_\t*\t_\t_\t
1-3\t9-13\tIlse\tPER[3]\t_\t_\t_\t
1-4\t14-19\tVarga\tPER[3]|LOC[4]|*[5]\t_\tspeaker\t1-3[3_4]\t
1-5\t20-25\twaved\t_\t_\t_\t_\t
1-6\t26-27\t.\t_\t_\t_\t_\t

#Text=Bo said \\_ too .
2-1\t28-30\tBo\tPER\t_\t_\t_\t
2-2\t31-35\tsaid\t_\t_\t_\t_\t
2-3\t36-37\t\\_\tORG\t_\t_\t_\t
2-4\t38-41\ttoo\t_\t_\tsays\t2-1\t
2-5\t42-43\t.\t_\t_\t_\t_\t
"""


def write(tmp_path: Path, text: str = TSV, name: str = "doc.tsv", newline: str = "\n") -> Path:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return path


def read(path: Path):
    return by_name("webanno-tsv").read(path, now=NOW)


def test_spans_stacks_and_relations(tmp_path):
    path = write(tmp_path)
    assert detect(path).name == "webanno-tsv"
    bundle = read(path)
    (article,) = bundle.articles
    assert article.text == "Mayor 🙄 Ilse Varga waved .\nBo said _ too ."
    got = sorted((a.tag, a.text) for a in article.annotations)
    assert got == [("Claim", "🙄"), ("LOC", "Varga"), ("NamedEntity", "Varga"), ("ORG", "_"),
                   ("PER", "Bo"), ("PER", "Ilse Varga")]
    assert all(article.text[a.start:a.end] == a.text for a in article.annotations)
    ids = {(a.tag, a.text): a.id for a in article.annotations}
    (link,) = bundle.links  # 2-4 has no span of the base layer: refused
    assert (link.type, link.from_id, link.to_id) == (
        "speaker", ids[("PER", "Ilse Varga")], ids[("LOC", "Varga")])
    (refused,) = bundle.refused
    assert "line 19" in refused and "not two imported spans" in refused


def test_crlf_file_and_mismatching_token(tmp_path):
    text = TSV.replace("2-2\t31-35\tsaid", "2-2\t31-35\tsays")
    bundle = read(write(tmp_path, text, newline="\r\n"))
    (article,) = bundle.articles
    assert "\r" not in article.text
    assert sorted(a.text for a in article.annotations) == ["Bo", "Ilse Varga", "Varga", "Varga",
                                                          "_", "🙄"]
    assert not any("said" in r for r in bundle.refused)
    bad = TSV.replace("1-3\t9-13\tIlse", "1-3\t9-13\tIlsa")
    bundle = read(write(tmp_path, bad))
    assert "Ilse Varga" not in [a.text for a in bundle.articles[0].annotations]
    assert any("'Ilsa'" in r and "line 10" in r for r in bundle.refused)


def test_offsets_counted_in_code_points_are_refused(tmp_path):
    text = TSV.replace("9-13\tIlse", "8-12\tIlse").replace("14-19\tVarga", "13-18\tVarga")
    bundle = read(write(tmp_path, text))
    texts = [a.text for a in bundle.articles[0].annotations]
    assert "Ilse Varga" not in texts and "Varga" not in texts
    assert len([r for r in bundle.refused if "is not the text at" in r]) == 3


def test_import_twice_changes_nothing(tmp_path):
    path = write(tmp_path)
    with Project(tmp_path / "p.sqlite", annotator="ann") as project:
        project.import_path(path)
        first = {(a.tag, a.text) for art in project.articles() for a in project.annotations(art.id)}
        project.import_path(path)
        again = {(a.tag, a.text) for art in project.articles() for a in project.annotations(art.id)}
        assert len(project.links()) == 1
    assert first == again and ("PER", "Ilse Varga") in first


def test_refusals_name_the_file(tmp_path):
    with pytest.raises(InputRefused, match="not WebAnno TSV 3"):
        read(write(tmp_path, "a\tb\n", name="plain.tsv"))
    with pytest.raises(InputRefused, match="line 8: has 1 annotation columns"):
        read(write(tmp_path, TSV.replace("1-1\t0-5\tMayor\t_\t_\t_\t_\t", "1-1\t0-5\tMayor\t_")))
    assert not by_name("webanno-tsv").can_write


def test_cli_import_detects_the_format(tmp_path):
    write(tmp_path, TSV.replace("\tsays\t2-1\t", "\t_\t_\t"), name="report.tsv")
    done = run("--db", str(tmp_path / "p.sqlite"), "import", "report.tsv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    with Project(tmp_path / "p.sqlite", annotator="ann") as project:
        (article,) = project.articles()
        assert {a.text for a in project.annotations(article.id)} >= {"Ilse Varga", "🙄"}


# -- INCEpTION's own files -------------------------------------------------------------------
EXPECTED = {  # (spans (tag, text), links (type, from, to)) as the files say them
    "webanno-tsv3.example2_ne_dependency.tsv": (
        [("PER", "Ms. Haag"), ("OTH", "Elianti"), ("ORG", "Rolls-Royce Motor"), ("LOC", "U.S."),
         ("LOC", "U.S."), ("ORG", "BELL INDUSTRIES Inc."), ("PER", "BELL"), ("ORG", "Bell"),
         ("LOC", "Los Angeles")], []),
    "webanno-tsv3.sentence_with_emoji.tsv": ([("Span", "😊")], []),
    "webanno-tsv3.stacked_overlapping_relation.tsv": (
        [("Span", "This is a test ."), ("Span", "This is a test ."), ("Span", "."),
         ("Span", ".")], [("Relation", "This is a test .", ".")]),
}


def _rows(peer: Path) -> dict[tuple[int, int], str]:
    """Each token row's (begin, end) in UTF-16 units and its token, as the file says."""
    rows = {}
    for line in peer.read_text(encoding="utf-8").splitlines():
        if line[:1].isdigit():
            _, offsets, token = line.split("\t")[:3]
            begin, end = offsets.split("-")
            rows[int(begin), int(end)] = token
    return rows


@pytest.mark.skipif(not PEER_FILES, reason="../shared/peers/inception-uima is not beside "
                                           "this checkout")
@pytest.mark.parametrize("peer", PEER_FILES, ids=lambda p: p.name)
def test_real_files(peer):
    assert detect(peer).name == "webanno-tsv"
    bundle = read(peer)
    assert not bundle.refused
    (article,) = bundle.articles
    spans, links = EXPECTED[peer.name]
    assert [(a.tag, a.text) for a in article.annotations] == spans
    by_id = {a.id: a.text for a in article.annotations}
    assert [(k.type, by_id[k.from_id], by_id[k.to_id]) for k in bundle.links] == links
    tokens = set(_rows(peer).values())  # each span begins and ends with a token of the file
    for a in article.annotations:
        assert article.text[a.start:a.end] == a.text
        assert a.text.split(" ")[0] in tokens and a.text.split(" ")[-1] in tokens
    if "dependency" in peer.name:
        assert any("86 relation(s) of Dependency left out" in s for s in bundle.said)


HEAD = "#FORMAT=WebAnno TSV 3.3\n#T_SP=webanno.custom.Span|value\n\n\n"


@pytest.mark.parametrize("body, reason", [
    ("#Text=ab cd\n1-1\t0-2\tab\tX\t\n1-1\t3-5\tcd\t_\t\n", "line 7: its row 1-1 is that of line 6"),
    ("#Text=ab cd\n1-1\t0-2\tab\tX\t\n#T_SP=webanno.custom.Other|value\n1-2\t3-5\tcd\t_\t\n",
     "line 7: a layer header"),
    ("#Text=ab cd\n1-1\t0-2\tab\tX[" + "9" * 40 + "]\t\n1-2\t3-5\tcd\t_\t\n",
     "line 6: an annotation's id has more than 12 digits"),
    ("#Text=ab cd\n1-1\t0-" + "9" * 5000 + "\tab\tX\t\n", "line 6: is not a token row"),
])
def test_malformed_rows_are_refused_naming_the_line(tmp_path, body, reason):
    with pytest.raises(InputRefused, match=reason):
        read(write(tmp_path, HEAD + body))


def test_a_sentence_missing_its_first_row_is_placed_by_all_its_rows(tmp_path):
    """The sentence's start is where its rows' tokens fit its text: not at the "is" of "This"
    (the first place of the first row's token)."""
    body = "#Text=This is a test .\n1-2\t5-7\tis\tX\t\n1-3\t8-9\ta\t_\t\n1-4\t10-14\ttest\t_\t\n"
    (article,) = read(write(tmp_path, HEAD + body)).articles
    assert [(a.start, a.end, a.text) for a in article.annotations] == [(5, 7, "is")]


def test_a_long_sentence_of_one_repeated_token_with_a_wrong_row_is_placed(tmp_path):
    """Its start is chosen by its first rows (all rows at every place of a token that occurs
    thousands of times took minutes): the wrong row alone is refused."""
    n = 3000
    rows = "".join(f"1-{i + 1}\t{2 * i}-{2 * i + 1}\ta\t{'X' if i == 5 else '_'}\t\n"
                   for i in range(n - 1))
    rows += f"1-{n}\t{2 * n - 2}-{2 * n - 1}\tb\t_\t\n"  # (its text is "a")
    bundle = read(write(tmp_path, HEAD + "#Text=" + " ".join(["a"] * n) + "\n" + rows))
    assert [(a.start, a.end) for a in bundle.articles[0].annotations] == [(10, 11)]
