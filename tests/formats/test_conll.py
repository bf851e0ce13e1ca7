"""The conll format (issue 11, import only): CoNLL / IOB token files; the text rebuilt from the
tokens (spaces within a sentence, newlines between sentences, one article per -DOCSTART-
document), B-/I- runs as spans; doccano's and doccano-transformer's own files
(../shared/peers/conll)."""

import os
from pathlib import Path

import pytest

from annotator.errors import InputRefused
from annotator.formats.registry import by_name, detect
from annotator.storage.project import Project

ROOT = Path(__file__).resolve().parents[2]
PEERS = Path(os.environ.get("ANNOTATOR_PEERS") or ROOT.parent / "shared" / "peers") / "conll"
PEER_FILES = sorted(p for p in PEERS.iterdir() if p.name != "SOURCES.md") \
    if PEERS.is_dir() else []
NOW = "2026-01-01T00:00:00Z"

CONLL2003 = """-DOCSTART- -X- -X- O

Ilse NNP B-NP B-PER
Varga NNP I-NP I-PER
said VBD B-VP O
🙄 SYM O O
in IN B-PP O
New NNP B-NP B-LOC
York NNP I-NP I-LOC
. . O O

Bo NNP B-NP B-PER
left VBD B-VP O

-DOCSTART- -X- -X- O

Cafe\u0301 NN B-NP B-ORG
Noir NN I-NP I-ORG
Paris NNP B-NP B-LOC
"""


def spans(bundle) -> list[list[tuple[str, str]]]:
    return [[(a.tag, a.text) for a in art.annotations] for art in bundle.articles]


def test_conll2003_documents_sentences_and_spans(tmp_path):
    path = tmp_path / "news.txt"
    path.write_text(CONLL2003, encoding="utf-8")
    assert detect(path).name == "conll"  # (by content: -DOCSTART-)
    bundle = by_name("conll").read(path, now=NOW)
    assert [a.text for a in bundle.articles] == [
        "Ilse Varga said 🙄 in New York .\nBo left", "Café Noir Paris"]
    assert spans(bundle) == [[("PER", "Ilse Varga"), ("LOC", "New York"), ("PER", "Bo")],
                             [("ORG", "Café Noir"), ("LOC", "Paris")]]
    for article in bundle.articles:
        assert all(article.text[a.start:a.end] == a.text for a in article.annotations)
    assert not bundle.refused


def test_tab_separated_iob1_and_bioes(tmp_path):
    path = tmp_path / "t.conll"
    path.write_text("Ilse\tI-PER\nVarga\tI-PER\nBo\tB-PER\nand\tO\nAnn\tS-PER\nLee\tS-PER\n"
                    "New\tB-LOC\nYork\tE-LOC\nCity\tI-LOC", encoding="utf-8")
    assert detect(path).name == "conll"
    assert spans(by_name("conll").read(path, now=NOW)) == [[
        ("PER", "Ilse Varga"), ("PER", "Bo"), ("PER", "Ann"), ("PER", "Lee"),
        ("LOC", "New York"), ("LOC", "City")]]


def test_a_span_never_crosses_a_sentence(tmp_path):
    path = tmp_path / "t.conll"
    path.write_text("New\tB-LOC\n\nYork\tI-LOC\n", encoding="utf-8")
    assert spans(by_name("conll").read(path, now=NOW)) == [[("LOC", "New"), ("LOC", "York")]]


def test_import_into_project(tmp_path):
    path = tmp_path / "news.conll"
    path.write_text(CONLL2003, encoding="utf-8")
    with Project(tmp_path / "p.sqlite", annotator="ann") as project:
        project.import_path(path)
        project.import_path(path)  # (a re-import changes nothing)
        got = sorted((a.tag, a.text) for art in project.articles()
                     for a in project.annotations(art.id))
    assert got == [("LOC", "New York"), ("LOC", "Paris"), ("ORG", "Café Noir"),
                   ("PER", "Bo"), ("PER", "Ilse Varga")]


def test_a_re_import_keeps_the_notes_and_actors_given_since(tmp_path):
    """CoNLL holds no notes, actors or attributes: a span's, given in the project after the
    first import, stays when the file is imported again (the file says nothing of them)."""
    path = tmp_path / "news.conll"
    path.write_text(CONLL2003, encoding="utf-8")
    with Project(tmp_path / "p.sqlite", annotator="ann") as project:
        project.import_path(path)
        varga = next(a for art in project.articles() for a in project.annotations(art.id)
                     if a.text == "Ilse Varga")
        project.set_note(varga.id, "the harbour master")
        actor = project.add_actor("Ilse Varga")
        project.set_actor([varga.id], actor.id)
        again = project.import_path(path)
        assert (again.report.updated, again.report.unchanged) == (0, 5)
        kept = project.annotation(varga.id)
    assert (kept.note, kept.actor) == ("the harbour master", actor.id)


