"""Checks of one field of an export: type, length, characters, ids, tag names and times.
Each problem is a Refuse naming where it is ("article 'x', annotation 'y': ...")."""

from __future__ import annotations

import re
import uuid
from datetime import datetime

from .export_scan import Refuse as _Refuse

_ID_NAMESPACE = uuid.UUID("8d4b6a3e-2f55-4f0e-9d51-1c3a6a0f7e21")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_BAD_ID = re.compile(r"[\s\x00-\x1f\x7f]")
_MAX_FIELD = {"note": 100_000, "tag": 100, "name": 100, "description": 2_000, "url": 4_000,
              "title": 1_000}


def get(obj: dict, key: str, kind, where: str, *, required=True, nullable=False, default=None):
    if key not in obj or (obj[key] is None and not required):
        if required:
            raise _Refuse(f"{where}: {key!r} is missing")
        return default
    value = obj[key]
    if value is None and nullable:
        return None
    ok = type(value) is int if kind is int else isinstance(value, kind) and not isinstance(value, bool)
    if not ok:
        raise _Refuse(f"{where}: {key!r} should be {_KIND_NAMES[kind]}, not {json_type(value)}")
    if kind is str and (problem := field_problem(value, key)):
        raise _Refuse(f"{where}: {key!r} {problem}")
    return value


def field_problem(value: str, key: str) -> str | None:
    """Why a string cannot be the field ``key`` of a project (a lone surrogate anywhere; but in
    an article's text, a NUL or more characters than the field holds), else None."""
    if _LONE_SURROGATE.search(value):
        return "contains a lone surrogate (not valid Unicode text)"
    if key != "text" and ("\x00" in value or len(value) > _MAX_FIELD.get(key, 10_000)):
        return f"is longer than {_MAX_FIELD.get(key, 10_000):,} characters or contains NUL"
    return None


def ident(obj: dict, where: str, default: str) -> str:
    """The object's id, else a stable one made from ``default`` (computed only when needed)."""
    value = get(obj, "id", str, where, required=False)
    if value is None:
        try:
            return str(uuid.uuid5(_ID_NAMESPACE, default))
        except UnicodeEncodeError:  # (a lone surrogate in what it is made from, refused later
            return str(uuid.uuid5(_ID_NAMESPACE, default.encode("utf-8", "surrogatepass")  # where
                                  .decode("utf-8", "replace")))  # the file's strings are checked)
    if not value or len(value) > 128 or _BAD_ID.search(value):
        raise _Refuse(f"{where}: 'id' must be 1 to 128 characters without spaces or control "
                      "characters")
    return value


def tag_name(value: str, where: str) -> str:
    if not value.strip() or value != value.strip() or _BAD_ID.search(value.replace(" ", "")):
        raise _Refuse(f"{where}: the tag name {value!r} is empty, has spaces around it or "
                      "control characters")
    return value


_KIND_NAMES = {str: "a string", int: "a whole number", list: "a list", dict: "an object"}


def json_type(value) -> str:
    return {bool: "true/false", int: "a number", float: "a number", str: "a string",
            list: "a list", dict: "an object", type(None): "null"}[type(value)]


def timestamp(obj: dict, key: str, where: str, default: str | None) -> str | None:
    value = get(obj, key, str, where, required=False, nullable=True, default=default)
    if value is not None:
        try:
            datetime.fromisoformat(value)
        except ValueError:
            raise _Refuse(f"{where}: {key!r} is not a date and time ({value[:40]!r})") from None
    return value


def plain_times(created: str, updated: str) -> bool:
    """Whether both are dates and times (datetime.fromisoformat takes them), for a reader's
    quick way; the second is not read again when it is the first."""
    try:
        datetime.fromisoformat(created)
        if updated != created:
            datetime.fromisoformat(updated)
    except ValueError:
        return False
    return True


def checked_text_sha(text: str, given_sha: object, where: str) -> str:
    """An article's text checked as one we can store (canonical, no NUL, within the limit) and
    against the text_sha256 the file gives, if any; returns the text's sha256. (The export, the
    csv and the w3c readers share it.)"""
    from ...domain.text import check_canonical, check_storable, text_sha256
    from ...errors import InputRefused

    try:
        check_storable(text)
        check_canonical(text)
    except InputRefused as exc:
        raise _Refuse(f"{where}: the text {exc.reason}, so its offsets are ambiguous"
                      if "canonical" in exc.reason else f"{where}: the text {exc.reason}") from None
    sha = text_sha256(text)
    if given_sha is not None and (not isinstance(given_sha, str) or given_sha.lower() != sha):
        raise _Refuse(f"{where}: 'text_sha256' does not match the text")
    return sha
