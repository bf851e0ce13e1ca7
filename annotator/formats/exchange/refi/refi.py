"""The registry's ``refi`` format: a REFI-QDA project (``.qdpx``), the exchange format of QDA
packages (QualCoder, ATLAS.ti, MAXQDA, NVivo) (issue 11).

A ``.qdpx`` is a zip holding ``project.qde`` (XML, namespace ``urn:QDA-XML:project:1.0``, valid
against the REFI-QDA Project.xsd) and ``sources/<guid>.txt``. What annotator writes there:
- ``Users``: one User per annotator name;
- ``CodeBook``: one Code per tag (name, colour, description), flat;
- ``Sources``: one TextSource per article (name = title; the canonical text, UTF-8 without BOM,
  in ``sources/<guid>.txt`` named by ``plainTextPath="internal://<guid>.txt"``); the article's
  source, URL, author and publication date as Text variables (``Variables``);
- one PlainTextSelection per annotation, positions in code points (the standard's
  "characters"; QualCoder counts so), its ``name`` the selected text (as QualCoder writes it, so
  that a reader can check it), one Coding with a CodeRef to the tag's Code, a NoteRef to a
  ``Notes/Note`` holding the annotation's note;
- actors as ``Cases`` (REFI's unit of analysis: a person, an organisation): name, Description,
  kind and aliases (a JSON list) as Text variables, a SelectionRef per annotation naming the actor;
- links as ``Links/Link`` between two selections: ``name`` = the link type, ``direction``
  ``OneWay`` (directed) or ``Associative``, a NoteRef to the link's note.
GUIDs are our ids when those are UUIDs, else UUIDs derived from them (uuid5, stable), the ids
they stand for listed in a Note (refi_ids). Lost: annotations' attributes, link types'
descriptions, links' annotator and times, the characters XML 1.0 cannot hold (written as U+FFFD)
(counted before writing: refi_loss).

Reading (refi_read): a ``.qdpx``, or a bare ``.qde`` whose ``internal://`` files are looked for in
a ``sources`` folder beside it. Guards: at most MAX_MEMBERS zip members and MAX_UNPACKED bytes
unpacked in all (as the zip declares them, and as read); a member whose path is absolute or has
``..`` refuses the file; no DTD. Codes become tags named by their own (leaf) name, or, when two
codes share one, by their path joined with " / "; codes that are only folders
(``isCodable="false"``) become no tag. Positions: unit detected (refi_units), but for a file
annotator wrote (``origin="annotator"``), in code points. Titles, notes and descriptions are
taken as written, white space and all. Notes (a
selection's Description, its and its codings' NoteRefs) become the annotation's note; Links
between two selections become links; Cases that name selections become actors. Of a file
annotator wrote, a link's note with U+FFFD (characters XML could not hold) is left unsaid (a
link the project has keeps its note), and the ids its Note lists come back (refi_ids).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ....domain.bundle import Bundle
    from ....domain.loss import LossReport

NS = "urn:QDA-XML:project:1.0"
ORIGIN = "annotator"
SOURCES_DIR = "sources"
PROJECT_FILE = "project.qde"
# Text variables annotator writes (and reads back): article details and actors' details.
VARIABLES = {"source": "source", "url": "url", "author": "author", "published": "published",
             "kind": "actor kind", "aliases": "actor aliases"}
MAX_MEMBERS = 10_000
MAX_UNPACKED = 1024 * 1024 * 1024  # all members, as declared
MAX_PROJECT_BYTES = 512 * 1024 * 1024  # project.qde alone


def detect(path: Path, head: bytes) -> bool:
    """A zip holding a .qde at its top, or a REFI-QDA project XML file."""
    if head[:4] == b"PK\x03\x04":
        import zipfile

        try:
            with zipfile.ZipFile(path) as archive:
                return any(_is_project(n) for n in archive.namelist()[:MAX_MEMBERS])
        except (OSError, zipfile.BadZipFile, ValueError):
            return False
    start = head[:4096].removeprefix(b"\xef\xbb\xbf").lstrip()
    return start[:5] == b"<?xml" and NS.encode() in start and b"<Project" in start


def _is_project(name: str) -> bool:
    return "/" not in name.strip("/") and name.lower().endswith(".qde")


def read(path: Path, *, now: str) -> Bundle:
    from .refi_read import read_refi

    return read_refi(Path(path), now)


def write(source, target, *, before=None, **_options) -> LossReport:
    from .refi_write import write_refi

    return write_refi(source.bundle(), target, before=before)
