"""POST /recordings and the recording's report, view and spectrogram, driven in-process with TestClient.

A real recording (the LJSpeech clip) goes through the real job: decoding, whisper, the quote check; what an
attacker or a careless user can send is refused with the app's usual 413/415/422 problems.
"""

from __future__ import annotations

import base64
import hashlib
import re
import struct
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import client_for
from fastapi.testclient import TestClient
from web_helpers import wait_for_job

from veracity.web.jobs import Job
from veracity.web.recordings import FinishedRecording, RecordingReports

pytestmark = pytest.mark.integration
AUDIO = Path(__file__).resolve().parents[1] / "fixtures" / "audio"
CLIP = AUDIO / "clip.wav"
ARTICLE = ('"Printing, in the only sense with which we are at present concerned," the narrator said.\n\n'
           '"We have never printed a single book," the narrator said.\n')


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with client_for(tmp_path_factory.mktemp("rec") / "store.db", max_upload_bytes=1024 * 1024) as client:
        yield client


def _post(client: TestClient, path: Path, name: str | None = None, **fields: str) -> Any:
    return client.post("/recordings", files={"file": (name or path.name, path.read_bytes(), "audio/wav")},
                       data=fields)


@pytest.fixture(scope="module")
def finished(client: TestClient) -> dict[str, Any]:
    """The clip uploaded with an article quoting it once as said and once as never said."""
    answer = _post(client, CLIP, published="2026-11-20", article=ARTICLE)
    assert answer.status_code == 202, answer.text
    accepted = answer.json()
    assert re.fullmatch(r"rec-[0-9a-f]{16}", accepted["id"]) and accepted["poll"] == f"/jobs/{accepted['job']['id']}"
    job = wait_for_job(client, accepted["job"]["id"])
    assert job["status"] == "done", job
    return {"accepted": accepted, "job": job}


def test_an_uploaded_recording_becomes_a_report(client: TestClient, finished: dict[str, Any]) -> None:
    accepted, job = finished["accepted"], finished["job"]
    assert job["kind"] == "recording" and job["documents"][0]["recording"] == accepted["recording"]
    answer = client.get(accepted["recording"])
    assert answer.status_code == 200
    report = answer.json()
    assert report["kind"] == "veracity.recording"
    recording = report["recording"]
    assert recording["source"] == "upload:clip.wav"
    assert recording["sha256"] == hashlib.sha256(CLIP.read_bytes()).hexdigest()
    assert "printing" in recording["transcript"]["text"].lower()
    assert tempfile.gettempdir() not in answer.text, "no server path leaks into the report"
    verdicts = [check["verdict"] for check in report["quotes"]["checks"]]
    assert verdicts[0] in ("verbatim", "faithful") and verdicts[-1] == "not_found"
    assert report["quotes"]["article"] == "web:text"


def test_the_view_is_the_html_dossier_under_a_policy_that_admits_only_its_style(client: TestClient,
                                                                                  finished: dict[str, Any]) -> None:
    answer = client.get(finished["accepted"]["view"])
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    page = answer.text
    assert "Printed quotes against the recording" in page and "upload:clip.wav" in page
    policy = answer.headers["content-security-policy"]
    sheet = re.search(r"<style>(.*?)</style>", page, re.S)
    assert sheet is not None
    digest = base64.b64encode(hashlib.sha256(sheet.group(1).encode()).digest()).decode()
    assert f"style-src 'self' 'sha256-{digest}'" in policy
    assert "script-src 'self'" in policy and "img-src 'self' data:" in policy and policy.endswith("; sandbox")
    assert "unsafe-inline" not in policy and "<script" not in page


def test_the_spectrogram_is_served_as_a_png(client: TestClient, finished: dict[str, Any]) -> None:
    answer = client.get(finished["accepted"]["spectrogram"])
    assert answer.status_code == 200 and answer.headers["content-type"] == "image/png"
    assert answer.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", answer.content[16:24]) == (960, 160)


