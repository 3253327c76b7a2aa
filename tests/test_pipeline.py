"""The stage contract: configuration round trip, dependency checks, error policies."""

from pathlib import Path
from typing import ClassVar

import pytest

from veracity.errors import ConfigError, StageError
from veracity.model import Document
from veracity.pipeline import (
    DEFAULT_CONFIG,
    Pipeline,
    Stage,
    build_pipeline,
    pipeline_config,
    register_stage,
    registered_stages,
)

pytestmark = pytest.mark.unit


@register_stage("test_upper")
class Upper(Stage):
    provides: ClassVar[tuple[str, ...]] = ("upper",)

    def __init__(self, suffix: str = "") -> None:
        self.suffix = suffix

    def config(self) -> dict:
        return {"suffix": self.suffix}

    def process(self, docs: list[Document]) -> list[Document]:
        for doc in docs:
            if "boom" in doc.text:
                raise ValueError("cannot shout boom")
            doc.scratch["upper"] = doc.text.upper() + self.suffix
            doc.topics.append(doc.scratch["upper"])
        return docs


@register_stage("test_needs_upper")
class NeedsUpper(Stage):
    requires: ClassVar[tuple[str, ...]] = ("upper",)

    def process(self, docs: list[Document]) -> list[Document]:
        return docs


def test_config_round_trip() -> None:
    config = {"language": "en", "on_error": "record", "stages": [{"name": "test_upper", "suffix": "!"}]}
    pipeline = Pipeline.from_config(config)
    assert pipeline.to_config() == config
    assert pipeline(Document(text="hi")).topics == ["HI!"]


def test_default_config_names_registered_stages() -> None:
    names = set(registered_stages())
    assert {s["name"] for s in DEFAULT_CONFIG["stages"]} <= names


def test_unknown_stage_and_bad_parameters_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="unknown stage 'nope'"):
        Pipeline.from_config({"stages": [{"name": "nope"}]})
    with pytest.raises(ConfigError, match="bad parameters"):
        Pipeline.from_config({"stages": [{"name": "test_upper", "colour": "red"}]})


def test_missing_requirement_is_caught_before_running() -> None:
    with pytest.raises(ConfigError, match="requires upper"):
        Pipeline.from_config({"stages": [{"name": "test_needs_upper"}]})


def test_raise_policy_names_the_stage() -> None:
    pipeline = Pipeline.from_config({"stages": [{"name": "test_upper"}]})
    with pytest.raises(StageError) as caught:
        pipeline(Document(text="boom"))
    assert caught.value.stage == "test_upper"


def test_skip_policy_quarantines_only_the_bad_document() -> None:
    pipeline = Pipeline.from_config({"on_error": "skip", "stages": [{"name": "test_upper"}]})
    docs = [Document(text="one"), Document(text="boom"), Document(text="two")]
    docs[1].metadata.source = "bad.txt"
    out = pipeline.run(docs)
    assert [d.text for d in out] == ["one", "two"]
    assert [q.source for q in pipeline.quarantine] == ["bad.txt"]


def test_record_policy_keeps_the_document_with_a_warning() -> None:
    pipeline = Pipeline.from_config({"on_error": "record", "stages": [{"name": "test_upper"}]})
    (out,) = pipeline.run([Document(text="boom")])
    assert "test_upper failed" in out.warnings[0]


class _Recorder(Stage):
    """Logs the order in which batches reach it."""

    name = "recorder"

    def __init__(self, log: list[str], label: str, background: bool = False) -> None:
        self.log, self.label, self.background = log, label, background

    def process(self, docs: list[Document]) -> list[Document]:
        self.log.append(f"{self.label}:{docs[0].text}")
        return docs

    def works_in_background(self) -> bool:
        return self.background


@pytest.mark.unit
def test_run_batches_starts_the_next_batch_in_the_background_stage_first() -> None:
    log: list[str] = []
    pipe = Pipeline([_Recorder(log, "tagger", background=True), _Recorder(log, "parse")])
    done = [[d.text for d in batch] for batch in pipe.run_batches([[Document(text="a")], [Document(text="b")]])]
    assert done == [["a"], ["b"]]
    assert log == ["tagger:a", "tagger:b", "parse:a", "parse:b"]
    log.clear()
    assert [d.text for d in pipe.run([Document(text="c")])] == ["c"]
    assert log == ["tagger:c", "parse:c"]


