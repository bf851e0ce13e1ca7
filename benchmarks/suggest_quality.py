"""Precision and recall of the offline suggestions (annotator.domain.suggestions.suggest) against hand labels.

    .venv/bin/python benchmarks/suggest_quality.py            # the table
    .venv/bin/python benchmarks/suggest_quality.py --misses   # and what was missed or wrong

Labels: benchmarks/data/suggest_labels.json, one entry per quote as [first words, last words,
speaker] (see its "about"). Texts: the seed reports, read at run time from ../shared/seeds
beside the checkout (skipped, and said so, when absent: their text is never copied here), and
texts of our own in benchmarks/data/, and the bundled samples. Texts marked "heldout" were
labelled after the rules were written and never used to tune them: their row is the honest one.

A suggested quote is right when its text begins with the label's first words and ends with its
last words (case, spacing, apostrophe style and outer punctuation aside); each label is matched
once. A speaker is right when the suggested name and the labelled one are the same name or one
is part of the other ("Gao" for "Gao Wenqian"). Speaker precision counts every speaker offered,
also on quotes that are wrong or have no named speaker; recall is over the labelled speakers.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import regex

from annotator.domain.comparison.actors import name_key
from annotator.domain.suggestions.suggest import QUOTE, suggest

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
SEEDS = HERE.parent.parent / "shared" / "seeds"
SAMPLES = HERE.parent / "resources" / "samples"


def norm(text: str) -> str:
    text = " ".join(text.replace("\u2019", "'").replace("\u2018", "'").casefold().split())
    return regex.sub(r"^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$", "", text)


def same_name(suggested: str, labelled: str) -> bool:
    a = set(name_key(suggested.replace("\u2019", "'")).split())
    b = set(name_key(labelled.replace("\u2019", "'")).split())
    return bool(a and b) and (a <= b or b <= a)


def score(text: str, labels: list) -> dict:
    found = [s for s in suggest(text) if s.kind == QUOTE]
    unmatched = list(range(len(labels)))
    pairs = []  # (suggestion, label or None)
    for s in found:
        body = norm(text[s.start:s.end])
        hit = next((i for i in unmatched if body.startswith(norm(labels[i][0]))
                    and body.endswith(norm(labels[i][1]))), None)
        if hit is not None:
            unmatched.remove(hit)
        pairs.append((s, labels[hit] if hit is not None else None))
    offered = [(s, label) for s, label in pairs if s.name]
    right = [(s, label) for s, label in offered if label and label[2] and same_name(s.name, label[2])]
    return {"quotes": len(labels), "suggested": len(found),
            "matched": sum(1 for _, label in pairs if label),
            "speakers": sum(1 for label in labels if label[2]), "offered": len(offered),
            "right": len(right),
            "missed": [labels[i] for i in unmatched],
            "wrong_quotes": [text[s.start:s.end] for s, label in pairs if label is None],
            "wrong_speakers": [(label[0] if label else text[s.start:s.end][:30], s.name,
                                label[2] if label else None)
                               for s, label in offered if (s, label) not in right],
            "unnamed": [(label[0], label[2]) for s, label in pairs
                        if label and label[2] and not s.name]}


def ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "  - "


def row(name: str, r: dict) -> str:
    return (f"{name:<34} {r['quotes']:>6} {r['suggested']:>9} {ratio(r['matched'], r['suggested']):>9} "
            f"{ratio(r['matched'], r['quotes']):>6} {r['speakers']:>8} "
            f"{ratio(r['right'], r['offered']):>9} {ratio(r['right'], r['speakers']):>6}")


def total(results: list[dict]) -> dict:
    keys = ("quotes", "suggested", "matched", "speakers", "offered", "right")
    return {k: sum(r[k] for r in results) for k in keys}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--misses", action="store_true", help="list what was missed or wrong")
    args = parser.parse_args(argv)
    labels = json.loads((DATA / "suggest_labels.json").read_text("utf-8"))
    print(f"{'text':<34} {'quotes':>6} {'suggested':>9} {'precision':>9} {'recall':>6} "
          f"{'speakers':>8} {'precision':>9} {'recall':>6}")
    groups: dict[str, list[dict]] = {"seed reports": [], "own texts": [], "held out": []}
    texts: list[str] = []
    for entry in labels["texts"]:
        name = entry["file"]
        if name.startswith("seed:"):
            path, group = SEEDS / name[5:], "seed reports"
            if not path.exists():
                print(f"{name[5:]:<34} (skipped: {SEEDS} is not beside the checkout)")
                continue
        elif name.startswith("sample:"):
            path, group = SAMPLES / name[7:], "own texts"
        else:
            path, group = DATA / name, "own texts"
        if entry.get("heldout"):
            group = "held out"
        text = path.read_text("utf-8")
        texts.append(text)
        result = score(text, entry["quotes"])
        groups[group].append(result)
        print(row(path.name, result))
        if args.misses:
            for what, items in (("missed", result["missed"]),
                                ("not a labelled quote", result["wrong_quotes"]),
                                ("wrong speaker (quote, offered, labelled)", result["wrong_speakers"]),
                                ("no speaker offered (quote, labelled)", result["unnamed"])):
                for item in items:
                    print(f"    {what}: {item}")
    for group, results in groups.items():
        if results:
            print(row(f"all {group}", total(results)))
    big = "\n\n".join(texts) * max(1, 1_000_000 // max(1, len("\n\n".join(texts))))
    began = time.perf_counter()
    suggest(big)
    print(f"\nspeed: {len(big) / 1e6:.1f} M characters in {time.perf_counter() - began:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
