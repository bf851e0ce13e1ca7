"""The kinds of suggestion: a module of its own, so that the storage (which remembers the
suggestions dismissed) reads them without importing the suggesters and their expressions
(25 ms of every command's start)."""

QUOTE = "quote"
ACTOR = "actor"
KINDS = (QUOTE, ACTOR)
