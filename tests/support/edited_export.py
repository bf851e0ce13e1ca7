"""A project's JSON export with one annotation changed, as a colleague's copy would have it."""

import io
import json
from pathlib import Path


def edited_export(project, path: Path, annotation_id: str, **changes) -> Path:
    """Write ``project``'s export to ``path``, annotation ``annotation_id`` changed (tag, note,
    annotator, updated_at…); returns ``path``."""
    out = io.BytesIO()
    project.write_export(out)
    doc = json.loads(out.getvalue())
    for article in doc["articles"]:
        for a in article["annotations"]:
            if a["id"] == annotation_id:
                a.update(changes)
    path.write_text(json.dumps(doc), "utf-8")
    return path
