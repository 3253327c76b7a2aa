"""Write a benchmark's recorded run into RESULTS.md, so the tables there are the ones the run printed.

    python benchmarks/long_input.py --data ... --record /tmp/long_input.json
    python benchmarks/results.py /tmp/long_input.json [--results benchmarks/RESULTS.md] [--check]

A run's section lives between ``<!-- run:NAME -->`` and ``<!-- /run:NAME -->`` (NAME is the benchmark's
name in its record): the command, date and machine, then every table as Markdown. An existing section is
replaced, a new one appended; the prose around it is a person's and is never touched. ``--check`` writes
nothing and exits 1 when the file's section differs from the record (a table edited by hand, or a record
not yet written in).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from harness import Run

from veracity.files import write_atomically

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def section(run: Run) -> str:
    lines = [f"<!-- run:{run.name} -->", "```", run.header(), "```", ""]
    for table in run.tables:
        lines += [table.markdown(), ""]
    lines.append(f"<!-- /run:{run.name} -->")
    return "\n".join(lines)


def written(results: str, run: Run) -> str:
    """``results`` with the run's section put in (replacing the last one of its name, or at the end)."""
    pattern = re.compile(rf"<!-- run:{re.escape(run.name)} -->.*?<!-- /run:{re.escape(run.name)} -->", re.DOTALL)
    new = section(run)
    if pattern.search(results):
        return pattern.sub(lambda _: new, results, count=1)
    return results.rstrip("\n") + "\n\n" + new + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("record", type=Path, help="a run's record (a benchmark's --record file)")
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if the section differs")
    args = parser.parse_args(argv)
    try:
        run = Run.from_dict(json.loads(args.record.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as error:
        print(f"results: cannot read the record {args.record}: {error}", file=sys.stderr)
        return 2
    try:
        before = args.results.read_text(encoding="utf-8")
    except OSError as error:
        print(f"results: cannot read {args.results}: {error}", file=sys.stderr)
        return 2
    after = written(before, run)
    if args.check:
        return 0 if after == before else 1
    write_atomically(args.results, after)
    print(f"{args.results}: section {run.name!r} written ({len(run.tables)} tables)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
