"""Writing the ``doccano`` format (shapes and keys: formats/exchange/doccano.py): one JSON line per article,
offsets in UTF-16 code units."""

from __future__ import annotations

import json

from ...domain.bundle import Bundle
from ...domain.loss import LossReport
from ...domain.offsets16 import OffsetMap
from .shared.foreign_write import details, link_type_losses, links_by_article, loss_of, no_gc

__all__ = ["write_doccano"]


@no_gc()
def write_doccano(bundle: Bundle, target, *, before=None) -> LossReport:
    within, _ = links_by_article(bundle)
    report = loss_of(bundle, "doccano", ("notes", "actors", "attributes", "tag_details"))
    link_type_losses(report, bundle, directions=True,
                     named={k.type for links in within.values() for k in links})
    written = sum(len(links) for links in within.values())
    report.add("link's id, annotator and times" if written == 1 else
               "links' ids, annotators and times", written)
    if before is not None:
        before(report)
    relations = any(within.values())
    for seq, article in enumerate(bundle.articles, start=1):
        units = OffsetMap(article.text)
        spans = [(units.to_utf16(a.start), units.to_utf16(a.end), a) for a in article.annotations]
        record: dict = {"id": seq}  # (the spans before the text, so that the first bytes
        if relations:                 # show what the file is)
            entity = {a.id: i for i, (_, _, a) in enumerate(spans)}
            record["entities"] = [{"id": i, "label": a.tag, "start_offset": s, "end_offset": e}
                                  for i, (s, e, a) in enumerate(spans)]
            record["relations"] = [{"id": i, "from_id": entity[k.from_id],
                                    "to_id": entity[k.to_id], "type": k.type}
                                   for i, k in enumerate(within.get(article.id, []))]
        else:
            record["label"] = [[s, e, a.tag] for s, e, a in spans]
        record["text"] = article.text
        record.update(details(article))
        record["annotator_spans"] = [[s, e, a.tag, a.id, a.annotator, a.created_at, a.updated_at]
                                     for s, e, a in spans]
        target.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
    return report