def test_the_temporary_copy_is_removed_after_the_job(client: TestClient, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    answer = _post(client, CLIP)
    assert answer.status_code == 202
    assert wait_for_job(client, answer.json()["job"]["id"])["status"] == "done"
    assert not list(tmp_path.glob("veracity-recording-*"))
    assert client.get(answer.json()["recording"]).json()["recording"]["source"] == "upload:clip.wav"


def test_a_text_file_renamed_wav_is_refused_with_415(client: TestClient, tmp_path: Path) -> None:
    fake = tmp_path / "leak.wav"
    fake.write_text("This is not a recording, only words in a file called leak.wav.\n" * 20, encoding="utf-8")
    answer = _post(client, fake)
    assert answer.status_code == 415
    assert "not a recording" in answer.json()["message"]


def test_a_truncated_recording_is_refused_with_422_naming_the_file(client: TestClient) -> None:
    answer = _post(client, AUDIO / "truncated.mp3")
    assert answer.status_code == 422
    assert answer.json()["fields"][0]["field"] == "file" and "cut short" in answer.json()["message"]


def test_a_recording_over_the_limit_is_refused_with_413(bare_client: TestClient) -> None:
    answer = _post(bare_client, CLIP)  # 137 KB against a 4 KB limit
    assert answer.status_code == 413 and answer.json()["error"] == "payload too large"


@pytest.mark.parametrize(("files", "data", "field"), [
    ({}, {"published": "2026-11-20"}, "file"),
    ({"file": ("empty.wav", b"", "audio/wav")}, {}, "file"),
    ({"file": ("clip.wav", CLIP.read_bytes(), "audio/wav")}, {"published": "last Tuesday"}, "published"),
])
def test_a_missing_or_wrong_field_is_a_422_naming_it(client: TestClient, files: dict, data: dict, field: str) -> None:
    answer = client.post("/recordings", files=files or {"other": ("x.txt", b"x", "text/plain")}, data=data)
    assert answer.status_code == 422, answer.text
    assert answer.json()["fields"][0]["field"] == field


def test_an_article_that_is_not_text_or_html_is_refused(client: TestClient) -> None:
    answer = client.post("/recordings", files={"file": ("clip.wav", CLIP.read_bytes(), "audio/wav"),
                                               "article_file": ("story.pdf", b"%PDF-1.7", "application/pdf")})
    assert answer.status_code == 415 and "article" in answer.json()["message"]


def test_a_json_body_is_not_an_upload(client: TestClient) -> None:
    answer = client.post("/recordings", json={"file": "leak.wav"})
    assert answer.status_code == 415


def test_unknown_and_malformed_ids(client: TestClient) -> None:
    assert client.get("/recordings/rec-0123456789abcdef").status_code == 404
    assert client.get("/recordings/rec-0123456789abcdef/view").status_code == 404
    assert client.get("/recordings/..%2Fetc%2Fpasswd").status_code in (404, 422)
    assert client.get("/recordings/rec-XYZ").status_code == 422


def test_recordings_need_the_token_when_one_is_set(tmp_path: Path) -> None:
    with client_for(tmp_path / "s.db", token="a-long-secret-token") as guarded:
        assert _post(guarded, CLIP).status_code == 401
        assert guarded.get("/recordings/rec-0123456789abcdef").status_code == 401


def test_finished_reports_are_bounded_and_a_running_one_answers_202() -> None:
    reports = RecordingReports(keep=2)
    running = Job("0" * 32, "recording")
    reports.started("rec-" + "a" * 16, running)
    assert reports.get("rec-" + "a" * 16) is running
    for name in "bcd":
        reports.put("rec-" + name * 16, FinishedRecording({"recording": {}}, None))
    assert reports.get("rec-" + "b" * 16) is None, "the oldest finished report was dropped"
    assert isinstance(reports.get("rec-" + "d" * 16), FinishedRecording)
    assert reports.get("rec-" + "a" * 16) is running, "a job under way is not dropped with the reports"


def test_the_upload_is_kept_in_the_store_with_its_article(client: TestClient, finished: dict[str, Any]) -> None:
    """Issue 19: the web upload examined the recording and kept it only in memory. Now it is kept in the store
    as `veracity add leak.mp3 --article story.html` keeps it: the recording under its SHA-256 (its words
    searchable), the uploaded article stored and linked to it with its printed quotes checked."""
    summary = finished["job"]["documents"][0]
    sha = hashlib.sha256(CLIP.read_bytes()).hexdigest()
    assert summary["stored"] == f"/recordings/stored/{sha}"
    stored = client.get(summary["stored"]).json()
    assert stored["recording"]["source"] == "upload:clip.wav" and "quotes" not in stored
    assert stored["recording"]["container"]["file_modified"] is None  # not the temporary copy's time
    assert [d["doc_id"] for d in stored["documents"]] == [summary["document"]]
    verdicts = [check["verdict"] for check in stored["documents"][0]["checks"]]
    assert verdicts[0] in ("verbatim", "faithful") and verdicts[-1] == "not_found"
    story = client.get(f"/dossiers/{summary['document']}/recordings").json()
    assert story["recordings"][0]["id"] == sha
    heard = client.get("/search", params={"q": "printing", "mode": "text"}).json()["heard"]
    assert any(hit["recording"] == sha for hit in heard)
