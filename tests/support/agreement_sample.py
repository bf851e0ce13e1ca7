"""A fixed project of two annotators, alice and bob, as an export file (fixed ids, so the
`agreement` JSON is the same bytes every time): two articles, spans that agree exactly, overlap or
differ, and one speaker link each whose quote ends differ."""

import hashlib
import json
from pathlib import Path

A = "The mayor said the bridge will close. Critics called it a disaster. Traffic fell."
B = "Bridge closes: mayor. Residents protest the closure. Nobody spoke."
A_ID = "00000000-0000-4000-8000-00000000a000"
B_ID = "00000000-0000-4000-8000-00000000b000"
WHEN = "2026-01-01T00:00:00Z"


def _article(article_id, title, text, spans):
    out = []
    for k, (who, tag, phrase) in enumerate(spans):
        start = text.index(phrase)
        out.append({"id": f"{article_id[:-3]}{k:03d}", "tag": tag, "start": start,
                    "end": start + len(phrase), "text": phrase, "note": "", "annotator": who,
                    "created_at": WHEN, "updated_at": WHEN})
    out.sort(key=lambda a: (a["start"], a["end"], a["tag"], a["id"]))
    return {"id": article_id, "title": title, "source": None, "url": None, "author": None,
            "published": None, "imported_at": WHEN,
            "text_sha256": hashlib.sha256(text.encode()).hexdigest(), "text": text,
            "annotations": out}


def _link(link_id, quote, actor, who):
    return {"id": link_id, "type": "speaker", "from": quote, "to": actor, "note": "",
            "annotator": who, "created_at": WHEN, "updated_at": WHEN}


def write_sample(path: Path) -> Path:
    doc = {"format": "annotator-export", "version": 2, "exported_at": WHEN,
           "offsets": "codepoints",
           "tags": [{"name": "claim", "color": "#d9534f", "description": ""},
                    {"name": "quote", "color": "#5bc0de", "description": ""},
                    {"name": "actor", "color": "#5cb85c", "description": ""}],
           "link_types": [{"name": "speaker", "directed": True,
                           "description": "the quote is said by this actor"}],
           "articles": [
               _article(A_ID, "Bridge report", A, [
                   ("alice", "actor", "The mayor"), ("bob", "actor", "The mayor"),
                   ("alice", "quote", "the bridge will close"),
                   ("bob", "quote", "said the bridge will close"),
                   ("alice", "claim", "Critics called it a disaster"),
                   ("bob", "claim", "Critics called it a disaster"),
                   ("alice", "claim", "Traffic fell")]),
               _article(B_ID, "Closure brief", B, [
                   ("alice", "claim", "Residents protest the closure"),
                   ("bob", "claim", "Residents protest"), ("bob", "actor", "mayor")])],
           "links": [_link("00000000-0000-4000-8000-0000000011a1", A_ID[:-3] + "002",
                           A_ID[:-3] + "000", "alice"),
                     _link("00000000-0000-4000-8000-0000000011b1", A_ID[:-3] + "003",
                           A_ID[:-3] + "001", "bob")]}
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    return path
