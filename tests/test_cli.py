"""The ``veracity analyze`` command: outputs, several inputs, and bad input as one readable line."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from veracity.cli import main

pytestmark = pytest.mark.integration

STORY = (
    "Minister backs new rail line\n\n"
    '"We will build it by 2030," Transport Minister Jane Okafor told reporters on Monday.\n\n'
    "Okafor said that the funding was already in place.\n"
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def story(tmp_path: Path) -> Path:
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    return path


def test_json_to_stdout(capsys: pytest.CaptureFixture[str], story: Path) -> None:
    code, out, err = run(capsys, "analyze", str(story), "--published", "2025-07-09")
    assert code == 0, err
    dossier = json.loads(out)
    assert dossier["metadata"]["published"] == "2025-07-09"
    assert dossier["metadata"]["title"] == "Minister backs new rail line"
    assert any("We will build it by 2030" in q["content"]["text"] for q in dossier["quotes"])


def test_html_to_file(capsys: pytest.CaptureFixture[str], story: Path, tmp_path: Path) -> None:
    target = tmp_path / "dossier.html"
    code, out, _ = run(capsys, "analyze", str(story), "--format", "html", "-o", str(target))
    assert code == 0 and out == ""
    page = target.read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html>")
    assert "Okafor" in page


def test_stdin_text_summary(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(STORY.encode("utf-8"))))
    code, out, _ = run(capsys, "analyze", "-", "--format", "text")
    assert code == 0
    assert "Okafor" in out and "We will build it by 2030" in out


def test_directory_with_one_bad_file_writes_the_good_ones(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    stories = tmp_path / "stories"
    stories.mkdir()
    (stories / "a.txt").write_text(STORY, encoding="utf-8")
    (stories / "b.txt").write_text(STORY.replace("Okafor", "Mensah"), encoding="utf-8")
    (stories / "broken.txt").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    out_dir = tmp_path / "out"
    code, _, err = run(capsys, "analyze", str(stories), "-o", str(out_dir))
    assert code == 1
    assert sorted(p.name for p in out_dir.iterdir()) == ["a.json", "b.json"]
    assert "broken.txt" in err and "PDF" in err
    assert "1 of 3 inputs failed" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02\x03binary\x00", "binary"),
        (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\n", "PDF"),
        (b"<html><body><nav>Home</nav></body></html>", "no article text"),
    ],
)
def test_bad_input_is_one_line_and_non_zero(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / ("page.html" if b"<html" in content else "story.txt")
    path.write_bytes(content)
    code, out, err = run(capsys, "analyze", str(path))
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("veracity: ") and expected.lower() in err.lower()


def test_oversized_text_is_refused_before_reading(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB without writing them
    code, _, err = run(capsys, "analyze", str(path))
    assert code == 1 and "limit" in err and len(err.strip().splitlines()) == 1


def test_invalid_utf8_is_decoded_with_a_warning(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes(STORY.replace("2030", "2030 \u2013 caf\u00e9").encode("cp1252"))
    code, out, _ = run(capsys, "analyze", str(path))
    assert code == 0
    dossier = json.loads(out)
    assert "café" in dossier["text"]
    assert any("decoded as" in w for w in dossier["warnings"])


def test_missing_date_is_a_warning(capsys: pytest.CaptureFixture[str], story: Path) -> None:
    code, out, _ = run(capsys, "analyze", str(story))
    assert code == 0
    assert any("no publication date" in w for w in json.loads(out)["warnings"])


def test_bad_options_are_usage_errors(capsys: pytest.CaptureFixture[str], story: Path) -> None:
    code, _, err = run(capsys, "analyze", str(story), "--published", "yesterday")
    assert code == 2 and "--published" in err
    code, _, err = run(capsys, "analyze", str(story), str(story))
    assert code == 2 and "-o DIRECTORY" in err


def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "analyze", str(tmp_path / "nope.txt"))
    assert code == 1 and "nope.txt" in err and "Traceback" not in err


def test_unbalanced_marks_and_a_hundred_paragraph_quote(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    long_quote = "\n\n".join(f'"Paragraph {i} of the statement goes on' for i in range(100))
    text = (
        'The senator said "this will never pass.\n\n'
        + long_quote
        + '," the senator said.\n\nShe left at noon.\n'
    )
    path = tmp_path / "odd.txt"
    path.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "analyze", str(path))
    assert code == 0, err
    dossier = json.loads(out)
    assert dossier["text"].endswith("She left at noon.")
    for quote in dossier["quotes"]:
        for start, end in quote["content"]["spans"]:
            assert 0 <= start < end <= len(dossier["text"])


def test_pipeline_configuration_file(
    capsys: pytest.CaptureFixture[str], story: Path, tmp_path: Path
) -> None:
    config = tmp_path / "pipeline.toml"
    config.write_text('on_error = "raise"\n[[stages]]\nname = "parse"\n', encoding="utf-8")
    code, out, _ = run(capsys, "analyze", str(story), "--pipeline", str(config))
    assert code == 0 and json.loads(out)["quotes"] == []
    config.write_text('[[stages]]\nname = "nonsense"\n', encoding="utf-8")
    code, _, err = run(capsys, "analyze", str(story), "--pipeline", str(config))
    assert code == 2 and "unknown stage 'nonsense'" in err


def test_html_news_page_gives_its_metadata(capsys: pytest.CaptureFixture[str]) -> None:
    page = Path(__file__).parent / "fixtures" / "ingest" / "news_article.html"
    code, out, err = run(capsys, "analyze", str(page))
    assert code == 0, err
    dossier = json.loads(out)
    assert dossier["metadata"]["input_format"] == "html"
    assert dossier["metadata"]["title"] and dossier["metadata"]["published"]
    assert "Advertisement" not in dossier["text"]


def test_written_dossier_is_an_ordinary_readable_file(
    capsys: pytest.CaptureFixture[str], story: Path, tmp_path: Path
) -> None:
    target = tmp_path / "dossier.json"
    code, _, _ = run(capsys, "analyze", str(story), "-o", str(target))
    assert code == 0 and target.stat().st_mode & 0o044 == 0o044
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary left behind


def test_a_missing_path_among_good_ones_fails_alone(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "b.txt").write_text(STORY.replace("Okafor", "Mensah"), encoding="utf-8")
    missing = tmp_path / "missing.txt"
    out_dir = tmp_path / "out"
    code, _, err = run(capsys, "analyze", str(tmp_path / "a.txt"), str(missing), str(tmp_path / "b.txt"),
                       "-o", str(out_dir))
    assert code == 1
    assert sorted(p.name for p in out_dir.iterdir()) == ["a.json", "b.json"]
    assert err.splitlines() == [f"veracity: {missing}: no such file; check the path",
                                "veracity: 1 of 3 inputs failed; the others were written"]


def test_an_input_whose_dossier_raises_fails_alone(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import veracity.report

    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "b.txt").write_text(STORY.replace("Okafor", "Mensah"), encoding="utf-8")
    real = veracity.report.render

    def render(doc, fmt):  # type: ignore[no-untyped-def]
        if "Mensah" in doc.text:
            raise ValueError("cannot render this one")
        return real(doc, fmt)

    monkeypatch.setattr(veracity.report, "render", render)
    code, _, err = run(capsys, "analyze", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-o", str(tmp_path / "o"))
    assert code == 1 and [p.name for p in (tmp_path / "o").iterdir()] == ["a.json"]
    assert err.splitlines()[0] == (f"veracity: {tmp_path / 'b.txt'}: its dossier could not be written "
                                   "(ValueError: cannot render this one)")


def test_the_size_limit_advice_works(capsys: pytest.CaptureFixture[str], story: Path) -> None:
    """Issue 17: the advice to raise --max-bytes must let the input through when followed."""
    code, out, err = run(capsys, "analyze", str(story), "--max-bytes", "100")
    assert code == 1 and out == ""
    assert err == (f"veracity: {story}: input is {len(STORY.encode())} bytes, over the 100 bytes limit; split it "
                   "into articles or raise the limit with --max-bytes\n")
    code, out, _ = run(capsys, "analyze", str(story), "--max-bytes", "1000")
    assert code == 0 and json.loads(out)["quotes"]


def test_one_size_limit_with_one_default_in_every_command() -> None:
    from veracity.cli import build_parser
    from veracity.limits import MAX_INPUT_BYTES

    parser = build_parser()
    for argv in (["analyze", "x"], ["add", "x"], ["batch", "x"]):
        assert parser.parse_args(argv).max_bytes == MAX_INPUT_BYTES
        assert parser.parse_args([*argv, "--max-bytes", "5"]).max_bytes == 5


def test_a_max_bytes_below_one_is_a_usage_error(capsys: pytest.CaptureFixture[str], story: Path) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["analyze", str(story), "--max-bytes", "0"])
    assert exited.value.code == 2 and "--max-bytes: must be at least 1, not 0" in capsys.readouterr().err


def test_a_reader_that_stops_early_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """`veracity search … | head -1` printed an internal error (BrokenPipeError) once head had gone."""
    import io
    import os

    story = tmp_path / "story.txt"
    story.write_text('"We will not close the library," Mayor Ana Ortiz said on Monday.\n', encoding="utf-8")
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has gone: every write now fails with EPIPE
    gone = io.TextIOWrapper(io.FileIO(write_end, "w"), write_through=True)
    monkeypatch.setattr("sys.stdout", gone)
    assert main(["analyze", str(story), "--format", "text"]) == 0
    assert "internal error" not in capsys.readouterr().err