class ForgetsItsParameter(Stage):
    name = "forgets"

    def __init__(self, level: int = 1) -> None:
        self._level = level

    def process(self, docs: list[Document]) -> list[Document]:
        return docs


def test_a_stage_config_comes_from_its_signature_and_omits_defaults() -> None:
    """Issue 21: configs were hand-written (a forgotten override lost parameters silently) and ``to_config``
    wrote the build machine's absolute model path. Now a parameter at its default is left out, a changed one
    is kept, and a stage that does not keep a parameter under its name says so."""
    written = Pipeline.from_config(DEFAULT_CONFIG).to_config()
    assert written == DEFAULT_CONFIG
    assert "/" not in str(written)  # no path of this machine
    tagger = Pipeline.from_config({"stages": [{"name": "attribution_tagger", "threads": 2, "background": "none"}]})
    assert tagger.to_config()["stages"] == [{"name": "attribution_tagger", "threads": 2, "background": "none"}]
    with pytest.raises(ConfigError, match="does not keep its parameter 'level'"):
        ForgetsItsParameter().config()


def test_a_stage_is_named_by_its_qualified_name() -> None:
    pipeline = Pipeline.from_config({"stages": [{"name": "veracity.text.parse:SpacyParser", "batch_size": 4}]})
    assert type(pipeline.stages[0]).__name__ == "SpacyParser"
    assert pipeline.to_config()["stages"] == [{"name": "parse", "batch_size": 4}]
    with pytest.raises(ConfigError, match="cannot load stage"):
        Pipeline.from_config({"stages": [{"name": "veracity.text.quotes:Nope"}]})
    with pytest.raises(ConfigError, match="is not a pipeline stage"):
        Pipeline.from_config({"stages": [{"name": "veracity.model:Document"}]})


def test_a_stage_placed_before_what_it_reads_is_refused() -> None:
    """Issue 21: "times, parse, quotes, speakers" ran, and dated no quote (the time stage reads quotes when an
    earlier stage gives them). A times-only pipeline still runs: it reads no quotes because none are made."""
    order = [{"name": n} for n in ("attribution_tagger", "times", "parse", "quotes", "speakers")]
    with pytest.raises(ConfigError, match=r"stage 'times' reads quotes \(from quotes\), people \(from speakers\)"):
        Pipeline.from_config({"stages": order})
    assert Pipeline.from_config({"stages": [{"name": "times"}]}).stages[0].name == "times"


def test_every_entry_point_builds_from_the_one_configuration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 21: the CLI, the server, batch workers and the API each built their own pipeline. Now each starts
    from ``pipeline_config()`` (``--pipeline``, else VERACITY_PIPELINE, else the default) and lays over it only
    what it must decide; a setting the file makes is kept where the entry point merely prefers another."""
    toml = tmp_path / "pipeline.toml"
    toml.write_text('language = "en"\non_error = "record"\n\n[[stages]]\nname = "attribution_tagger"\n'
                    'background = "none"\n\n[[stages]]\nname = "times"\n')
    monkeypatch.setenv("VERACITY_PIPELINE", str(toml))
    assert pipeline_config() == {"language": "en", "on_error": "record",
                                 "stages": [{"name": "attribution_tagger", "background": "none"}, {"name": "times"}]}
    command = build_pipeline(on_error="skip", tagger_defaults={"background": "process"})
    assert [s.name for s in command.stages] == ["attribution_tagger", "times"] and command.on_error == "skip"
    assert command.stages[0].config() == {"background": "none"}  # the file's choice stands
    worker = build_pipeline(tagger={"background": "none", "threads": 1})
    assert worker.stages[0].config() == {"background": "none", "threads": 1} and worker.on_error == "record"
    monkeypatch.delenv("VERACITY_PIPELINE")
    assert pipeline_config() == DEFAULT_CONFIG


def test_a_language_without_resources_is_refused() -> None:
    with pytest.raises(ConfigError, match="language 'fr' has no resources"):
        Pipeline.from_config({"language": "fr", "stages": [{"name": "times"}]})


def test_a_configuration_file_without_stages_is_refused(tmp_path: Path) -> None:
    """An empty file (or one with only settings) built a pipeline that analysed nothing and said nothing."""
    empty = tmp_path / "empty.toml"
    empty.write_text('on_error = "skip"\n')
    with pytest.raises(ConfigError, match="names no stages"):
        pipeline_config(str(empty))
