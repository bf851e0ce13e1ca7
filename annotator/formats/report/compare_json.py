"""`compare --format json` (DESIGN.md section 10): the comparison object as bytes. Deterministic:
the keys in the contract's order (as domain.comparison.compare builds them), two-space indents, UTF-8
without escapes, a final newline; the same project gives the same bytes."""

from __future__ import annotations

import orjson


def compare_json(comparison: dict) -> bytes:
    return orjson.dumps(comparison, option=orjson.OPT_INDENT_2) + b"\n"
