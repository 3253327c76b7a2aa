"""The stage contract and the pipeline that runs stages in order.

A stage is a small class with plain, serialisable constructor parameters, a ``requires``/``provides``
declaration, and ``process(docs) -> docs`` over a batch. Heavy models load once, lazily, and are shared
by every document the stage sees. A pipeline is configuration: ``Pipeline.from_config`` builds one from
a dict (or a TOML table) naming stages, and ``to_config`` writes it back, so a newsroom can swap a stage
without touching code. A stage is named by its short name (the built-in ones, or one registered with
``register_stage``) or by its qualified name, ``package.module:Class``; stages are imported only when a
pipeline names them, so this module imports none of them (the stages import it).

Error policy, per pipeline: ``raise`` stops at the first failure; ``record`` keeps the document, notes
the failure in its warnings and runs the remaining stages; ``skip`` quarantines the document (it is
left out of the output and listed in ``Pipeline.quarantine``) so one bad input never stops a firehose.
"""

from __future__ import annotations

import copy
import importlib
import inspect
import logging
import tomllib
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from veracity.errors import ConfigError, StageError, VeracityError
from veracity.lang import language
from veracity.model import Document

log = logging.getLogger(__name__)
ErrorPolicy = Literal["raise", "record", "skip"]
_REGISTRY: dict[str, type[Stage]] = {}


class Stage(ABC):
    """Base of every stage: declare ``name``, ``requires``, ``provides``; implement ``process``."""

    name: ClassVar[str]
    requires: ClassVar[tuple[str, ...]] = ()
    provides: ClassVar[tuple[str, ...]] = ()
    # What the stage reads when an earlier stage gave it, and does without otherwise (the time stage dates
    # quotes when there are any): a stage that provides it may come before, never after.
    uses: ClassVar[tuple[str, ...]] = ()

    @abstractmethod
    def process(self, docs: list[Document]) -> list[Document]:
        """Annotate a batch of documents and return them (the same objects, or fewer when skipping)."""

    def config(self) -> dict[str, Any]:
        """The constructor parameters that rebuild this stage, read from its ``__init__`` signature: each one
        that differs from its default, from the attribute of the same name. A stage that does not keep a
        parameter under its name is an error here, never a parameter silently lost from its configuration."""
        parameters = inspect.signature(type(self).__init__).parameters
        settings = {}
        for name, parameter in parameters.items():
            if name == "self" or parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
                continue
            if not hasattr(self, name):
                raise ConfigError(f"stage {self.name!r} does not keep its parameter {name!r} as self.{name}, so its "
                                  "configuration cannot be written; keep it, or override config()")
            value = getattr(self, name)
            if parameter.default is parameter.empty or value != parameter.default:
                settings[name] = value
        return settings

    def __call__(self, doc: Document) -> Document:
        return self.process([doc])[0]

    def works_in_background(self) -> bool:
        """True when ``process`` only starts work that finishes on its own (another thread or process).

        Leading stages that do are started on the next batch before the current one is finished
        (see ``Pipeline.run_batches``), so their worker never waits for the caller.
        """
        return False


def register_stage(name: str) -> Callable[[type[Stage]], type[Stage]]:
    """Class decorator: make a stage constructible by name from configuration."""

    def decorate(cls: type[Stage]) -> type[Stage]:
        cls.name = name
        _REGISTRY[name] = cls
        return cls

    return decorate


# The built-in stages by their qualified names: imported when a pipeline names one, not with this module.
BUILTIN_STAGES = {
    "attribution_tagger": "veracity.text.tagging:AttributionTaggerStage",
    "parse": "veracity.text.parse:SpacyParser",
    "quotes": "veracity.text.quotes:QuoteAssembler",
    "speakers": "veracity.text.speakers:SpeakerResolver",
    "times": "veracity.time.stage:TimeAnnotator",
}


def registered_stages() -> dict[str, type[Stage]]:
    """Every stage by its short name: the built-in ones (imported now) and any registered since."""
    for name in BUILTIN_STAGES:
        stage_class(name)
    return dict(_REGISTRY)


