"""A W3C file another tool saved again without our extensions keeps the spans' actor bodies but
not our list of actors (annotator:actors): it is merged, not refused whole; the actors it names
are not taken, a span the project has keeps its own, and this is said (w3c_read)."""

import io
import json

from annotator.domain.model import ParsedArticle
from annotator.formats.registry import by_name

TEXT = "Mayor Ana Silva said the bridge will reopen in May."


def test_a_file_without_the_list_of_actors_is_merged_keeping_the_projects(project, tmp_path):
    article = project.add_article(ParsedArticle(text=TEXT, title="Bridge"))[0]
    start = TEXT.index("Ana Silva")
    who = project.add_annotation(article.id, start, start + 9, "actor", annotation_id="s1")
    actor = project.add_actor("Ana Silva")
    project.set_actor([who.id], actor.id)
    claim = TEXT.index("the bridge")
    project.add_annotation(article.id, claim, claim + 28, "claim", annotation_id="s2")
    out = io.BytesIO()
    by_name("w3c").write(project, out)
    doc = json.loads(out.getvalue())
    del doc["annotator:actors"]
    path = tmp_path / "resaved.jsonld"
    path.write_text(json.dumps(doc), "utf-8")

    result = project.import_path(path)

    assert result.said == (f"{path}: 1 span names an actor, but the file lists no actors "
                           "(annotator:actors): those actors were not taken; spans the project "
                           "has keep their own",)
    assert (result.report.unchanged, result.report.added) == (2, 0)
    assert project.annotation("s1").actor == actor.id
