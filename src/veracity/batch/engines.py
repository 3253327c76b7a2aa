"""The two engines: a pool of local processes, or Ray Data on a local Ray instance or a cluster.

An engine takes shard tasks (a path and the inputs to skip) and yields the outcome batches of
``ShardAnalyser.analyse`` as they come; it never holds more than a few batches: the local queue is
bounded, and Ray Data's streaming executor applies back-pressure. Each worker loads the models once.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import queue
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

from veracity.batch.work import Outcome, OutcomeKind, ShardAnalyser
from veracity.errors import ConfigError, VeracityError
from veracity.limits import MAX_INPUT_BYTES

ENGINES = ("local", "ray")
_QUEUE_BATCHES = 4  # outcome batches waiting per worker before it pauses
# A worker is one core: the numeric libraries must not start a thread per core in every worker.
ONE_THREAD = {name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}


class EngineError(VeracityError):
    """The engine itself failed (a worker died, Ray is missing or unreachable); the run can be resumed."""


@dataclass(frozen=True)
class ShardTask:
    path: str
    skip: frozenset[str] = frozenset()
    max_bytes: int = MAX_INPUT_BYTES  # the size limit on each of the shard's inputs (--max-bytes)


def run_engine(engine: str, tasks: list[ShardTask], *, workers: int, address: str | None = None
               ) -> Iterator[list[Outcome]]:
    if workers < 1:
        raise ConfigError(f"--workers must be at least 1, not {workers}")
    if engine == "local":
        return run_local(tasks, workers)
    if engine == "ray":
        return run_ray(tasks, workers, address)
    raise ConfigError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")


# The local engine


def run_local(tasks: list[ShardTask], workers: int) -> Iterator[list[Outcome]]:
    """Outcome batches from ``workers`` spawned processes sharing one task queue."""
    if not tasks:
        return
    context = multiprocessing.get_context("spawn")  # fork would copy the driver's threads and open store
    todo: Any = context.Queue()
    done: Any = context.Queue(maxsize=_QUEUE_BATCHES * workers)
    for task in tasks:
        todo.put(task)
    count = min(workers, len(tasks))
    for _ in range(count):
        todo.put(None)
    processes = [context.Process(target=_local_worker, args=(todo, done), daemon=True, name=f"veracity-batch-{i}")
                 for i in range(count)]
    with _environment(ONE_THREAD):  # read by the numeric libraries as the child imports them
        for process in processes:
            process.start()
    running = count
    try:
        while running:
            try:
                batch = done.get(timeout=1.0)
            except queue.Empty:
                dead = [p for p in processes if p.exitcode not in (None, 0)]
                if dead:
                    raise EngineError(f"worker {dead[0].name} stopped (exit code {dead[0].exitcode}); run the "
                                      "same command again to resume") from None
                continue
            if batch is None:
                running -= 1
            else:
                yield batch
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()
            process.join(timeout=5)


def _local_worker(todo: Any, done: Any) -> None:
    analyser = ShardAnalyser()
    while (task := todo.get()) is not None:
        for batch in analyser.analyse(task.path, task.skip, max_bytes=task.max_bytes):
            _hand_over(done, batch)
    _hand_over(done, None)


def _hand_over(done: Any, batch: list[Outcome] | None) -> None:
    """Put a batch on the bounded queue; give up when the driver is gone (killed), never wait forever."""
    parent = multiprocessing.parent_process()
    while True:
        try:
            done.put(batch, timeout=1.0)
            return
        except queue.Full:
            if parent is not None and not parent.is_alive():
                raise SystemExit(1) from None


@contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    """Set environment variables for the processes started inside the block, then restore them."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


# The Ray engine


class RayShardAnalyser:
    """Ray Data's callable class: built once per actor, so each worker loads the models once."""

    def __init__(self) -> None:
        self.analyser = ShardAnalyser()

    def __call__(self, batch: dict[str, Any]) -> Iterator[dict[str, list[str]]]:
        for path, skip, max_bytes in zip(batch["path"], batch["skip"], batch["max_bytes"], strict=True):
            for outcomes in self.analyser.analyse(str(path), frozenset(str(s) for s in skip),
                                                  max_bytes=int(max_bytes)):
                yield {"kind": [o.kind for o in outcomes], "shard": [o.shard for o in outcomes],
                       "source": [o.source for o in outcomes], "payload": [o.payload for o in outcomes],
                       "vectors": [json.dumps([v.hex() for v in o.vectors]) for o in outcomes]}


def run_ray(tasks: list[ShardTask], workers: int, address: str | None) -> Iterator[list[Outcome]]:
    """Outcome batches from Ray Data: one row per shard, ``map_batches`` over an actor pool of ``workers``."""
    os.environ.setdefault("RAY_DATA_LOG_LEVEL", "WARNING")  # its per-dataset INFO lines would bury the bar
    try:
        import ray
    except ImportError as error:
        raise EngineError("the Ray engine needs Veracity's ray extra; install it with: "
                          "pip install 'veracity[ray]'") from error
    if not tasks:
        return
    started_here = not ray.is_initialized()
    if started_here:
        try:
            _init_ray(ray, workers, address)
        except (ConnectionError, RuntimeError, ValueError) as error:
            raise EngineError(f"cannot reach the Ray cluster at {address}: {error}") from error
    try:
        context = ray.data.DataContext.get_current()
        context.execution_options.preserve_order = True  # same order as the local engine's single worker
        context.enable_progress_bars = False  # the run draws its own
        rows = [{"path": t.path, "skip": sorted(t.skip), "max_bytes": t.max_bytes} for t in tasks]
        shards = ray.data.from_items(rows, override_num_blocks=len(rows))
        pool = ray.data.ActorPoolStrategy(size=min(workers, len(tasks)))
        outcomes = shards.map_batches(RayShardAnalyser, batch_size=1, compute=pool, num_cpus=1, batch_format="numpy",
                                      runtime_env={"env_vars": ONE_THREAD})
        for batch in outcomes.iter_batches(batch_size=None, batch_format="numpy"):
            yield [_outcome(*row) for row in zip(batch["kind"], batch["shard"], batch["source"], batch["payload"],
                                                 batch["vectors"], strict=True)]
    finally:
        if started_here:
            ray.shutdown()


def _outcome(kind: Any, shard: Any, source: Any, payload: Any, vectors: Any) -> Outcome:
    """An outcome back from a Ray row (vectors travel as hex strings in a JSON list)."""
    return Outcome(cast(OutcomeKind, str(kind)), str(shard), str(source), str(payload),
                   tuple(bytes.fromhex(v) for v in json.loads(str(vectors))))


def _init_ray(ray: Any, workers: int, address: str | None) -> None:
    import logging

    options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False,
                               "logging_level": logging.WARNING, "configure_logging": False}
    if address:
        ray.init(address=address, **options)
    else:  # a local instance sized to the run: one CPU per worker
        ray.init(num_cpus=workers, **options)
