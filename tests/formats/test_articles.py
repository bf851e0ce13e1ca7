import pytest

from annotator.errors import InputRefused
from annotator.formats.articles.articles import read_article

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="windows-1252">
<title>Ferry service suspended after storm | The Harbour Gazette</title>
<meta name="author" content="Renée Dubois">
<meta property="og:site_name" content="The Harbour Gazette">
<meta property="og:url" content="https://gazette.example/ferry-suspended">
<meta property="article:published_time" content="2026-02-03T08:00:00Z">
<link rel="stylesheet" href="https://cdn.example/style.css">
<script src="https://ads.example/tracker.js"></script>
<style>body { color: red }</style>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div class="advert">Buy one ferry ticket, get one free!</div>
<article>
<h1>Ferry service suspended after storm</h1>
<p>The island ferry service was suspended on Tuesday after a storm damaged the landing stage at Porthkerry, the operator said.</p>
<p>“We will not sail until engineers have checked every mooring,” said the operator’s director, Renée Dubois.</p>
<p>Around 300 residents depend on the ferry for work and school, and the council has arranged a temporary bus link via the causeway.</p>
<img src="https://images.example/storm.jpg" alt="Storm damage">
</article>
<section class="comments"><h2>Comments</h2><p>First! Check out my site for cheap flights.</p></section>
<footer>© 2026 The Harbour Gazette. All rights reserved. Privacy policy. Cookie settings.</footer>
<script>document.write("injected text that must not appear")</script>
</body></html>
"""


def test_txt_title_is_first_line(write):
    article = read_article(write("report.txt", "\n\nBridge closes\r\n\r\nThe bridge closed.\r\n"))
    assert article.title == "Bridge closes"
    assert article.text == "\n\nBridge closes\n\nThe bridge closed.\n"
    assert (article.filename, article.encoding) == ("report.txt", "utf-8")


def test_txt_in_windows_1252(write):
    body = "Le maire a déclaré que la décision était « prématurée ». " * 5
    article = read_article(write("legacy.txt", body, encoding="cp1252"))
    assert article.text == body


def test_markdown_markup_becomes_words(write):
    md = "# The *bridge* closes\n\nThe **council** [said](https://x.example) so.\n\n- one\n- two\n"
    article = read_article(write("a.md", md))
    assert article.title == "The bridge closes"
    assert article.text == "The bridge closes\n\nThe council said so.\n\none\ntwo"


def test_html_main_text_and_metadata_without_boilerplate(write):
    article = read_article(write("page.html", PAGE, encoding="cp1252"))
    assert "suspended on Tuesday" in article.text
    assert "“We will not sail until engineers have checked every mooring,”" in article.text
    for junk in ("Buy one ferry ticket", "First! Check out", "All rights reserved", "injected text",
                 "color: red", "Home", "Sport"):
        assert junk not in article.text
    assert article.title == "Ferry service suspended after storm"
    assert article.author == "Renée Dubois"
    assert article.source == "The Harbour Gazette"
    assert article.url == "https://gazette.example/ferry-suspended"
    assert article.published == "2026-02-03"
    assert article.encoding == "windows-1252"


BRIEF = """<!doctype html><html><head><meta charset="utf-8"><title>Pier reopens | Gazette</title>
</head><body><nav><a href="/">Home</a> <a href="/sport">Sport</a></nav>
<article><h1>Pier reopens</h1><p class="byline">By Staff Writer · Feb. 21</p>
<div class="share">Share on Facebook Tweet Email story</div>
<p>The harbour pier reopened on Monday, the council said.</p>
<p>Ferries sail again from Tuesday.</p></article>
<footer>All rights reserved</footer></body></html>"""


def test_a_short_web_page_gives_its_article_not_the_whole_page(write):
    """Under 250 characters trafilatura took the whole page, share buttons and all, on one
    line."""
    article = read_article(write("brief.html", BRIEF))
    assert "The harbour pier reopened on Monday, the council said." in article.text
    assert "Ferries sail again from Tuesday." in article.text
    for junk in ("Share on Facebook", "Sport", "All rights reserved"):
        assert junk not in article.text


@pytest.mark.parametrize("name, content, reason", [
    ("empty.txt", b"", "empty"),
    ("blank.md", b"  \n\n\t ", "empty"),
    ("nothing.md", b"<!-- only a comment -->\n", "no text"),
    ("photo.txt", b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8, "binary"),
    ("fake.html", b"\x7fELF\x02\x01\x01" + b"\x00" * 300, "binary"),
    ("data.csv", b"a,b\n1,2\n", "unsupported extension"),
    ("nul.txt", "text\x00more".encode("utf-16"), "NUL"),
    ("nul8.txt", b"text then a NUL\x00 and more", "binary|NUL"),
])
def test_refusals_name_the_file(write, name, content, reason):
    path = write(name, content)
    with pytest.raises(InputRefused, match=reason) as info:
        read_article(path)
    assert str(path) in str(info.value)


def test_navigation_lines_of_scraped_pages_are_not_titles(write):
    text = "Skip to: Content\nSkip to: Site Navigation\n\nPort workers strike over pay\n\nBody.\n"
    assert read_article(write("scraped.txt", text)).title == "Port workers strike over pay"


def test_a_folder_is_named_as_one(tmp_path):
    import pytest

    from annotator.errors import InputRefused
    from annotator.formats.articles.articles import read_article

    for name in ("seeds", "d.txt"):
        (tmp_path / name).mkdir()
        with pytest.raises(InputRefused, match="is a folder, not a file"):
            read_article(tmp_path / name)


def test_markdown_nested_deep_keeps_every_word_or_is_refused(write):
    """markdown-it's commonmark preset stops at 20 levels and leaves the rest of the document
    out; a list ten deep (two levels each) is read whole, and deeper than its limit refused."""
    ten = "# Outline\n\n" + "\n".join("  " * i + f"- level {i + 1}" for i in range(10)) + \
        "\n\n## Conclusion\n\nThe end.\n"
    text = read_article(write("ten.md", ten)).text
    assert "level 10" in text and text.endswith("Conclusion\n\nThe end.")
    quotes = read_article(write("quotes.md", "Intro.\n\n" + ">" * 21 + " deep\n\nAfter.\n")).text
    assert quotes == "Intro.\n\ndeep\n\nAfter."
    with pytest.raises(InputRefused, match=r"deep\.md: its lists or quotes are nested about 100 "
                                           "deep"):
        read_article(write("deep.md", "Intro.\n\n" + ">" * 300 + " deep\n\nAfter.\n"))


def test_a_web_page_nested_past_the_parsers_limit_is_refused_not_cut(write):
    page = ("<html><body><article><p>" + "First words here. " * 20 + "</p>" + "<div>" * 300 +
            "<p>" + "Deep words here. " * 20 + "</p>" + "</div>" * 300 + "</article></body></html>")
    with pytest.raises(InputRefused, match=r"deep\.html: nests its elements more than 256 deep"):
        read_article(write("deep.html", page))
    declared = '<?xml version="1.0" encoding="utf-8"?>' + page  # (lxml refuses such a str)
    with pytest.raises(InputRefused, match=r"declared\.html: nests its elements more than 256"):
        read_article(write("declared.html", declared))


def test_the_format_named_reads_an_article_whatever_its_ending(tmp_path):
    """`import --format html page.txt`: a web page saved as .txt is read as a web page, not
    stored as its markup (an article's text never changes after); the same for markdown and
    txt."""
    from annotator.formats.registry import choose

    page = tmp_path / "page.txt"
    page.write_text("<html><body><p>Hello <b>bold</b> world, in a web page.</p></body></html>",
                    "utf-8")
    notes = tmp_path / "notes.txt"
    notes.write_text("# Title\n\n**bold** text\n", "utf-8")
    plain = tmp_path / "raw.md"
    plain.write_text("# Kept as written *here*\n", "utf-8")
    assert choose(page, "html").read_article(page).text == \
        "Hello bold world, in a web page."
    assert choose(notes, "markdown").read_article(notes).text == "Title\n\nbold text"
    assert choose(plain, "txt").read_article(plain).text == "# Kept as written *here*\n"
    assert choose(plain).read_article(plain).text == "Kept as written here"  # (by its ending)
