"""The bundled sample articles: two invented outlets reporting one invented event."""

from __future__ import annotations

from importlib.resources import as_file, files

from .formats.articles.articles import read_article
from .storage.project import Project

SAMPLE_FILES = ("lennevale-courier.txt", "northgate-business-daily.txt")
SAMPLE_SOURCES = {"lennevale-courier.txt": "Lennevale Courier",
                  "northgate-business-daily.txt": "Northgate Business Daily"}


def add_samples(project: Project) -> list[str]:
    """Import the sample articles; returns their ids in order."""
    ids = []
    folder = files("annotator.resources").joinpath("samples")
    for name in SAMPLE_FILES:
        with as_file(folder.joinpath(name)) as path:
            parsed = read_article(path)
        parsed = parsed._replace(source=SAMPLE_SOURCES[name])
        article, _ = project.add_article(parsed)
        ids.append(article.id)
    return ids
