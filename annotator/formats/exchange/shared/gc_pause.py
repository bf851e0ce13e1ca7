"""gc_paused: a reader runs with the cyclic garbage collector paused (foreign_write.no_gc, as
the writers do). Reading 100,000 spans makes hundreds of thousands of small objects (parsed
JSON, rows, AnnotationIn), none in a cycle, that the collector would otherwise walk again and
again as they are made: a quarter to a third of a W3C, Label Studio or doccano import."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from .foreign_write import no_gc

__all__ = ["gc_paused"]

P = ParamSpec("P")
R = TypeVar("R")


def gc_paused(read: Callable[P, R]) -> Callable[P, R]:
    @wraps(read)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        with no_gc():
            return read(*args, **kwargs)
    return paused
