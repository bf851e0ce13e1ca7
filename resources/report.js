/* annotator's comparison report: draws the links between the articles (after layout, again on
   every scroll and resize), scrolls the articles to a link's or a claim's ends, sorts tables.
   Plain ES5 DOM, nothing fetched. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var NS = "http://www.w3.org/2000/svg";
  var wrap = document.querySelector("#articles .wrap");
  var svg = wrap ? wrap.querySelector("svg.lines") : null;
  var pieces = {};   // span key -> its pieces, in text order
  var linksOf = {};  // span key -> the links with an end there
  Array.prototype.forEach.call(document.querySelectorAll(".text [data-k]"), function (el) {
    el.getAttribute("data-k").split(" ").forEach(function (k) {
      (pieces[k] = pieces[k] || []).push(el);
    });
  });
  data.links.forEach(function (link) {
    (linksOf[link[0]] = linksOf[link[0]] || []).push(link);
    (linksOf[link[1]] = linksOf[link[1]] || []).push(link);
  });

  function column(el) { return el.closest(".text"); }

  // One end of a link: where it meets its column's edge, and whether the span is in view.
  function end(key, side) {
    var els = pieces[key];
    if (!els) { return null; }
    var text = column(els[0]);
    var col = text.parentNode.getBoundingClientRect();
    var box = text.getBoundingClientRect();
    var first = els[0].getClientRects()[0] || els[0].getBoundingClientRect();
    var y = (first.top + first.bottom) / 2;
    var shown = y >= box.top && y <= box.bottom;
    return {x: side === "right" ? col.right : col.left,
            y: Math.min(Math.max(y, box.top + 3), box.bottom - 3),
            shown: shown, index: +text.getAttribute("data-article")};
  }

  function draw() {
    if (!svg) { return; }
    var origin = wrap.getBoundingClientRect();
    var dx = wrap.scrollLeft - origin.left, dy = -origin.top;
    svg.setAttribute("width", wrap.scrollWidth);
    svg.setAttribute("height", wrap.scrollHeight);
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    data.links.forEach(function (link) {
      var a = end(link[0], "right"), b = end(link[1], "left");
      if (!a || !b || a.index === b.index || (!a.shown && !b.shown)) { return; }
      if (a.index > b.index) { a = end(link[1], "right"); b = end(link[0], "left"); }
      var style = data.styles[link[2]] || ["#666666", ""];
      var x1 = a.x + dx, y1 = a.y + dy, x2 = b.x + dx, y2 = b.y + dy, mid = (x2 - x1) / 2;
      var path = document.createElementNS(NS, "path");
      path.setAttribute("d", "M" + x1 + " " + y1 + " C" + (x1 + mid) + " " + y1 + " " +
                        (x2 - mid) + " " + y2 + " " + x2 + " " + y2);
      path.setAttribute("fill", "none");
      path.setAttribute("stroke", style[0]);
      path.setAttribute("stroke-width", a.shown && b.shown ? "2" : "1.2");
      path.setAttribute("stroke-opacity", a.shown && b.shown ? "0.9" : "0.35");
      if (style[1]) { path.setAttribute("stroke-dasharray", style[1]); }
      svg.appendChild(path);
      [[x1, y1, a.shown], [x2, y2, b.shown]].forEach(function (p) {
        var dot = document.createElementNS(NS, "circle");
        dot.setAttribute("cx", p[0]); dot.setAttribute("cy", p[1]); dot.setAttribute("r", p[2] ? 3 : 2);
        dot.setAttribute("fill", style[0]);
        dot.setAttribute("fill-opacity", p[2] ? "0.9" : "0.35");
        svg.appendChild(dot);
      });
    });
  }

  var pending = false;
  function schedule() {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; draw(); });
  }

  // Scroll an article so that this span sits a third of the way down, and flash it.
  function reveal(key) {
    var els = pieces[key];
    if (!els) { return; }
    var text = column(els[0]);
    text.scrollTop += els[0].getBoundingClientRect().top - text.getBoundingClientRect().top -
      text.clientHeight / 3;
    els.forEach(function (el) { el.classList.add("flash"); });
    window.setTimeout(function () {
      els.forEach(function (el) { el.classList.remove("flash"); });
    }, 1600);
  }

  function showArticles() {
    var section = document.getElementById("articles");
    window.scrollTo(0, section.getBoundingClientRect().top + window.pageYOffset);
  }

  document.addEventListener("click", function (event) {
    var go = event.target.closest("a[data-go]");
    var row = event.target.closest("tr[data-from]");
    if (go) {
      event.preventDefault();
      showArticles();
      reveal(go.getAttribute("data-go"));
      (linksOf[go.getAttribute("data-go")] || []).length && schedule();
      return;
    }
    if (row) {
      showArticles();
      reveal(row.getAttribute("data-from"));
      reveal(row.getAttribute("data-to"));
      schedule();
      return;
    }
    var piece = event.target.closest(".text [data-k]");
    if (piece) {  // show where this span's links lead in the other articles
      var here = column(piece);
      piece.getAttribute("data-k").split(" ").forEach(function (k) {
        (linksOf[k] || []).forEach(function (link) {
          var other = link[0] === k ? link[1] : link[0];
          if (pieces[other] && column(pieces[other][0]) !== here) { reveal(other); }
        });
      });
    }
  });

  // Sortable tables: a click on a heading sorts by that column, again reverses.
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    Array.prototype.forEach.call(table.querySelectorAll("th[data-sort]"), function (th) {
      th.addEventListener("click", function () {
        var index = +th.getAttribute("data-sort"), body = table.tBodies[0];
        var down = th.getAttribute("aria-sort") !== "descending";
        Array.prototype.forEach.call(table.querySelectorAll("th[aria-sort]"), function (other) {
          other.removeAttribute("aria-sort");
        });
        th.setAttribute("aria-sort", down ? "descending" : "ascending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r, s) {
          var a = r.cells[index].getAttribute("data-v"), b = s.cells[index].getAttribute("data-v");
          var c = index === 0 ? a.localeCompare(b) : parseFloat(a) - parseFloat(b);
          return down ? -c : c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });

  Array.prototype.forEach.call(document.querySelectorAll(".text"), function (text) {
    text.addEventListener("scroll", schedule, {passive: true});
  });
  if (wrap) { wrap.addEventListener("scroll", schedule, {passive: true}); }
  window.addEventListener("resize", schedule);
  window.addEventListener("load", draw);
  draw();
})();