def test_not_conll(tmp_path):
    prose = tmp_path / "prose.txt"
    prose.write_text("It was a bright cold day in April.\nThe clocks were striking O\n")
    assert detect(prose).name == "txt"
    assert not by_name("conll").can_write


@pytest.mark.parametrize("content, reason", [
    ("\n\n", "no token"),
    ("lonely\n", "line 1"),
    # (--format conll said of a text: refused, not junk spans)
    ("First line\r\nline two\r\nline three\r\n", "none of its tags is O"),
    ("Bo B-PER\nsaid O\nit was so O\n", "line 3 has 4 columns and the lines before it 2"),
])
def test_what_is_not_conll_is_refused_saying_why(tmp_path, content, reason):
    path = tmp_path / "f.conll"
    path.write_text(content)
    with pytest.raises(InputRefused, match=reason):
        by_name("conll").read(path, now=NOW)


@pytest.mark.skipif(not PEER_FILES, reason="../shared/peers/conll is not beside this checkout")
@pytest.mark.parametrize("peer", PEER_FILES, ids=lambda p: p.name)
def test_real_files(peer):
    assert detect(peer).name == "conll"
    lines = [line.split() for line in peer.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("-DOCSTART-")]
    began = [tag[2:] for *_, tag in lines if tag.startswith("B-")]
    bundle = by_name("conll").read(peer, now=NOW)
    assert not bundle.refused
    got = [a for art in bundle.articles for a in art.annotations]
    assert [a.tag for a in got] == began
    for article in bundle.articles:
        for a in article.annotations:
            assert article.text[a.start:a.end] == a.text
    words = [a.text.split() for a in got]
    tokens = [columns[0] for columns in lines]
    assert all(" ".join(w) in " ".join(tokens) for w in words)


def test_a_token_beginning_with_a_hash_is_a_token_not_a_comment(tmp_path):
    path = tmp_path / "tags.conll"
    path.write_text("# text = We love #Python\n-DOCSTART- -X- -X- O\n\nWe PRP B-NP O\n"
                    "love VBP B-VP O\n#Python NN B-NP B-MISC\n# a note\n", "utf-8")
    (article,) = by_name("conll").read(path, now=NOW).articles
    assert article.text == "We love #Python"
    assert [(a.tag, a.text) for a in article.annotations] == [("MISC", "#Python")]


def test_a_tab_at_each_lines_end_is_no_column(tmp_path):
    path = tmp_path / "t.conll"
    path.write_text("New\tB-LOC\t\nYork\tI-LOC\t\nis\tO\t\n", "utf-8")
    assert spans(by_name("conll").read(path, now=NOW)) == [[("LOC", "New York")]]


def test_prefixes_in_lower_case_join_as_upper_case_ones(tmp_path):
    path = tmp_path / "t.conll"
    path.write_text("Nadim\tb-per\nLadki\ti-per\nx\to\n", "utf-8")
    assert spans(by_name("conll").read(path, now=NOW)) == [[("per", "Nadim Ladki")]]


def test_an_empty_tag_is_outside_and_comments_stay_comments(tmp_path):
    path = tmp_path / "t.conll"
    path.write_text("John\tB-PER\nsaid\t\nhi\tO\n", "utf-8")
    assert spans(by_name("conll").read(path, now=NOW)) == [[("PER", "John")]]
    path.write_text("John NNP B-NP B-PER\n# text = or by phone x-y\n# a note\n"
                    "said VBD B-VP O\n", "utf-8")  # (a comment of four words, the last tag-like)
    (article,) = by_name("conll").read(path, now=NOW).articles
    assert article.text == "John said"
    path.write_text("-DOCSTART- -X- -X- O\n\n#Python NNP B-NP B-MISC\nrocks VBZ B-VP O\n",
                    "utf-8")  # (the first token line: its columns not yet known)
    assert spans(by_name("conll").read(path, now=NOW)) == [[("MISC", "#Python")]]