def stage_class(name: str) -> type[Stage]:
    """The stage a configuration names: a short name (built in or registered) or ``package.module:Class``."""
    if name in _REGISTRY:
        return _REGISTRY[name]
    qualified = BUILTIN_STAGES.get(name, name)
    module_name, _, class_name = qualified.partition(":")
    if not class_name:
        known = ", ".join(sorted({*BUILTIN_STAGES, *_REGISTRY}))
        raise ConfigError(f"unknown stage {name!r}; known stages: {known} (or name one as package.module:Class)")
    try:
        found = getattr(importlib.import_module(module_name), class_name)
    except (ImportError, AttributeError) as error:
        raise ConfigError(f"cannot load stage {name!r}: {error}") from error
    if not (isinstance(found, type) and issubclass(found, Stage)):
        raise ConfigError(f"{qualified} is not a pipeline stage (a subclass of veracity.pipeline.Stage)")
    return found


@dataclass
class Quarantined:
    source: str | None
    stage: str
    error: str


@dataclass
class Pipeline:
    stages: list[Stage]
    on_error: ErrorPolicy = "raise"
    language: str = "en"
    quarantine: list[Quarantined] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.on_error not in ("raise", "record", "skip"):
            raise ConfigError(f"on_error must be raise, record or skip, not {self.on_error!r}")
        language(self.language)  # a ConfigError naming the languages there are, when it has no package
        for stage in self.stages:
            read = getattr(stage, "language", self.language)
            if read != self.language:
                raise ConfigError(f"stage {stage.name!r} reads {read!r} in a {self.language!r} pipeline")
        available: set[str] = {"text", "metadata"}
        for stage in self.stages:
            missing = [r for r in stage.requires if r not in available]
            if missing:
                raise ConfigError(
                    f"stage {stage.name!r} requires {', '.join(missing)}, which no earlier stage "
                    "provides; reorder the stages or add the missing one"
                )
            available.update(stage.provides)
        for index, stage in enumerate(self.stages):
            later = {name: other.name for other in self.stages[index + 1:] for name in other.provides}
            late = [f"{name} (from {later[name]})" for name in stage.uses if name in later and name not in
                    {p for earlier in self.stages[:index] for p in earlier.provides}]
            if late:
                raise ConfigError(f"stage {stage.name!r} reads {', '.join(late)}, which a later stage provides; "
                                  f"move {stage.name!r} after it")

    def run(self, docs: list[Document]) -> list[Document]:
        """Run every stage over the batch, applying the error policy per document."""
        return next(self.run_batches([docs]))

    def run_batches(self, batches: Iterable[list[Document]]) -> Iterator[list[Document]]:
        """Run batch after batch, yielding each finished one in order.

        The leading background stages (the tagger) are started on batch k+1 before batch k goes
        through the rest, so the background worker always has the next batch queued while the
        caller parses; a stream of articles then costs the slower of the two, not their sum.
        """
        lead = 0
        while lead < len(self.stages) and self.stages[lead].works_in_background():
            lead += 1
        started: list[Document] | None = None
        for batch in batches:
            try:
                upcoming = self._run_stages(self.stages[:lead], list(batch))
            except Exception:
                if started is not None:  # finish what was already under way before giving up
                    yield self._finish(started, lead)
                raise
            if started is not None:
                yield self._finish(started, lead)
            started = upcoming
        if started is not None:
            yield self._finish(started, lead)

    def _run_stages(self, stages: list[Stage], docs: list[Document]) -> list[Document]:
        for stage in stages:
            docs = self._run_stage(stage, docs)
        return docs

    def _finish(self, docs: list[Document], lead: int) -> list[Document]:
        live = self._run_stages(self.stages[lead:], docs)
        for doc in live:
            doc.parse = None
            doc.scratch.clear()
        return live

    def __call__(self, doc: Document) -> Document:
        out = self.run([doc])
        if not out:
            failure = self.quarantine[-1]
            raise StageError(failure.error, stage=failure.stage, source=failure.source)
        return out[0]

    def _run_stage(self, stage: Stage, docs: list[Document]) -> list[Document]:
        try:
            return stage.process(docs)
        except Exception as error:  # noqa: BLE001 - the policy decides what a failure means
            if self.on_error == "raise":
                if isinstance(error, VeracityError):
                    raise
                source = docs[0].metadata.source if len(docs) == 1 else None
                raise StageError(f"{type(error).__name__}: {error}", stage=stage.name,
                                 source=source) from error
            if len(docs) == 1:
                return self._handle_failure(stage, docs[0], error)
            log.info("stage %s failed on a batch; retrying documents one by one", stage.name)
        out = []
        for doc in docs:  # isolate the document that fails
            try:
                out.extend(stage.process([doc]))
            except Exception as error:  # noqa: BLE001
                out.extend(self._handle_failure(stage, doc, error))
        return out

    def _handle_failure(self, stage: Stage, doc: Document, error: Exception) -> list[Document]:
        message = f"{type(error).__name__}: {error}"
        if self.on_error == "record":
            doc.warnings.append(f"stage {stage.name} failed: {message}")
            return [doc]
        self.quarantine.append(Quarantined(doc.metadata.source, stage.name, message))
        return []

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Pipeline:
        """Build from ``{"language": "en", "on_error": ..., "stages": [{"name": ..., **params}, ...]}``.

        A stage whose constructor takes a ``language`` is given the pipeline's, unless its entry names one.
        """
        code = config.get("language", "en")
        stages = []
        for entry in config.get("stages", []):
            params = dict(entry)
            name = params.pop("name", None)
            stage_type = stage_class(str(name))
            if "language" in inspect.signature(stage_type.__init__).parameters:
                params.setdefault("language", code)
            try:
                stages.append(stage_type(**params))
            except TypeError as error:
                raise ConfigError(f"bad parameters for stage {name!r}: {error}") from error
        return cls(stages, on_error=config.get("on_error", "raise"), language=code)

    def to_config(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "on_error": self.on_error,
            "stages": [{"name": s.name, **{k: v for k, v in s.config().items() if k != "language"}}
                       for s in self.stages],  # each stage reads the pipeline's language
        }


