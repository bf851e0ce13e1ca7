"""Importing and showing a saved web page never makes a network request: a local test server
is referenced by every kind of tag that could fetch, and must receive nothing."""

import http.server
import threading
import time

import pytest

PAGE = """<!DOCTYPE html><html><head>
<meta charset="utf-8"><base href="http://{host}/base/">
<meta http-equiv="refresh" content="0; url=http://{host}/refresh">
<title>Council approves the new harbour wall</title>
<link rel="stylesheet" href="http://{host}/style.css">
<link rel="preload" href="http://{host}/font.woff2" as="font">
<link rel="icon" href="http://{host}/favicon.ico">
<script src="http://{host}/app.js"></script>
<script>fetch("http://{host}/fetch"); new Image().src = "http://{host}/pixel";</script>
<style>@import url("http://{host}/imported.css"); body {{ background: url(http://{host}/bg.png) }}</style>
</head><body>
<nav><a href="http://{host}/home">Home</a></nav>
<article><h1>Council approves the new harbour wall</h1>
<p>The council voted on Tuesday to build a new harbour wall, after two winters of storm damage
to the old one, the mayor said at a meeting in the town hall.</p>
<img src="http://{host}/photo.jpg" srcset="http://{host}/photo-2x.jpg 2x" alt="The old wall">
<picture><source srcset="http://{host}/p.webp"><img src="http://{host}/p.jpg"></picture>
<p>Construction is expected to start in spring and to take about eighteen months, according to
the harbour authority, which will pay a third of the cost.</p>
<video poster="http://{host}/poster.jpg" src="http://{host}/v.mp4"></video>
<iframe src="http://{host}/frame.html"></iframe>
<object data="http://{host}/object.swf"></object><embed src="http://{host}/embed.swf">
<audio src="http://{host}/a.mp3"></audio>
<svg><image href="http://{host}/svg.png"/></svg>
</article></body></html>"""


@pytest.fixture
def server():
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{httpd.server_address[1]}", hits
    httpd.shutdown()


def test_html_import_and_display_request_nothing(server, tmp_path, qtbot):
    from PySide6.QtWidgets import QApplication

    from annotator.storage.project import Project
    from annotator.ui.panes.article_pane import ArticlePane

    host, hits = server
    page = tmp_path / "page.html"
    page.write_text(PAGE.format(host=host), "utf-8")
    with Project(tmp_path / "p.sqlite") as project:
        ((article_id, title, _),) = project.import_file(page)
        assert title == "Council approves the new harbour wall"
        article = project.article(article_id)
        assert "eighteen months" in article.text and "http://" not in article.text
        pane = ArticlePane()
        qtbot.addWidget(pane)
        pane.show_article(article, [], {})
        pane.show()
        deadline = time.monotonic() + 1.0
        while time.monotonic() < deadline:
            QApplication.processEvents()
            time.sleep(0.02)
    assert hits == []


def test_the_server_would_have_seen_a_request(server):
    """The check above can fail: a real fetch reaches this server."""
    import urllib.request

    host, hits = server
    urllib.request.urlopen(f"http://{host}/probe").read()
    assert hits == ["/probe"]
