"""What an export says it cannot hold, checked against what it wrote: the formats without a
list of tags, or naming only their links' types (doccano, spaCy, Label Studio's tasks alone), say
the tags no span uses and the link types no written link uses; a tag description with
characters XML cannot hold is said by Label Studio's config, which stays readable, and imported
back into its project changes nothing."""

import io

from annotator.domain.model import ParsedArticle, Tag
from annotator.formats.registry import by_name
from annotator.storage.project import Project


def project(tmp_path) -> Project:
    p = Project(tmp_path / "p.sqlite")
    article, _ = p.add_article(ParsedArticle("Ana Ruiz said no. Bo Li said yes.\n", "T"))
    a = p.add_annotation(article.id, 0, 8, "actor")
    b = p.add_annotation(article.id, 18, 23, "actor")
    p.add_link_type("cites", False, "one cites the other")
    p.add_link_type("answers", True, "")
    p.add_link(a.id, b.id, "answers")
    return p


def said(name: str, p: Project, target=None) -> dict[str, int]:
    reports = []
    by_name(name, writing=True).write(p, target if target is not None else io.BytesIO(),
                                      before=reports.append)
    return dict(reports[0].counts)


def test_link_types_no_written_link_uses_are_said(tmp_path):
    with project(tmp_path) as p:
        # (doccano writes 'answers', its one link; spaCy no link; both leave 'cites' out)
        assert said("doccano", p)["link type that no written link uses"] == 1
        assert said("spacy", p)["link types that no written link uses"] == 2
        assert said("labelstudio", p)["link type that no written link uses"] == 1
        assert "link type that no written link uses" not in said("labelstudio", p,
                                                                 tmp_path / "ls")


def test_a_tag_description_xml_cannot_hold_is_said_and_the_config_stays_readable(tmp_path):
    with project(tmp_path) as p:
        p.update_tag("claim", Tag("claim", "#123456", "first line\x0bsecond line"))
        folder = tmp_path / "ls"
        assert said("labelstudio", p, folder)[
            "tag description with characters XML cannot hold"] == 1
        result = p.import_path(folder)
        assert not result.refused
        assert next(t for t in p.tags() if t.name == "claim").description == \
            "first line\x0bsecond line"
    with Project(tmp_path / "q.sqlite") as fresh:
        fresh.import_path(folder)
        assert next(t for t in fresh.tags() if t.name == "claim").description == \
            "first line\ufffdsecond line"


def test_tags_no_span_uses_are_said_by_the_formats_without_a_list_of_tags(tmp_path):
    with project(tmp_path) as p:
        p.add_tag(Tag("Money", "#00aa00", ""))  # (claim and quote unused too; actor used)
        for name in ("doccano", "spacy", "labelstudio"):
            assert said(name, p)["unused_tags"] == 3, name
        assert "unused_tags" not in said("labelstudio", p, tmp_path / "ls")  # (its config)
        assert "unused_tags" not in said("csv", p, tmp_path / "tables")  # (tags.csv)
