"""How the window words counts: one form everywhere ("1 annotation", "6,498 annotations")."""


def plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"
