"""The bundled samples annotated as the README's screenshot shows them (tests/support/screenshot.py:
spans, actors, speaker links, a `same` and a `contradicts` link), built through the Project API
without a window, plus a note, attributes and nested spans for the report's tests."""

from pathlib import Path

from screenshot import LINKS, SPANS

from annotator.samples import add_samples
from annotator.storage.project import Project


def sample_project(path: Path) -> Project:
    """The annotated samples in a new project at ``path`` (open; the caller closes it)."""
    project = Project(path, annotator="zoe")
    ids = add_samples(project)
    texts = [project.article(i).text for i in ids]
    made: dict[tuple[int, str, str], str] = {}
    for index, spans in SPANS.items():
        for phrase, tag, nth in spans:
            start = -1
            for _ in range(nth + 1):
                start = texts[index].index(phrase, start + 1)
            added = project.add_annotation(ids[index], start, start + len(phrase), tag)
            made[(index, phrase, tag)] = added.id

    def span(index: int, phrase: str, tag: str | None = None) -> str:
        return next(v for (i, p, t), v in made.items()
                    if i == index and p == phrase and (tag is None or t == tag))

    company = project.add_actor("Halvorsen Coatings", ["the company", "Halvorsen"], "organization")
    project.set_actor([span(0, "Halvorsen Coatings"), span(1, "Halvorsen Coatings")], company.id)
    for name, index in (("Tomás Ferreira", 0), ("Mirela Petrović", 1)):
        person = project.add_actor(name, [name.split()[-1]], "person")
        project.set_actor([span(index, name)], person.id)
    project.add_actor("Ingrid Solberg", ["Solberg"], "person")  # never tagged: zeros everywhere
    for from_phrase, from_index, to_phrase, to_index, kind in LINKS:
        tag = "quote" if kind == "speaker" else "claim"
        project.add_link(span(from_index, from_phrase, tag),
                         span(to_index, to_phrase, "actor" if kind == "speaker" else "claim"), kind)
    quote = span(0, LINKS[0][0], "quote")
    project.set_attributes(quote, {"quote_form": "direct"})
    project.set_note(quote, "eyewitness; compare Northgate's framing <b>&amp;</b>")
    return project
