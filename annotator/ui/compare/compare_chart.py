"""The comparison's chart: grouped bars, one group per actor, one bar per article (outlet), of
quotes or of mentions. One painter function draws the widget, the PNG, the SVG and the PDF's
chart (QtCharts is not part of PySide6-Essentials). In an SVG each bar is the only <rect>: the
background and the legend's swatches are paths."""

from __future__ import annotations

import math
from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import QBuffer, QIODevice, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QMenu, QToolTip, QWidget

# Distinct, print-safe colours (Tableau 10), one per article.
PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1",
           "#ff9da7", "#9c755f", "#bab0ac"]
INK, FAINT, GRID = QColor("#222222"), QColor("#8a8a8a"), QColor("#e4e4e4")
FONT_PX, SMALL_PX, TITLE_PX = 12, 10, 14
MIN_GROUP, BAR_MAX = 44.0, 26.0
MAX_ACTORS = 40      # groups drawn at most (the most mentioned actors)
MAX_WIDTH = 12_000   # the chart's width at most, however many bars
LEGEND_LINES = 4


class Chart(NamedTuple):
    metric: str                    # "quotes" or "mentions"
    actors: list[tuple[str, str]]  # (id, name) in the comparison's order
    series: list[tuple[str, str]]  # (article id, label)
    values: list[list[int]]        # values[actor][article]
    title: str = ""


class Bar(NamedTuple):
    rect: QRectF   # where it is drawn (a zero: the thin mark on the axis, a little taller)
    actor: int
    series: int
    value: int


def chart_of(data, metric: str = "quotes") -> Chart:
    """The chart of a compare_model.CompareData: its first MAX_ACTORS actors (the most
    mentioned), the title saying so when there are more."""
    series = [(a["id"], label) for a, label in zip(data.articles, data.names, strict=True)]
    actors = data.actors[:MAX_ACTORS]
    values = [[actor[metric].get(aid, 0) for aid, _ in series] for actor in actors]
    what = "Quotes" if metric == "quotes" else "Mentions"
    title = f"{what} per actor in each article"
    if len(data.actors) > len(actors):
        title += f" (the {len(actors)} most mentioned of {len(data.actors)} actors)"
    return Chart(metric, [(a["id"], a["name"]) for a in actors], series, values, title)


def color(index: int) -> QColor:
    if index < len(PALETTE):
        return QColor(PALETTE[index])
    return QColor.fromHsv(index * 137 % 360, 150, 190)  # more outlets: hues spread out


