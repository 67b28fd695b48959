"""The printed table: one row per figure, with its goal and whether it was met."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    name: str
    value: str
    goal: str = ""
    met: bool | None = None


def print_table(title: str, figures: list[Figure]) -> None:
    widths = [
        max(len(row) for row in [header, *column])
        for header, column in (
            ("figure", [f.name for f in figures]),
            ("value", [f.value for f in figures]),
            ("goal", [f.goal for f in figures]),
        )
    ]
    print(f"\n{title}")
    line = f"| {'figure':<{widths[0]}} | {'value':>{widths[1]}} | {'goal':<{widths[2]}} | met |"
    print(line)
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|-----|")
    for f in figures:
        met = "" if f.met is None else ("yes" if f.met else "NO")
        name, value, goal = f.name, f.value, f.goal
        print(f"| {name:<{widths[0]}} | {value:>{widths[1]}} | {goal:<{widths[2]}} | {met:<3} |")


def spread(values: Sequence[float], unit: str = "", digits: int = 2) -> str:
    """ "min / median / max" of repeated runs, so a reader sees the noise."""
    parts = (min(values), statistics.median(values), max(values))
    return " / ".join(f"{value:.{digits}f}" for value in parts) + unit
