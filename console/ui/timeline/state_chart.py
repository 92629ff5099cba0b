"""Today's outgoing messages of one account as stacked bars per hour, one bar set per state."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QChart, QChartView, QStackedBarSeries, QValueAxis
from PySide6.QtCore import QEvent, QMargins, Qt
from PySide6.QtGui import QFont, QPainter
from PySide6.QtWidgets import QWidget

from console.domain.lifecycle import DeliveryState
from console.services.history import DayChart
from console.ui.contrast import is_dark
from console.ui.labels import delivery_state
from console.ui.timeline.colors import state_colors

MIN_HOURS = 8  # the hours shown at least, ending now, so one busy hour does not fill the width
MIN_TOP = 4  # the value axis reaches at least this far, so a few messages do not look like many


def shown_hours(day: DayChart, current_hour: int) -> range:
    """From the first busy hour (or a few hours back) to now (or the last busy hour)."""
    busy = [hour for values in day.counts.values() for hour, count in enumerate(values) if count]
    first = min([*busy, max(0, current_hour - MIN_HOURS + 1)])
    last = max([*busy, current_hour])
    return range(first, last + 1)


class StateChartView(QChartView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(QChart(), parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(170)
        self.viewport().setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the view takes the focus, with its name
        self.bar_sets: dict[DeliveryState, QBarSet] = {}
        self._day: DayChart | None = None
        self._account_name = ""
        self._style()

    def show_day(self, day: DayChart | None, account_name: str = "") -> None:
        """`None`: no account selected."""
        self._day, self._account_name = day, account_name
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        self.bar_sets = {}
        if day is None:
            self._title(self.tr("Select an account to see its messages of today."))
            return
        if not day.states:
            self._title(self.tr("No messages sent today from {account}.").format(account=account_name))
            return
        chart.setTitle(self.tr("Today's messages from {account}, by state").format(account=account_name))
        now = datetime.now().astimezone()
        hours = shown_hours(day, now.hour if day.day == now.date() else 23)
        series = QStackedBarSeries()
        series.setBarWidth(0.8)
        colors = state_colors(self.palette())
        for state in day.states:
            values = day.counts[state]
            bar_set = QBarSet(self.tr("{state} ({count})").format(state=delivery_state(state), count=day.total(state)))
            bar_set.append([float(values[hour]) for hour in hours])
            bar_set.setColor(colors[state])
            bar_set.setBorderColor(colors[state])
            series.append(bar_set)
            self.bar_sets[state] = bar_set
        # What a screen reader says for the picture: the title and each state's count.
        self.setAccessibleDescription(", ".join([chart.title(), *(bar_set.label() for bar_set in self.bar_sets.values())]))
        chart.addSeries(series)
        hour_axis = QBarCategoryAxis()
        hour_axis.append([f"{hour:02d}" for hour in hours])
        count_axis = QValueAxis()
        tallest = max(sum(day.counts[state][hour] for state in day.states) for hour in hours)
        count_axis.setRange(0, max(tallest, MIN_TOP))
        count_axis.applyNiceNumbers()
        count_axis.setLabelFormat("%d")
        for axis, side in ((hour_axis, Qt.AlignmentFlag.AlignBottom), (count_axis, Qt.AlignmentFlag.AlignLeft)):
            axis.setLabelsFont(self._small_font())
            chart.addAxis(axis, side)
            series.attachAxis(axis)

    def _title(self, text: str) -> None:
        self.chart().setTitle(text)
        self.setAccessibleDescription(text)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._style()
            self.show_day(self._day, self._account_name)

    def _style(self) -> None:
        """Follow the system palette: a dark theme on dark palettes, the pane's own background."""
        chart = self.chart()
        dark = is_dark(self.palette())
        chart.setTheme(QChart.ChartTheme.ChartThemeDark if dark else QChart.ChartTheme.ChartThemeLight)
        chart.setBackgroundVisible(False)
        self.setBackgroundBrush(self.palette().window())
        chart.setMargins(QMargins(0, 0, 0, 0))
        chart.layout().setContentsMargins(0, 0, 0, 0)
        title_font = QFont(self.font())
        title_font.setBold(True)
        chart.setTitleFont(title_font)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.legend().setFont(self._small_font())

    def _small_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF() - 1, 7))
        return font
