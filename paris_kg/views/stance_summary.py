"""The stances chart of a graph too large to draw mark by mark, summarised over equal spans.

Why: past a few hundred marks the chart would be a smear that costs most of ``paris-kg report``
to draw; cut into spans about two pixels wide, each row still shows what was held when over the
whole period, and the drawing costs no more than a few hundred marks, whatever the graph's size.
Kept apart from the drawing (:mod:`chart_svg`): it is plain arithmetic on the chart's data.
"""
from __future__ import annotations

from collections import Counter
from datetime import timedelta


def summarise_stances(data: dict, end, spans: int, order: list[str]) -> tuple[list[dict], list[dict]]:
    """Stretches and markers of the stances chart for a graph too large to draw mark by mark.

    The period from ``data["start"]`` to ``end`` is cut into ``spans`` equal spans. A row's
    stretches become bands: in each span the obligation held there the longest (ties: the
    first in ``order``, the legend's), equal neighbours joined; each band has its tooltip. Its
    markers of one kind become one mark: a marker in the middle of each span that has any
    (``days``), with one tooltip for them all (drawn one by one, with a tooltip each, a marker
    cost several ms). Bands and marks carry what the chart draws and their tooltip (``tip``).
    """
    start, rank = data["start"], {k: i for i, k in enumerate(order)}
    width = max((end - start).days, 1) / spans

    def day(i: float):
        return start + timedelta(days=round(i * width))

    held: dict[tuple, list[Counter]] = {}
    for seg in data["segments"]:
        a, b = (seg["start"] - start).days, ((seg["end"] or end) - start).days
        row = held.setdefault(seg["row"], [Counter() for _ in range(spans)])
        for i in range(max(int(a // width), 0), min(int(b // width) + 1, spans)):
            days = min(b, (i + 1) * width) - max(a, i * width)
            if days > 0:
                row[i][seg["obligation"]] += days
    bands = []
    for row in sorted(held):
        question = data["questions"][row[1]]
        mostly = [min(c, key=lambda k: (-c[k], rank[k])) if c else None for c in held[row]]
        i = 0
        while i < spans:
            j = i + 1
            while j < spans and mostly[j] == mostly[i]:
                j += 1
            if mostly[i] is not None:
                label = data["labels"][mostly[i]]
                bands.append({"row": row, "start": day(i), "end": day(j), "obligation": mostly[i],
                              "tip": f"{row[0]}, {question}: mostly {label} from {day(i).isoformat()} "
                                     f"to {day(j).isoformat()}"})
            i = j
    per_span: dict[tuple, Counter] = {}
    for m in data["markers"]:
        i = min(max(int((m["day"] - start).days // width), 0), spans - 1)
        per_span.setdefault((m["row"], m["kind"]), Counter())[i] += 1
    marks = []
    for (row, kind), counts in sorted(per_span.items()):
        n, first, last = sum(counts.values()), min(counts), max(counts)
        marks.append({"row": row, "kind": kind, "days": [day(i + 0.5) for i in sorted(counts)],
                      "tip": f"{row[0]}, {data['questions'][row[1]]}: {n:,} {kind}{'' if n == 1 else 's'} from "
                             f"{day(first).isoformat()} to {day(last + 1).isoformat()}, a marker in each span "
                             "that has any"})
    return bands, marks
