"""A brat folder of one .txt/.ann pair, for the brat tests."""

from pathlib import Path


def brat_pair(folder: Path, text: str, ann: str, *, crlf: bool = False) -> Path:
    """``folder`` (made if needed) holding doc.txt (``text``, with CRLF line ends if ``crlf``)
    and doc.ann (``ann``); returns the folder."""
    folder.mkdir(exist_ok=True)
    (folder / "doc.txt").write_bytes(text.replace("\n", "\r\n" if crlf else "\n").encode())
    (folder / "doc.ann").write_text(ann, "utf-8")
    return folder
