"""Reading the ``brat`` format (layout and conventions: formats/exchange/brat/brat) into a Bundle.

Each ``.ann`` beside a ``.txt`` of the same name is one article. Offsets are code points of the
``.txt`` as it is (BOM, CRLF, NFD and all), mapped exactly onto the canonical text
(formats/exchange/shared/foreign_text); a span whose offsets do not give its text column is moved
to where that text is when it occurs once, else refused, naming the file and line.
"""

from __future__ import annotations

from collections import Counter
from itertools import pairwise
from pathlib import Path

from ..shared.gc_pause import gc_paused
from ....domain.anchor import anchor
from ....domain.bundle import AnnotationIn, ArticleIn, Bundle, TagIn
from ....domain.model import LinkType
from ....domain.text import canonicalize, check_storable, text_sha256
from ....errors import InputRefused
from ...export import export_read_v2 as v2
from .brat import ACTOR, NOTE, RECORD, holds_attribute
from .brat_actors import SpanActors
from ..shared.foreign_text import ForeignText
from .brat_bulk import Found, read_bulk, record
from .brat_conf import BratConf
from .brat_write import checksum, span_sum
from ...encoding.decode import MAX_TEXT_BYTES, read_capped
from ...export.export_fields import ident, tag_name
from ...export.export_read import MAX_EXPORT_BYTES
from ...export.export_scan import Refuse
from ...naming import some

_NOT_KEPT = {"E": "event lines (E)", "M": "modification lines (M)",
             "N": "normalization lines (N)", "*": "equivalence lines (*)"}


@gc_paused
def read_brat(path: Path, now: str) -> Bundle:
    alone: list[Path] = []  # .ann files without their .txt: said, not read
    others: list[Path] = []  # files of no pair, nor brat's confs: said, not read
    if path.is_dir():
        folder = path
        every = sorted(path.glob("*.ann"))
        pairs = [p for p in every if p.with_suffix(".txt").is_file()]
        alone = [p for p in every if not p.with_suffix(".txt").is_file()]
        seen = {*every, *(p.with_suffix(".txt") for p in pairs)}
        others = sorted(p for p in path.iterdir() if p not in seen and p.is_file() and
                        not p.name.startswith(".") and p.suffix != ".conf")
        if not pairs:
            raise InputRefused("holds no .ann file beside a .txt of the same name (brat)" + (
                f": {_names(alone)} without their .txt" if alone else ""), str(path))
    else:
        if path.suffix.lower() == ".txt" and path.with_suffix(".ann").is_file():
            path = path.with_suffix(".ann")  # (a brat pair named by its text)
        if path.suffix.lower() != ".ann":
            raise InputRefused("is no brat file: brat reads a folder of .txt and .ann pairs, or "
                               "an .ann file beside its .txt", str(path))
        folder, pairs = path.parent, [path]
        if not path.with_suffix(".txt").is_file():
            raise InputRefused(f"has no {path.with_suffix('.txt').name} beside it (brat keeps "
                               "the text there)", str(path))
    conf = BratConf(folder)
    reader = _Reader(conf, now)
    for ann in pairs:
        reader.pair(ann)
    bundle = reader.bundle(path)
    if alone:
        bundle.said.append(f"{path}: {_names(alone)} left out: no .txt of the same name beside "
                           f"{'it' if len(alone) == 1 else 'them'} (brat keeps the text there)")
    if others:
        bundle.said.append(f"{path}: {_names(others)} left out: a brat folder is read as its "
                           f".txt and .ann pairs (import {'it' if len(others) == 1 else 'them'} "
                           "by name)")
    return bundle


def _names(paths: list[Path]) -> str:
    return some([p.name for p in paths])


