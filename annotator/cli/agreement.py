"""`annotator agreement [--format json|text] [--annotators A,B]` (DESIGN.md section 10): how far
two annotators agree, to standard output. Reads only: the project is opened read-only, as for
`compare`, so it works while a window has the project open."""

from __future__ import annotations

import sys

from ..domain.team.agreement_alpha import RELIABLE, TENTATIVE, verdict

FORMATS = ("json", "text")


def agreement(project, fmt: str, annotators: str | None) -> None:
    pair = None if annotators is None else annotators.split(",")
    result = project.agreement(pair)
    if fmt == "json":
        import orjson

        body = orjson.dumps(result, option=orjson.OPT_INDENT_2) + b"\n"
    else:
        body = text_report(result).encode("utf-8")
    sys.stdout.buffer.write(body)
    sys.stdout.buffer.flush()


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _clipped(title: str, width: int = 40) -> str:
    title = " ".join(title.split())
    return title if len(title) <= width else title[:width - 1] + "…"


def _table(header: list[str], rows: list[list[str]], left: tuple[int, ...] = (0,)) -> list[str]:
    """Columns padded to their widest cell; those in ``left`` aligned left, numbers right."""
    widths = [max(len(r[k]) for r in [header, *rows]) for k in range(len(header))]
    line = lambda r: "  ".join(c.ljust(w) if k in left else c.rjust(w)
                               for k, (c, w) in enumerate(zip(r, widths, strict=True))).rstrip()
    return [line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)]


def text_report(result: dict) -> str:
    a, b = result["annotators"]
    out = [f"Agreement of {a} and {b} ({len(result['articles'])} article"
           f"{'s' if len(result['articles']) != 1 else ''} annotated by both)", ""]
    rows = []
    for tag, m in result["tags"].items():
        rows.append([tag, str(m["spans"][a]), str(m["spans"][b]), _number(m["f1_strict"]),
                     _number(m["f1_overlap"]), _number(m["alpha"]), verdict(m["alpha"]),
                     _number(m["alpha_u"]), verdict(m["alpha_u"])])
    o = result["overall"]
    rows.append(["(all tags)", str(o["spans"][a]), str(o["spans"][b]), _number(o["f1_strict"]),
                 _number(o["f1_overlap"]), "", "", "", ""])
    out += _table(["tag", f"spans {a}", f"spans {b}", "F1 strict", "F1 overlap", "alpha",
                   "verdict", "alpha_U", "verdict"], rows, left=(0, 6, 8))
    out += ["", f"Verdicts: alpha >= {RELIABLE:.3f} reliable, {TENTATIVE:.3f} to {RELIABLE:.3f} "
            "tentative, below that not reliable; — is undefined (no spans, or no variation).", ""]
    links = result["links"]
    out += _table(["links", f"{a}", f"{b}", "F1"],
                  [[name.replace("_", "-"), str(m["links"][a]), str(m["links"][b]),
                    _number(m["f1"])] for name, m in links.items()])
    out += ["", "Articles, worst first:"]
    out += _table(["article", "F1 strict", "F1 overlap", f"spans {a}", f"spans {b}", "id"],
                  [[_clipped(r["title"]), _number(r["f1_strict"]), _number(r["f1_overlap"]),
                    str(r["spans"][a]), str(r["spans"][b]), r["id"]] for r in result["articles"]])
    return "\n".join(out) + "\n"
