"""Issue 19's "done when": a story in the store shows its recording, and `veracity search` finds words said on
the tape. The leaked-remark fixture is examined once, kept with the article that quotes it, then searched,
added again (nothing examined), linked to a second story and read back through the web API."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from veracity.cli import main
from veracity.ingest.sources import content_hash as file_sha256
from veracity.store import open_store

pytestmark = pytest.mark.integration

AUDIO = Path(__file__).resolve().parents[1] / "fixtures" / "audio"
LEAK = AUDIO / "leak.flac"
ARTICLE = AUDIO / "leak-article.txt"
SECOND = ('Halvorsen was heard saying: "I would never order a strike without the approval of Congress." '
          "His office did not comment.")


@pytest.fixture(scope="module")
def kept(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A store holding the leak, linked to the article, and what `veracity add` printed."""
    import contextlib
    import io

    store = tmp_path_factory.mktemp("kept") / "store.db"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["add", str(LEAK), "--article", str(ARTICLE), "--published", "2026-11-20", "--store", str(store)])
    assert code == 0, out.getvalue()
    return store, out.getvalue()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_recording_is_kept_with_the_story_and_its_quotes_checked(kept: tuple[Path, str]) -> None:
    store_path, printed = kept
    sha = file_sha256(LEAK)
    assert f"recording {sha[:12]} added" in printed and "added 1, unchanged 0, failed 0" in printed
    with open_store(store_path, create=False) as store:
        story = store.find_document(str(ARTICLE))
        assert story is not None
        (link,) = store.recordings_of(story.id)
        verdicts = sorted(check["verdict"] for check in link.checks)
        # leak-article.txt prints one line verbatim, one with a marked edit, one altered (the elision that
        # drops "never"), one never said, and the spokeswoman's two claims ("the recording could be fake and
        # that no such dinner took place"), paraphrases not checked: see test_leak_dossier.py.
        assert verdicts == ["altered", "faithful", "not_checked", "not_checked", "not_found", "verbatim"]
        assert link.duration == pytest.approx(21.2, abs=0.2)
        report = store.recording(sha)
        assert report is not None and report["recording"]["sha256"] == sha


def test_search_finds_words_said_on_the_tape(kept: tuple[Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "approval of Congress", "--store", str(kept[0]), "--mode", "text")
    assert code == 0
    assert "(said on the recording)" in out and "at 0:09–0:13" in out and "[approval]" in out


def test_adding_the_same_bytes_again_examines_nothing(kept: tuple[Path, str], capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the recording was examined again")

    # The module, not the function the package exports under the same name.
    monkeypatch.setattr(importlib.import_module("veracity.audio.listen"), "listen", never)
    copy = tmp_path / "same-bytes-other-name.flac"
    copy.write_bytes(LEAK.read_bytes())
    code, out, _ = run(capsys, "add", str(copy), "--article", str(ARTICLE), "--store", str(kept[0]))
    assert code == 0 and "unchanged" in out and "already linked" in out
    assert "added 0, unchanged 1, failed 0" in out

    second = tmp_path / "second.txt"
    second.write_text(SECOND, encoding="utf-8")
    code, out, err = run(capsys, "add", str(LEAK), "--article", str(second), "--published", "2026-11-21",
                         "--store", str(kept[0]))
    assert code == 0, err
    assert "story" in err and "added" in err  # the new article was analysed and stored
    assert "linked (1 verbatim)" in out  # checked against the stored transcript, not listened to again


def test_a_story_page_and_search_show_the_recording(kept: tuple[Path, str]) -> None:
    from fastapi.testclient import TestClient

    from veracity.web import WebSettings, create_app

    sha = file_sha256(LEAK)
    with open_store(kept[0], create=False) as store:
        story = store.find_document(str(ARTICLE))
    assert story is not None
    app = create_app(WebSettings(store=str(kept[0]), warm_up=False))
    with TestClient(app) as client:
        answer = client.get(f"/dossiers/{story.id}/recordings").json()
        (recording,) = answer["recordings"]
        assert recording["id"] == sha and recording["verdicts"]["altered"] == 1
        assert {check["verdict"] for check in recording["checks"]} >= {"verbatim", "altered", "not_found"}
        heard = client.get("/search", params={"q": "cross that line", "mode": "text"}).json()["heard"]
        assert heard and heard[0]["recording"] == sha and heard[0]["start"] == 0.0
        full = client.get(f"/recordings/stored/{sha}").json()
        assert full["recording"]["sha256"] == sha and full["documents"][0]["doc_id"] == story.id
        assert client.get(f"/recordings/stored/{'0' * 64}").status_code == 404
        assert client.get("/recordings/stored/not-a-hash").status_code == 422
        assert client.get("/dossiers/doc-000000000000/recordings").status_code == 404


def test_bad_recording_inputs_are_one_line_each_and_the_run_goes_on(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = str(tmp_path / "store.db")
    code, out, err = run(capsys, "add", str(AUDIO / "not-audio.mp3"), str(tmp_path / "missing.wav"),
                         str(AUDIO / "truncated.mp3"), "--store", store)
    assert code == 1 and "failed 3" in out
    assert len(err.strip().splitlines()) == 3 and "Traceback" not in err
    assert "missing.wav: no such file" in err
    code, _, err = run(capsys, "add", str(ARTICLE), "--article", str(ARTICLE), "--store", store)
    assert code == 2 and "give the recording too" in err
    code, _, err = run(capsys, "add", str(LEAK), "--article", "doc-ffffffffffff", "--store", store)
    assert code == 2 and "neither a stored document" in err
