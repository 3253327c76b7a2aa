"""What every benchmark shares: the record of a run (its command, date and machine), timing, peak memory,
tables printed for a person and kept as JSON, which ``benchmarks/results.py`` writes into RESULTS.md.

A benchmark builds one ``Run``, adds a ``Table`` per comparison (each system beside its baseline, as rows)
and free-form ``figures``, then calls ``finish``: a person gets the header and the tables, ``--json`` gets
the same record as one object, and ``--record FILE`` keeps it for ``results.py``. The header lines are the
ones RESULTS.md quotes ("command:", "date:", "machine:"), so a figure can be traced to the run that made it.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import resource
import shlex
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

Cell = str | int | float | None


@dataclass
class Table:
    """Rows of figures under named columns; ``formats`` says how each numeric column prints (".2f")."""

    title: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    formats: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, *cells: Cell) -> None:
        if len(cells) != len(self.columns):
            raise ValueError(f"table {self.title!r} has {len(self.columns)} columns, not {len(cells)}")
        self.rows.append(list(cells))

    def cell(self, column: str, value: Cell) -> str:
        if value is None:
            return "–"
        if isinstance(value, float | int) and not isinstance(value, bool) and column in self.formats:
            return format(value, self.formats[column])
        return str(value)

    def text(self) -> str:
        """Fixed-width, for a terminal."""
        cells = [self.columns] + [[self.cell(c, v) for c, v in zip(self.columns, row, strict=True)]
                                  for row in self.rows]
        widths = [max(len(row[i]) for row in cells) for i in range(len(self.columns))]
        lines = [self.title] if self.title else []
        for row in cells:
            lines.append("  ".join(v.ljust(w) if i == 0 else v.rjust(w)
                                   for i, (v, w) in enumerate(zip(row, widths, strict=True))).rstrip())
        return "\n".join(lines + self.notes)

    def markdown(self) -> str:
        """A Markdown table, for RESULTS.md."""
        lines = [f"**{self.title}**", ""] if self.title else []
        lines.append("| " + " | ".join(self.columns) + " |")
        lines.append("|" + "---|" * len(self.columns))
        lines += ["| " + " | ".join(self.cell(c, v) for c, v in zip(self.columns, row, strict=True)) + " |"
                  for row in self.rows]
        notes = [line for note in self.notes for line in ("", note)]  # a paragraph each, not one run-on line
        return "\n".join(lines + notes)


@dataclass
class Run:
    """One benchmark run: where and how it ran, its tables and any other figures."""

    name: str
    command: str
    date: str
    machine: str
    tables: list[Table] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)

    def table(self, title: str, columns: Sequence[str], formats: dict[str, str] | None = None) -> Table:
        made = Table(title, list(columns), formats=dict(formats or {}))
        self.tables.append(made)
        return made

    def header(self) -> str:
        return f"command: {self.command}\ndate:    {self.date}\nmachine: {self.machine}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Run:
        tables = [Table(**t) for t in data.get("tables", [])]
        return cls(data["name"], data["command"], data["date"], data["machine"], tables, data.get("figures", {}))


def start(name: str) -> Run:
    """A run of benchmark ``name``, stamped with this process's command line, the time and the machine."""
    machine = (f"{platform.platform()}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} "
               f"at start")
    return Run(name, shlex.join(sys.orig_argv), datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
               machine)


def add_output_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the run's record as one JSON object")
    parser.add_argument("--record", type=Path, help="also write the record here, for benchmarks/results.py")


def announce(run: Run, args: argparse.Namespace) -> None:
    """Print the header first, for a long benchmark that prints rows as they are measured."""
    if not getattr(args, "json", False):
        print(run.header(), flush=True)


def finish(run: Run, args: argparse.Namespace, announced: bool = False) -> None:
    """Print the run for a person (or as JSON with ``--json``) and keep its record (``--record``)."""
    record = run.to_dict()
    if getattr(args, "record", None):
        args.record.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    if getattr(args, "json", False):
        print(json.dumps(record))
        return
    if not announced:
        print(run.header())
    for table in run.tables:
        print()
        print(table.text())


@contextmanager
def timed() -> Iterator[list[float]]:
    """``with timed() as took:`` ... ``took[0]`` is the seconds the block ran (wall clock)."""
    took = [0.0]
    started = time.perf_counter()
    try:
        yield took
    finally:
        took[0] = time.perf_counter() - started


def peak_rss_mb(children: bool = True) -> float:
    """This process's peak resident memory, plus (``children``) that of its live child processes (a
    tagger in a process of its own): the memory a user of the benchmarked command would see."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    if not children:
        return own
    return own + sum(status_kib(pid, "VmHWM") for pid in child_pids(os.getpid())) / 1024


def child_pids(pid: int) -> list[int]:
    """The live child processes of ``pid`` (Linux /proc)."""
    return [int(child) for listing in Path(f"/proc/{pid}/task").glob("*/children")
            for child in listing.read_text().split()]


def status_kib(pid: int, field: str) -> int:
    """One memory field of /proc/PID/status ("VmRSS", "VmHWM"), KiB; 0 for a process that has ended."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0  # it ended between the listing and the read
    return next((int(line.split()[1]) for line in status.splitlines() if line.startswith(f"{field}:")), 0)
