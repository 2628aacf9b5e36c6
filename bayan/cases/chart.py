"""The persons index's chart: for each year, how many public persons were deprived of liberty, and how many still are.

A person counts in a year when any of their runs of detention or disappearance (as
``timeline.derive`` defines a run) overlaps it; they are "still" deprived when their
current run has not ended. The figures are derived from every public person's events
once per content generation (``HeldPerGeneration``) and drawn as SVG on the server: no
script, a title and a description for screen readers, the figures in a table beside it.
"""

from dataclasses import dataclass

from bayan.pagecache.held import HeldPerGeneration

from .dates import PartialDate
from .models import Event, Visibility
from .timeline import TimelineEvent, derive, in_order, today_in_site_time_zone

# The drawing's own units (the SVG scales to the page's width).
WIDTH, HEIGHT = 640, 240
MARGIN_START, MARGIN_END, MARGIN_TOP, MARGIN_BOTTOM = 36, 8, 12, 28
# Years are labelled one in ``n`` when there are many, so that labels never overlap.
MOST_LABELS = 12


def deprivation_runs(events, today):
    """Each run of detention or disappearance in ``events``: (first day, the day it ended or ``today``, ongoing)."""
    ordered = in_order(events)
    runs, start = [], None
    for position, event in enumerate(ordered):
        # The status after each event, by the same rules as the person's own status.
        deprived_since = derive(ordered[:position + 1]).deprived_since
        if deprived_since is not None and start is None:
            start = deprived_since.first_day
        elif deprived_since is None and start is not None:
            runs.append((start, event.when.first_day, False))
            start = None
    if start is not None:
        runs.append((start, today, True))
    return runs


@dataclass(frozen=True)
class YearFigures:
    year: int
    deprived: int
    still: int


def yearly_figures(timelines, today):
    """For each year from the first run to ``today``'s: persons deprived of liberty in it, and how many still are."""
    deprived, still = {}, {}
    for events in timelines:
        runs = deprivation_runs(events, today)
        ongoing = any(is_ongoing for _start, _end, is_ongoing in runs)
        years = {year for start, end, _ongoing in runs for year in range(start.year, end.year + 1)}
        for year in years:
            deprived[year] = deprived.get(year, 0) + 1
            still[year] = still.get(year, 0) + (1 if ongoing else 0)
    if not deprived:
        return []
    return [YearFigures(year, deprived.get(year, 0), still.get(year, 0))
            for year in range(min(deprived), today.year + 1)]


def _public_timelines():
    links = (Event.persons.through.objects.filter(person__visibility=Visibility.PUBLIC)
             .values_list("person_id", "event_id", "event__type", "event__date", "event__precision"))
    timelines = {}
    for person_id, event_id, event_type, day, precision in links:
        timelines.setdefault(person_id, []).append(TimelineEvent(event_type, PartialDate(day, precision), event_id))
    return list(timelines.values())


def _load_figures():
    return yearly_figures(_public_timelines(), today_in_site_time_zone())


# Midnight in the site's time zone starts a new generation, so "still" and this year stay current.
_held_figures = HeldPerGeneration(_load_figures)


def figures(request):
    """This generation's yearly figures."""
    return _held_figures.get(request)


@dataclass(frozen=True)
class Bar:
    year: int
    deprived: int
    still: int
    x: float
    width: float
    deprived_y: float
    deprived_height: float
    still_y: float
    still_height: float
    label: bool


@dataclass(frozen=True)
class Drawing:
    bars: list
    ticks: list
    baseline: float
    # Where the scale's numbers stand: before the first year, on the page's starting side.
    scale_x: float
    scale_anchor: str
    plot_start: float
    plot_end: float
    width: int = WIDTH
    height: int = HEIGHT


def drawing(yearly, right_to_left=False):
    """Where each year's bars and labels go; in a right-to-left page the years run from right to left."""
    if not yearly:
        return None
    top = max(figure.deprived for figure in yearly)
    plot_width = WIDTH - MARGIN_START - MARGIN_END
    plot_height = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    baseline = MARGIN_TOP + plot_height
    slot = plot_width / len(yearly)
    every = -(-len(yearly) // MOST_LABELS)
    bars = []
    for position, figure in enumerate(yearly):
        offset = MARGIN_START + slot * position
        if right_to_left:
            offset = WIDTH - offset - slot
        deprived_height = plot_height * figure.deprived / top
        still_height = plot_height * figure.still / top
        bars.append(Bar(figure.year, figure.deprived, figure.still, round(offset + slot * 0.15, 1),
                        round(slot * 0.7, 1), round(baseline - deprived_height, 1), round(deprived_height, 1),
                        round(baseline - still_height, 1), round(still_height, 1),
                        (len(yearly) - 1 - position) % every == 0))
    ticks = [(round(baseline - plot_height * value / top, 1), value) for value in _tick_values(top)]
    scale_x, anchor = (WIDTH - MARGIN_START + 4, "start") if right_to_left else (MARGIN_START - 4, "end")
    plot_start, plot_end = (MARGIN_END, WIDTH - MARGIN_START) if right_to_left else (MARGIN_START, WIDTH - MARGIN_END)
    return Drawing(bars, ticks, baseline, scale_x, anchor, plot_start, plot_end)


def _tick_values(top):
    """Up to five round values from 0 to ``top`` for the scale."""
    step = 1
    while top / step > 4:
        for factor in (2, 5, 10):
            if top / (step * factor) <= 4:
                step *= factor
                break
        else:
            step *= 10
    return list(range(0, top + 1, step))