def _font(px: int, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(px)
    font.setBold(bold)
    return font


def nice_step(top: int, ticks: int = 5) -> int:
    """A step of 1, 2 or 5 × 10^k giving at most about ``ticks`` intervals up to ``top``."""
    if top <= ticks:
        return 1
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    return int(next(m * power for m in (1, 2, 5, 10) if m * power >= raw))


def preferred_width(chart: Chart) -> int:
    """Wide enough that every group's bars and name stay readable."""
    group = max(MIN_GROUP, len(chart.series) * 12 + 18)
    return min(MAX_WIDTH, int(70 + group * max(1, len(chart.actors)) + 20))


def paint_chart(painter: QPainter, width: float, height: float, chart: Chart) -> list[Bar]:
    """Draw the chart in a ``width`` × ``height`` box at the painter's origin; returns where
    the bars are (for tooltips and clicks)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    back = QPainterPath()
    back.addRect(QRectF(0, 0, width, height))
    painter.fillPath(back, QColor("white"))
    bars: list[Bar] = []
    font, small = _font(FONT_PX), _font(SMALL_PX)
    fm, fm_small = QFontMetricsF(font), QFontMetricsF(small)
    painter.setPen(INK)
    painter.setFont(_font(TITLE_PX, bold=True))
    top = 10.0
    if chart.title:
        painter.drawText(QPointF(12, top + TITLE_PX), chart.title)
        top += TITLE_PX + 10
    top = _legend(painter, chart, width, top, font, fm) + 8
    if not chart.actors:
        painter.setFont(font)
        painter.setPen(FAINT)
        painter.drawText(QRectF(0, top, width, height - top), Qt.AlignmentFlag.AlignCenter,
                         "No actors yet: tag spans as actor and name their actors")
        painter.restore()
        return bars
    highest = max((v for row in chart.values for v in row), default=0)
    step = nice_step(max(highest, 1))
    ceiling = step * math.ceil(max(highest, 1) / step)
    left = 16 + fm.horizontalAdvance(f"{ceiling:,}") + 10
    right = width - 12
    group = (right - left) / len(chart.actors)
    names = [name for _, name in chart.actors]
    # Names upright, on two lines at most where the groups are wide enough; else slanted.
    wrap = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
    lines = max(fm.boundingRect(QRectF(0, 0, group - 6, 1000), int(wrap), n).height()
                for n in names) / fm.height()
    widest_word = max(fm.horizontalAdvance(w) for n in names for w in (n.split() or [""]))
    tilt = group < 60 or lines > 2.2 or widest_word > group - 6
    label_room = min(130.0, max(fm.horizontalAdvance(n) for n in names)) if tilt else 0.0
    below = label_room * 0.6 + 8 if tilt else fm.height() * round(lines) + 6
    bottom = height - (18 + below)
    plot_height = max(20.0, bottom - top - fm_small.height())
    scale = plot_height / ceiling

    painter.setFont(font)
    for value in range(0, ceiling + 1, step):  # grid and y labels
        y = bottom - value * scale
        painter.setPen(QPen(GRID, 1))
        painter.drawLine(QPointF(left, y), QPointF(right, y))
        painter.setPen(INK)
        painter.drawText(QRectF(0, y - fm.height() / 2, left - 8, fm.height()),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{value:,}")
    painter.setPen(QPen(INK, 1))
    painter.drawLine(QPointF(left, bottom), QPointF(right, bottom))
    painter.drawLine(QPointF(left, top), QPointF(left, bottom))
    painter.save()  # the y axis' name, upright along it
    painter.translate(12, (top + bottom) / 2)
    painter.rotate(-90)
    painter.setFont(small)
    painter.setPen(FAINT)
    painter.drawText(QRectF(-80, -12, 160, 12), Qt.AlignmentFlag.AlignCenter,
                     chart.metric.capitalize())
    painter.restore()

    n = max(1, len(chart.series))
    bar = min(BAR_MAX, group * 0.8 / n)
    painter.setFont(small)
    for a, row in enumerate(chart.values):
        x0 = left + a * group + (group - bar * n) / 2
        for s, value in enumerate(row):
            x = x0 + s * bar
            if value:
                rect = QRectF(x + 1, bottom - value * scale, bar - 2, value * scale)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(color(s))
                painter.drawRect(rect)
                label = f"{value:,}"
                if fm_small.horizontalAdvance(label) <= bar + 4:
                    painter.setPen(INK)
                    painter.drawText(QRectF(x - 4, rect.top() - fm_small.height() - 1, bar + 8,
                                            fm_small.height()),
                                     Qt.AlignmentFlag.AlignCenter, label)
                bars.append(Bar(rect, a, s, value))
            else:  # a zero is a short mark on the axis in the article's colour, never nothing
                painter.setPen(QPen(color(s), 2))
                painter.drawLine(QPointF(x + 2, bottom - 1), QPointF(x + bar - 2, bottom - 1))
                bars.append(Bar(QRectF(x, bottom - 8, bar, 8), a, s, 0))
    painter.setFont(font)
    painter.setPen(INK)
    for a, name in enumerate(names):  # actor names under their groups
        centre = left + (a + 0.5) * group
        if tilt:
            painter.save()
            painter.translate(centre + 4, bottom + 8)
            painter.rotate(-35)
            shown = fm.elidedText(name, Qt.TextElideMode.ElideRight, label_room)
            painter.drawText(QRectF(-label_room, 0, label_room, fm.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, shown)
            painter.restore()
        else:
            painter.drawText(QRectF(centre - group / 2 + 3, bottom + 6, group - 6, below),
                             int(wrap), name)
    painter.restore()
    return bars


def _legend(painter: QPainter, chart: Chart, width: float, top: float, font: QFont,
            fm: QFontMetricsF) -> float:
    """One swatch and name per article, wrapped onto more lines as needed; returns the y
    below it."""
    painter.setFont(font)
    x, y = 12.0, top
    line = fm.height() + 4
    for s, (_, label) in enumerate(chart.series):
        need = 18 + fm.horizontalAdvance(label) + 16
        if x > 12 and x + need > width - 12:
            if y >= top + line * (LEGEND_LINES - 1):  # the rest named in one last line
                painter.setPen(FAINT)
                painter.drawText(QRectF(12, y + line, width - 24, line),
                                 Qt.AlignmentFlag.AlignVCenter,
                                 f"… and {len(chart.series) - s} more articles")
                return y + 2 * line
            x, y = 12.0, y + line
        swatch = QPainterPath()
        swatch.addRoundedRect(QRectF(x, y + (line - 12) / 2, 12, 12), 2, 2)
        painter.fillPath(swatch, color(s))
        painter.setPen(INK)
        painter.drawText(QRectF(x + 18, y, need - 18, line), Qt.AlignmentFlag.AlignVCenter, label)
        x += need
    return y + (line if chart.series else 0)


# -- files ---------------------------------------------------------------------------------------
def _buffer() -> QBuffer:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    return buffer


def png_bytes(chart: Chart, size: QSize, scale: float = 2.0) -> bytes:
    """A PNG at ``scale`` times ``size`` (sharp on a high-density screen or a slide)."""
    scale = min(scale, 16_000 / max(1, size.width()))  # a very wide chart: not 2x
    image = QImage(int(size.width() * scale), int(size.height() * scale),
                   QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    image.setDotsPerMeterX(int(3780 * scale))
    image.setDotsPerMeterY(int(3780 * scale))
    painter = QPainter(image)
    painter.scale(scale, scale)
    paint_chart(painter, size.width(), size.height(), chart)
    painter.end()
    buffer = _buffer()
    if not image.save(buffer, "PNG"):  # type: ignore[call-overload]  # stubs say bytes; str works
        raise OSError("the PNG could not be made")
    return bytes(buffer.data().data())


def svg_bytes(chart: Chart, size: QSize) -> bytes:
    from PySide6.QtSvg import QSvgGenerator

    buffer = _buffer()
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(size)
    generator.setViewBox(QRect(0, 0, size.width(), size.height()))
    generator.setTitle(chart.title)
    generator.setDescription("Made by annotator")
    painter = QPainter()
    if not painter.begin(generator):
        raise OSError("the SVG could not be made")
    paint_chart(painter, size.width(), size.height(), chart)
    painter.end()
    return bytes(buffer.data().data())


def save(path: Path | str, kind: str, chart: Chart, size: QSize) -> None:
    """The chart as a PNG or SVG file (written whole or not at all)."""
    from ...fileutil import atomic_write

    data = svg_bytes(chart, size) if kind == "svg" else png_bytes(chart, size)
    with atomic_write(Path(path)) as handle:
        handle.write(data)


# -- the widget ----------------------------------------------------------------------------------
class ChartWidget(QWidget):
    barClicked = Signal(str, str)  # actor id, article id
    saveRequested = Signal(str)    # "png" or "svg"

    def __init__(self, parent=None):
        super().__init__(parent)
        self.chart = Chart("quotes", [], [], [])
        self.bars: list[Bar] = []
        self.setMouseTracking(True)
        self.setMinimumHeight(260)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)

    def set_chart(self, chart: Chart) -> None:
        self.chart = chart
        self.setMinimumWidth(preferred_width(chart))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(preferred_width(self.chart), 360)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        self.bars = paint_chart(painter, self.width(), self.height(), self.chart)
        painter.end()

    def bar_at(self, point) -> Bar | None:
        return next((b for b in self.bars if b.rect.adjusted(-1, -3, 1, 1).contains(point)), None)

    def mouseMoveEvent(self, event) -> None:
        bar = self.bar_at(event.position())
        if bar is None:
            QToolTip.hideText()
            self.unsetCursor()
            return
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        name, label = self.chart.actors[bar.actor][1], self.chart.series[bar.series][1]
        noun = self.chart.metric[:-1] if bar.value == 1 else self.chart.metric
        QToolTip.showText(event.globalPosition().toPoint(),
                          f"{name} in {label}: {bar.value:,} {noun}", self)

    def mouseReleaseEvent(self, event) -> None:
        bar = self.bar_at(event.position())
        if bar is not None and event.button() == Qt.MouseButton.LeftButton:
            self.barClicked.emit(self.chart.actors[bar.actor][0], self.chart.series[bar.series][0])

    def _menu(self, point) -> None:
        menu = QMenu(self)
        menu.addAction("Save as PNG…", lambda: self.saveRequested.emit("png"))
        menu.addAction("Save as SVG…", lambda: self.saveRequested.emit("svg"))
        menu.exec(self.mapToGlobal(point))
        menu.deleteLater()