CONLLU = """# newdoc id = one
# sent_id = 1
# text = Ana Ruiz won't sign.
1\tAna\tAna\tPROPN\t_\t_\t4\tnsubj\t_\tNER=B-PER
2\tRuiz\tRuiz\tPROPN\t_\t_\t1\tflat\t_\tNER=I-PER
3-4\twon't\t_\t_\t_\t_\t_\t_\t_\t_
3\two\twill\tAUX\t_\t_\t5\taux\t_\tNER=O
4\tn't\tnot\tPART\t_\t_\t5\tadvmod\t_\t_
4.1\tsign\tsign\tVERB\t_\t_\t_\t_\t3:x\t_
5\tsign\tsign\tVERB\t_\t_\t0\troot\t_\tSpaceAfter=No
6\t.\t.\tPUNCT\t_\t_\t5\tpunct\t_\t_

# newdoc id = two
1\tDel\tde\tADP\t_\t_\t2\tcase\t_\tNer=B-ORG|SpaceAfter=No
2\tMar\tMar\tPROPN\t_\t_\t0\troot\t_\tEntity=I-ORG
"""


def test_conllu_words_spacing_documents_and_entities(tmp_path):
    """CoNLL-U (UDPipe, Stanza, the UD treebanks): the FORM column is the token, never the ID; a
    multiword token is one token, its words and empty nodes none; SpaceAfter=No glues the next
    token on; '# newdoc' begins an article; MISC's NER=/NE=/Entity= is the tag."""
    path = tmp_path / "parsed.conllu"
    path.write_text(CONLLU, encoding="utf-8")
    assert detect(path).name == "conll"  # (by its extension)
    bundle = by_name("conll").read(path, now=NOW)
    assert [a.text for a in bundle.articles] == ["Ana Ruiz won't sign.", "DelMar"]
    assert spans(bundle) == [[("PER", "Ana Ruiz")], [("ORG", "DelMar")]]
    assert not bundle.refused


def test_conllu_without_entity_tags_is_refused_with_the_reason(tmp_path):
    path = tmp_path / "plain.conllu"
    path.write_text("1\tHi\thi\tINTJ\t_\t_\t0\troot\t_\tSpaceAfter=No\n2\t!\t!\tPUNCT\t_\t_\t1\t"
                    "punct\t_\t_\n", encoding="utf-8")
    with pytest.raises(InputRefused, match="CoNLL-U without entity tags"):
        by_name("conll").read(path, now=NOW)
    path.write_text("1\tHi\thi\tINTJ\t_\t_\t0\troot\t_\tNER=B-X\nx\t!\t!\tPUNCT\t_\t_\t1\t"
                    "punct\t_\t_\n", encoding="utf-8")
    with pytest.raises(InputRefused, match="line 2: its id 'x' is not a CoNLL-U word id"):
        by_name("conll").read(path, now=NOW)


def test_conllu_comments_multiword_tokens_cut_off_and_coreference_brackets(tmp_path):
    path = tmp_path / "odd.conllu"
    path.write_text(
        "#\n# text = Hi\tthere, in Le Mans\n"
        "1\tHi\thi\tINTJ\t_\t_\t0\troot\t_\t_\n"
        "2-3\tau\t_\t_\t_\t_\t_\t_\t_\tNER=B-LOC\n"
        "2\tà\tà\tADP\t_\t_\t4\tcase\t_\t_\n"
        "3\tle\tle\tDET\t_\t_\t4\tdet\t_\t_\n"
        "4\tMans\tMans\tPROPN\t_\t_\t1\tobl\t_\tNER=I-LOC\n\n"
        "1-2\tzum\t_\t_\t_\t_\t_\t_\t_\t_\n\n"
        "1\tAna\tAna\tPROPN\t_\t_\t0\troot\t_\tEntity=(e1-person-1|NER=B-PER\n"
        "2\tRuiz\tRuiz\tPROPN\t_\t_\t1\tflat\t_\tEntity=e1)|NER=I-PER\n", "utf-8")
    bundle = by_name("conll").read(path, now=NOW)
    assert [a.text for a in bundle.articles] == ["Hi au Mans\nzum\nAna Ruiz"]
    assert spans(bundle) == [[("LOC", "au Mans"), ("PER", "Ana Ruiz")]]
    empty = tmp_path / "bom.conllu"
    empty.write_bytes(b"\xef\xbb\xbf")
    with pytest.raises(InputRefused, match="holds no token"):
        by_name("conll").read(empty, now=NOW)


def test_conllu_whose_only_tag_is_on_a_multiword_token_cut_off(tmp_path):
    path = tmp_path / "cut.conllu"
    path.write_text("1\tIm\t_\t_\t_\t_\t_\t_\t_\t_\n"
                    "2-3\tzum\t_\t_\t_\t_\t_\t_\t_\tNER=B-LOC\n", "utf-8")
    bundle = by_name("conll").read(path, now=NOW)
    assert spans(bundle) == [[("LOC", "zum")]]