DEFAULT_CONFIG: dict[str, Any] = {
    "language": "en",
    "on_error": "raise",
    "stages": [
        {"name": "attribution_tagger"},  # first: it runs in the background while spaCy parses
        {"name": "parse"},
        {"name": "quotes"},
        {"name": "speakers"},
        {"name": "times"},
    ],
}


def batched(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """A stream of documents cut into lists of ``size`` (the last may be shorter), for ``run_batches``."""
    batch: list[Document] = []
    for doc in docs:
        batch.append(doc)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def pipeline_config(path: str | None = None) -> dict[str, Any]:
    """The one configuration every entry point builds its pipeline from: the TOML file at ``path`` (the
    command's ``--pipeline``), else the one ``VERACITY_PIPELINE`` names, else ``DEFAULT_CONFIG``."""
    from veracity.config import pipeline_file

    path = path or pipeline_file()
    if not path:
        return copy.deepcopy(DEFAULT_CONFIG)
    try:
        with open(path, "rb") as handle:
            config = tomllib.load(handle)
    except OSError as error:
        raise ConfigError(f"cannot read pipeline configuration {path}: {error.strerror}") from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"pipeline configuration {path} is not valid TOML: {error}") from error
    if not config.get("stages"):
        raise ConfigError(f"pipeline configuration {path} names no stages (write [[stages]] tables, each with a "
                          "name); an empty pipeline would analyse nothing")
    return config


def build_pipeline(config: dict[str, Any] | None = None, *, on_error: ErrorPolicy | None = None,
                   tagger: dict[str, Any] | None = None, tagger_defaults: dict[str, Any] | None = None) -> Pipeline:
    """A pipeline from ``config`` (``pipeline_config()`` when None) with what the entry point must decide
    laid over it: its error policy, the tagger's settings it needs (``tagger``: a batch worker owns one
    core), and the ones it prefers where the configuration says nothing (``tagger_defaults``)."""
    config = copy.deepcopy(config if config is not None else pipeline_config())
    if on_error is not None:
        config["on_error"] = on_error
    for stage in config.get("stages", []):
        if stage.get("name") in ("attribution_tagger", BUILTIN_STAGES["attribution_tagger"]):
            stage.update({key: value for key, value in (tagger_defaults or {}).items() if key not in stage})
            stage.update(tagger or {})
    return Pipeline.from_config(config)


def default_pipeline(on_error: ErrorPolicy = "raise", *, tagger_background: str = "thread") -> Pipeline:
    """The standard stages with the given error policy.

    ``tagger_background="process"`` runs the encoder in a process of its own, which is faster on a
    stream of articles. That process is started with spawn, which re-imports the caller's main
    script, so only entry points that guard it (the ``veracity`` command) ask for it; the library
    default is a thread.
    """
    return build_pipeline(DEFAULT_CONFIG, on_error=on_error, tagger={"background": tagger_background})


_SHARED: Pipeline | None = None


def shared_pipeline() -> Pipeline:
    """The configured pipeline (``pipeline_config()``), built once per process and shared by every caller that
    analyses one document at a time (``veracity.analyze``, ``listen``'s article), so its models load once."""
    global _SHARED
    if _SHARED is None:
        _SHARED = build_pipeline()
    return _SHARED