class _Reader:
    def __init__(self, conf: BratConf, now: str):
        self.conf, self.now = conf, now
        self.result = Bundle(tags=[], articles=[], version=2)
        self.links: list[dict] = []
        self.edited_links: set[str] = set()
        self.actors = SpanActors(self.result.said)
        self.not_kept: Counter = Counter()
        self.used_types: dict[str, None] = {}
        self.used_relations: dict[str, None] = {}
        self.times: set[str] = set()  # the records' times already checked
        self.derived: dict[str, str] = {}  # each id made from a place, and its span's sum

    # -- one .txt/.ann pair ---------------------------------------------------------------
    def pair(self, ann: Path) -> None:
        txt = ann.with_suffix(".txt")
        raw = _decode(txt, MAX_TEXT_BYTES)
        cmap = ForeignText(raw)
        try:
            check_storable(cmap.text, str(txt))
        except InputRefused as exc:
            self.result.refused.append(f"{exc}: its annotations are not imported")
            return
        text, sha = cmap.text, text_sha256(cmap.text)
        details = self.conf.articles.get(ann.stem) if self.conf.ours else None
        article = self._article(ann, details or {}, text, sha)
        content = _decode(ann, MAX_EXPORT_BYTES).removeprefix("\ufeff")
        lines = content.split("\n")
        found = Found()
        ids = read_bulk(self, ann, content, lines, cmap, article, found)
        if ids is None:  # (not of the common kind: line by line)
            for number, line in enumerate(lines, start=1):
                self.line(ann, number, line, cmap, found)
            ids = {}
            for t, (number, tag, pieces) in found.spans.items():
                made = self.annotations(t, tag, pieces, text, sha, found,
                                        f"{ann}, line {number}")
                if made:
                    ids[t] = made[0].id
                    article.annotations += made
        self.not_kept["notes on events"] += sum(1 for target in found.notes
                                                if target[:1] == "E")
        self._unknown_targets(ann, found, ids)
        for number, r, kind, ends in found.relations:
            self._relation(f"{ann}, line {number}", r, kind, ends, ids,
                           "\n".join(found.notes.get(r, [])), found.records.get(r))
        self.result.articles.append(article)

    def line(self, ann: Path, number: int, line: str, cmap: ForeignText, found: Found) -> None:
        """One line of an .ann into ``found`` (or a refusal, or a count of what is not kept)."""
        line = line.rstrip("\r")
        if not line.strip():
            return
        where = f"{ann}, line {number}"
        kind = line[0]
        fields = line.split("\t")
        head = fields[1].split() if len(fields) > 1 else []
        if kind == "T":
            first = found.t_lines.setdefault(fields[0], number)
            if first != number:
                self._refuse(where, f"{fields[0]} is the id of line {first} too (brat gives "
                             "each annotation its own)")
                return
            placed = self._span(line, where, cmap)
            if placed is not None:
                found.spans[fields[0]] = (number, *placed)
        elif kind == "R" and len(head) >= 3:
            ends = [arg.partition(":")[2] for arg in head[1:3]]
            found.relations.append((number, fields[0], head[0], ends))
        elif kind == "A" and len(head) >= 2:
            if head[1].startswith("T"):
                attrs = found.attrs.setdefault(head[1], {})
                if head[0] in attrs:
                    self._refuse(where, f"{head[1]} has a {head[0]} already (brat gives an "
                                 "annotation one of each attribute)")
                    return
                attrs[head[0]] = " ".join(head[2:]) or True
            else:
                self.not_kept["attributes of events or relations"] += 1
        elif kind == "#" and len(head) >= 2:
            note = "\t".join(fields[2:])
            target = head[1]
            if head[0] == NOTE:
                found.notes.setdefault(target, []).append(note)
            elif head[0] == ACTOR and target.startswith("T"):
                found.actors[target] = note
            elif head[0] == RECORD:
                found.records[target] = record(note, self.times)
            else:
                self.not_kept[f"notes of other kinds ({head[0]})"] += 1
        else:
            self.not_kept[_NOT_KEPT.get(kind, "lines annotator does not read")] += 1

    def _unknown_targets(self, ann: Path, found: Found, placed: dict[str, str]) -> None:
        """Says the attributes, notes and actors given to a T id (or notes to an R id) that
        no line of the file has (``placed``: the T ids of its spans; found.t_lines, of the
        lines read one by one, refused ones too)."""
        targets = {t for said in (found.attrs, found.notes, found.actors) for t in said
                   if t[:1] in "TR"}  # (few: most spans have none)
        if not targets:
            return
        relations = {r for _, r, _, _ in found.relations}
        unknown = sorted(t for t in targets if t not in placed and t not in found.t_lines and
                         t not in relations)
        if unknown:
            self.result.said.append(
                f"{ann}: not kept: the attributes, notes or actors of {some(unknown)}, which no "
                "line of the file has")

    def _article(self, ann: Path, details: dict, text: str, sha: str) -> ArticleIn:
        def detail(key: str) -> str | None:
            value = details.get(key)
            return value if isinstance(value, str) and value.strip() else None

        try:
            article_id = ident({"id": details.get("id")}, str(ann), "brat:" + sha)
        except Refuse:
            article_id = ident({}, str(ann), "brat:" + sha)
        title = details.get("title")  # (ours: any title is a title, spaces alone too)
        title = title if isinstance(title, str) and title else ann.stem
        return ArticleIn(article_id, title, detail("source"), detail("url"), detail("author"),
                         detail("published"), None, text, sha)

    def _span(self, line: str, where: str, cmap: ForeignText):
        """(tag, [(start, end) in the canonical text]) of a T line, or None (refused)."""
        fields = line.split("\t", 2)
        kind, _, places = fields[1].partition(" ") if len(fields) > 1 else ("", "", "")
        try:
            tag = tag_name(self.conf.tag(kind), where)
            raw_pieces = [tuple(int(n) for n in p.split()) for p in places.split(";")]
        except (Refuse, ValueError) as exc:
            self._refuse(where, f"not a text-bound annotation ({exc})" if isinstance(
                exc, Refuse) else "its offsets are not 'START END' pairs")
            return None
        if any(len(p) != 2 for p in raw_pieces):
            self._refuse(where, "its offsets are not 'START END' pairs")
            return None
        raw = cmap.raw
        quote = fields[2] if len(fields) > 2 else None
        fits = all(0 <= s < e <= len(raw) for s, e in raw_pieces)
        said = " ".join(raw[s:e] for s, e in raw_pieces) if fits else None
        if fits and (quote is None or said == quote):
            mapped = [cmap.span(s, e, utf16=False) for s, e in raw_pieces]
            pieces = [p for p in mapped if p is not None]
            if len(pieces) < len(mapped):
                self._refuse(where, f"its offsets {places} fall between the CR and LF of a "
                             "line end, or inside a character")
                return None
            return tag, sorted(pieces)  # (fragments in any order: brat's own are in order)
        if quote is None or len(raw_pieces) != 1:
            self._refuse(where, f"its text {quote!r} is not at {places} of the .txt" if fits
                         else f"its offsets {places} lie outside the .txt")
            return None
        s, e = raw_pieces[0]
        one = cmap.span(s, e, utf16=False) if fits else None
        at, to = one or (-1, -1)
        found = anchor(cmap.text, at, to, canonicalize(quote))
        if found is None:
            why = "does not occur in" if canonicalize(quote) not in cmap.text else \
                "occurs more than once in"
            self._refuse(where, f"its text {quote[:40]!r} is not at {places} and {why} the .txt")
            return None
        self.result.said.append(f"{where}: moved from {places} to {found[0]} {found[1]}, where "
                                f"its text {quote[:40]!r} is")
        return tag, [found]

    def _refuse(self, where: str, why: str) -> None:
        self.result.refused.append(f"{where}: refused: {why}")

    def annotations(self, t, tag, pieces, text, sha, found: Found, where) -> list[AnnotationIn]:
        """The span of T line ``t``, with its note, actor, attributes and record (one span per
        fragment when its gaps hold more than white space)."""
        notes, actors, records, attrs = found.notes, found.actors, found.records, found.attrs
        gaps = [text[e:s] for (_, e), (s, _) in pairwise(pieces)]
        if all(not gap.strip() for gap in gaps):  # (overlapping ones too: one span over all)
            pieces = [(pieces[0][0], max(e for _, e in pieces))]
        elif len(pieces) > 1:
            self.result.said.append(f"{where}: {t} is discontinuous: imported as {len(pieces)} "
                                    "spans, one per fragment")
        note = "\n".join(notes.get(t, []))
        given_attrs = attrs.get(t) or {}
        try:
            attributes = v2.attributes(given_attrs or None, where)
        except Refuse as exc:
            self.result.said.append(f"{where}: {t}'s attributes not kept ({exc})")
            attributes, given_attrs = None, {}
        actor_name = actors.get(t, "")
        actor = self.actors.name(actor_name, where) if actor_name else None
        self.used_types.setdefault(tag)
        record = records.get(t)
        made = []
        for i, (start, end) in enumerate(pieces):
            summed = span_sum(tag, start, end, note, actor_name, given_attrs)
            if record and len(pieces) == 1:
                ident_, who = record["id"], record["annotator"]
                same = record["sum"] == summed
                created = record["created_at"]
                updated = record["updated_at"] if same else self.now
            else:
                seed, n = f"brat:{sha}:{tag}:{start}:{end}:{i}", 1
                ident_ = ident({}, where, seed)
                while self.derived.setdefault(ident_, summed) != summed:  # (another T here,
                    # with other notes or attributes: a span of its own, not the same one twice)
                    n += 1
                    ident_ = ident({}, where, f"{seed}:{n}")
                who, same, created, updated = "unknown", False, self.now, self.now
            self.result.where[ident_] = where
            made.append(AnnotationIn(ident_, tag, start, end, text[start:end], note, who,
                                     created, updated, same, None, attributes))
            if actor is not None:
                self.actors.of(made[-1], actor, record if same else None)
        return made

    def _relation(self, where, r, kind, ends, ids, note, record) -> None:
        if any(not e.startswith("T") for e in ends):
            self.not_kept["relations with an event"] += 1
            return
        missing = [e for e in ends if e not in ids]
        if missing:
            self._refuse(where, f"relation {r}: its end {missing[0]} was refused or is not in "
                         "the file")
            return
        if ids[ends[0]] == ids[ends[1]]:
            self._refuse(where, f"relation {r} joins {ends[0]} to " + (
                "itself" if ends[0] == ends[1] else f"{ends[1]}, the same span"))
            return
        self.used_relations.setdefault(kind)
        name = self.conf.link_type(kind)
        from_id, to_id = ids[ends[0]], ids[ends[1]]
        link = {"type": name, "from": from_id, "to": to_id, "note": note}
        if record:
            link.update(id=record["id"], annotator=record["annotator"],
                        created_at=record["created_at"], updated_at=record["updated_at"])
            if record["sum"] != checksum("link", name, from_id, to_id, note):
                self.edited_links.add(record["id"])
        else:
            link["id"] = ident({}, where, f"brat:link:{name}:{from_id}:{to_id}")
            self.edited_links.add(link["id"])
        self.result.where[link["id"]] = where
        self.links.append(link)

    # -- the whole folder -----------------------------------------------------------------
    def bundle(self, path: Path) -> Bundle:
        result, conf = self.result, self.conf
        tags = list(dict.fromkeys([conf.tag(t) for t in conf.entities] + list(self.used_types)))
        colors = {conf.tag(t): c for t, c in conf.colors.items()}
        result.tags = [TagIn(name, colors.get(name), conf.description("tag", name))
                       for name in tags]
        kinds = [*(conf.relations if conf.ours else ()), *self.used_relations]
        # (without an annotation.conf, the types its lines use; brat's lists its relations'
        # types with more than the links' ends, ours each as we write them)
        result.lacks = frozenset({"tags"} if not conf.entities else ()) | frozenset(
            {"link_types"} if not conf.ours else ())
        result.holds_attribute = holds_attribute  # (a score, a false: the project's are kept)
        names = {conf.link_type(k): conf.directed(k) for k in kinds}
        result.link_types = [LinkType(n, d, conf.description("link", n)) for n, d in names.items()]
        try:
            result.actors = self.actors.actors()
            result.links = v2.links(self.links, result.link_types, self.now)
            for link in result.links:
                if link.id in self.edited_links:
                    link.updated_at, link.timestamps_given = self.now, False
            v2.check_whole(result.articles, result.actors, result.links, result.said, str(path))
        except Refuse as exc:
            raise InputRefused(f"refused: {exc}", str(path)) from None
        if any(self.not_kept.values()):
            listed = "; ".join(f"{what}: {n:,}" for what, n in self.not_kept.items() if n)
            result.said.append(f"{path}: not kept (annotator has no place for them): {listed}")
        return result


def _decode(path: Path, limit: int) -> str:
    try:
        return read_capped(path, limit).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputRefused(f"is not UTF-8 (byte {exc.start:,}); brat's files are UTF-8",
                           str(path)) from None
