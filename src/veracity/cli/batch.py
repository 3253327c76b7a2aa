"""``veracity batch``: a stream of shards analysed on a process pool or a Ray cluster, resumable."""

from __future__ import annotations

import argparse
import os
import sys

from veracity.cli.common import max_bytes_option, say, store_option
from veracity.errors import ConfigError


def add_parser(commands: argparse._SubParsersAction) -> None:
    batch = commands.add_parser("batch", parents=[store_option(), max_bytes_option()],
                                help="analyse a stream of shards on a process pool or a Ray cluster")
    batch.add_argument("inputs", nargs="+", metavar="SHARD",
                       help="JSONL shards of {url, outlet, title, published, text or html}, WARC files, "
                            "directories of files")
    batch.add_argument("--engine", choices=("local", "ray"), default="local",
                       help="local: a process pool on this machine; ray: Ray Data (default local)")
    batch.add_argument("--workers", type=int, default=os.cpu_count() or 1, metavar="N",
                       help="worker processes (one core each; default: this machine's cores)")
    batch.add_argument("--address", metavar="ADDR",
                       help="the Ray cluster to join (auto, or host:port); default: start Ray on this machine")
    batch.add_argument("--report", metavar="FILE", help="write the run report (JSON) here")
    batch.add_argument("--progress", action=argparse.BooleanOptionalAction, default=sys.stderr.isatty(),
                       help="draw a progress bar on stderr (default: when stderr is a terminal)")
    batch.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from veracity.batch.runner import batch_command

    if args.address and args.engine != "ray":
        raise ConfigError("--address is for --engine ray")
    return batch_command(args.inputs, args.store, engine=args.engine, workers=args.workers, address=args.address,
                         report_path=args.report, progress=args.progress, max_bytes=args.max_bytes, say=say)
