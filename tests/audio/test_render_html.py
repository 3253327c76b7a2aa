"""The HTML recording dossier: every section drawn when the report has it and left out when not, hostile
strings from the file or the article escaped, the spectrogram a valid PNG of the promised size, nothing fetched.

The report comes from a real ``listen()`` run on the LJSpeech clip with a written article; the sections other
checks add (provenance, bandwidth, indicators, speakers, re-check) are filled with realistic values.
"""

from __future__ import annotations

import base64
import copy
import re
import struct
import zlib
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from veracity.audio.spectrogram import compute_spectrogram, encode_png, palette
from veracity.report.recording_html import PICTURE_HEIGHT, PICTURE_WIDTH, render_recording_html, style_hash

pytestmark = pytest.mark.integration
CLIP = Path(__file__).resolve().parents[1] / "fixtures" / "audio" / "clip.wav"
ARTICLE = """The printer's notes

"Printing, in the only sense with which we are at present concerned," the narrator said.

"Printing, in every sense with which we are concerned," the narrator added, according to the newspaper.

"We have never printed a single book," the narrator said.
"""
HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="alert(1)"> https://evil.example/'


def _sections() -> dict[str, Any]:
    """The sections other checks add, with values of the kind they report."""
    return {
        "provenance": {"state": "absent", "trusted": None, "signer": None, "issuer": None, "signed_at": None,
                       "claim_generator": None, "title": None, "actions": [], "ingredients": [],
                       "validation_errors": [], "trust_list": None,
                       "note": "No C2PA manifest: this proves nothing, as any re-mux strips it."},
        "bandwidth": {"sample_rate": 16000, "nyquist_hz": 8000, "measured_cutoff_hz": 7812.5,
                      "expected_cutoff_hz": 8000, "sharp_cutoff": False, "findings": [],
                      "analysed_seconds": 4.3, "note": "Measured on the file at its own sample rate."},
        "editing": {"indicators": [
            {"name": "ENF presence", "flagged": False, "score": 0.08, "threshold": 0.3, "at_seconds": [],
             "false_alarm_rate": 0.04, "detection_rate": 0.61, "measured_by": "benchmarks/splices.py",
             "detail": "no 50/60 Hz hum found", "note": "Many recordings have none."},
            {"name": "discontinuities", "flagged": True, "score": 0.72, "threshold": 0.5, "at_seconds": [1.62, 3.1],
             "false_alarm_rate": 0.083, "detection_rate": 0.7, "measured_by": "benchmarks/splices.py",
             "detail": "two abrupt changes of the noise floor", "note": "A cut or a door closing look alike."},
        ], "note": "Indicators of editing, each with its measured false-alarm rate."},
        "synthetic_voice": {"score": 0.31, "threshold": 0.5, "flagged": False,
                            "windows": [{"start": 0.0, "end": 2.0, "score": 0.28}, {"start": 2.0, "end": 4.3,
                                                                                    "score": 0.34}],
                            "model": "veracity synthetic-voice v1",
                            "measured": {"eer_unseen_generator": {"espeak-ng": 0.12, "flite": 0.21, "festival": 0.18,
                                                                  "mean": 0.17},
                                         "eer_unseen_real_voices": 0.09, "eer_in_domain": 0.02,
                                         "aasist_baseline": {"eer_unseen_generator": 0.38},
                                         "benchmark": "benchmarks/synthetic_voice.py", "date": "2026-11-26"},
                            "note": "An indicator, not a verdict: out-of-domain error rates are shown beside it."},
        "speakers": {"model": "Resemblyzer", "speakers": [{"label": "Speaker 1", "seconds": 2.0},
                                                          {"label": "Speaker 2", "seconds": 1.86}],
                     "turns": [{"speaker": "Speaker 1", "start": 0.0, "end": 2.0},
                               {"speaker": "Speaker 2", "start": 2.0, "end": 3.86}],
                     "segment_speakers": ["Speaker 1"], "threshold": 0.75, "note": "Voices told apart, not named."},
    }


@pytest.fixture(scope="module")
def base_report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from veracity.audio.listen import listen

    article = tmp_path_factory.mktemp("article") / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    return listen(CLIP, article=article, published="2026-11-20").to_dict()


@pytest.fixture
def full_report(base_report: dict[str, Any]) -> dict[str, Any]:
    report = copy.deepcopy(base_report)
    report["recording"].update(_sections())
    report["recording"]["not_checked"] = ["editing indicators (ENF, discontinuities, MP3 frame grid)"]
    for check in report["quotes"]["checks"]:
        check["recheck"] = {"ran": True, "engine": "pocketsphinx", "supported": ["printing"], "not_supported": []}
    return report


@pytest.fixture(scope="module")
def spectrogram() -> Any:
    return compute_spectrogram(CLIP, width=PICTURE_WIDTH, height=PICTURE_HEIGHT)


class _Collector(HTMLParser):
    """Every tag and attribute on the page, and its text, to check what the browser would see."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(page: str) -> _Collector:
    parser = _Collector()
    parser.feed(page)
    return parser


def _ids(page: str) -> set[str]:
    return {attrs["id"] for _, attrs in _parse(page).tags if attrs.get("id")}


def test_the_listened_report_has_the_quotes_this_test_relies_on(base_report: dict[str, Any]) -> None:
    verdicts = [check["verdict"] for check in base_report["quotes"]["checks"]]
    assert verdicts[0] in ("verbatim", "faithful") and "altered" in verdicts and "not_found" in verdicts


def test_every_section_is_drawn_when_the_report_has_it(full_report: dict[str, Any], spectrogram: Any) -> None:
    page = render_recording_html(full_report, spectrogram=spectrogram)
    ids = _ids(page)
    for section in ("not-checked-title", "picture-title", "identity-title", "provenance-title", "bandwidth-title",
                    "indicators-title", "quotes-title", "speakers-title", "transcript-title"):
        assert section in ids, section
    text = " ".join(_parse(page).text)
    recording = full_report["recording"]
    assert recording["sha256"] in text and "pcm_s16le" in text and "Linda Johnson" in text and "2017-07-05" in text
    assert "any re-mux strips it" in text and "7812 Hz" in text
    assert "indicators, not verdicts" in text and "8.3 %" in text and "17.0 %" in text  # FAR and mean EER beside
    assert "ALTERED" in text and "not found" in text and "pocketsphinx" in text
    assert "Speaker 1" in text and "Printing, in the only sense" in text
    for item in recording["not_checked"]:
        assert item in text


def test_each_quote_links_to_where_it_sits_and_marks_its_differences(full_report: dict[str, Any],
                                                                     spectrogram: Any) -> None:
    page = render_recording_html(full_report, spectrogram=spectrogram)
    tags = _parse(page).tags
    ids = _ids(page)
    checks = full_report["quotes"]["checks"]
    links = [attrs["href"] for tag, attrs in tags if tag == "a" and attrs.get("href", "").startswith("#")]
    located = [i for i, check in enumerate(checks) if check["start"] is not None]
    assert located
    for i in located:
        assert f"#quote-{i + 1}" in links, "a mark on the spectrogram leads to the quote"
        assert f"quote-{i + 1}" in ids
    assert all(link[1:] in ids for link in links), "every in-page link has a target"
    assert "#seg-1" in links and "seg-1" in ids
    altered = next(i for i, check in enumerate(checks) if check["verdict"] == "altered")
    article = re.search(rf'<article[^>]*id="quote-{altered + 1}".*?</article>', page, re.S)
    assert article is not None
    statuses = {w["status"] for w in checks[altered]["words"]} - {"exact"}
    assert statuses and all(f"w-{status}" in article.group(0) for status in statuses)
    assert "How it was altered" in article.group(0)
    marks = [attrs for tag, attrs in tags if tag == "rect" and "qm" in (attrs.get("class") or "")]
    assert len(marks) == len(located)
    first = checks[located[0]]
    x = float(marks[0]["x"] or 0)
    assert x == pytest.approx(first["start"] / full_report["recording"]["duration_seconds"] * PICTURE_WIDTH, abs=1)


def test_sections_the_report_lacks_are_left_out(base_report: dict[str, Any]) -> None:
    bare = copy.deepcopy(base_report)
    del bare["quotes"]
    for section in ("provenance", "bandwidth", "editing", "synthetic_voice", "speakers"):
        bare["recording"].pop(section, None)
    bare["recording"]["not_checked"] = ["speaker turns", "printed quotes against the recording"]
    page = render_recording_html(bare)
    ids = _ids(page)
    for section in ("provenance-title", "bandwidth-title", "indicators-title", "quotes-title", "speakers-title"):
        assert section not in ids, section
    assert {"not-checked-title", "identity-title", "transcript-title"} <= ids
    assert "The spectrogram was not drawn" in page
    segments = [attrs for tag, attrs in _parse(page).tags if tag == "li" and (attrs.get("id") or "").startswith("seg-")]
    assert len(segments) == len(bare["recording"]["transcript"]["segments"])
    assert all("spoken" not in (attrs.get("class") or "") for attrs in segments), "no speaker colour without speakers"


def test_nothing_left_unchecked_means_no_not_checked_box(full_report: dict[str, Any]) -> None:
    report = copy.deepcopy(full_report)
    report["recording"]["not_checked"] = []
    assert "not-checked-title" not in _ids(render_recording_html(report))


def test_tags_ffmpeg_and_the_native_reader_agree_on_are_listed_once(full_report: dict[str, Any]) -> None:
    report = copy.deepcopy(full_report)
    container = report["recording"]["container"]
    container["tags"] = {"title": "Leaked remark", "encoder": "Lavf62"}
    container["native_tags"] = {"TITLE": "Leaked remark", "description": "made by a script"}
    page = render_recording_html(report)
    assert page.count("<td>Leaked remark</td>") == 1 and "<td>made by a script</td>" in page


def test_a_missing_manifest_is_said_to_prove_nothing_even_without_a_note(full_report: dict[str, Any]) -> None:
    report = copy.deepcopy(full_report)
    report["recording"]["provenance"] = {"state": "absent", "trusted": None}
    assert "A missing manifest proves nothing" in render_recording_html(report)


def test_an_unmeasured_synthetic_voice_error_rate_is_said_plainly(full_report: dict[str, Any]) -> None:
    report = copy.deepcopy(full_report)
    report["recording"]["synthetic_voice"]["measured"] = {}
    assert "read the score with no known error rate" in render_recording_html(report)


def test_indicators_are_named_in_words_not_by_their_ids(full_report: dict[str, Any]) -> None:
    """Issue 18's page review: the recording page showed `enf_presence`, `sample_discontinuity`."""
    report = copy.deepcopy(full_report)
    editing = report["recording"]["editing"]
    editing["indicators"][0]["name"], editing["indicators"][1]["name"] = "enf_presence", "sample_discontinuity"
    editing["not_computed"] = [{"name": "mp3_frame_grid", "reason": "not an MP3 file"}]
    text = " ".join(_parse(render_recording_html(report)).text)
    assert "Mains hum (ENF) present" in text and "Sample jump (splice)" in text and "MP3 frame break" in text
    assert "enf_presence" not in text and "sample_discontinuity" not in text and "mp3_frame_grid" not in text


def test_a_section_with_missing_keys_and_a_null_score_still_renders(full_report: dict[str, Any]) -> None:
    report = copy.deepcopy(full_report)
    report["recording"]["synthetic_voice"] = {"score": None, "threshold": 0.5, "flagged": False, "note": "too short",
                                              "reason": "no speech long enough to score"}
    report["recording"]["editing"] = {"indicators": [{"name": "MP3 frame grid", "flagged": False}], "not_computed": [
        {"name": "mp3_double_compression", "reason": "not an MP3 file: the double-compression cue reads MP3 frames"}]}
    report["recording"]["provenance"] = {"state": "tampered", "validation_errors": [
        {"code": "assertion.dataHash.mismatch", "explanation": "the audio changed after signing"}]}
    page = render_recording_html(report)
    assert "not scored: no speech long enough to score" in page and "MP3 frame grid" in page
    assert "not measured" in page and "MP3 encoded twice</strong>: not an MP3 file" in page
    assert "assertion.dataHash.mismatch" in page and "state-tampered" in page


def test_speaker_turns_colour_the_transcript_and_the_strip(full_report: dict[str, Any], spectrogram: Any) -> None:
    page = render_recording_html(full_report, spectrogram=spectrogram)
    tags = _parse(page).tags
    turns = [attrs["class"] for tag, attrs in tags if tag == "rect" and "turn" in (attrs.get("class") or "")]
    assert turns == ["turn sp-0", "turn sp-1"]
    segment = next(attrs for tag, attrs in tags if tag == "li" and attrs.get("id") == "seg-1")
    assert "sp-0" in (segment["class"] or "")


def test_hostile_strings_from_the_file_and_the_article_are_escaped(full_report: dict[str, Any],
                                                                   spectrogram: Any) -> None:
    report = copy.deepcopy(full_report)
    recording = report["recording"]
    recording["source"] = HOSTILE
    recording["container"]["tags"]["title"] = HOSTILE
    recording["container"]["tags"][HOSTILE] = "key too"
    recording["container"]["encoders"] = [HOSTILE]
    recording["container"]["created"] = [{"tag": HOSTILE, "value": HOSTILE}]
    recording["transcript"]["segments"][0]["text"] = HOSTILE
    recording["speakers"]["segment_speakers"] = [HOSTILE]
    recording["speakers"]["turns"][0]["speaker"] = HOSTILE
    recording["provenance"].update(state=HOSTILE, signer=HOSTILE, actions=[{"action": HOSTILE, "when": HOSTILE,
                                                                            "software": HOSTILE}])
    recording["bandwidth"]["findings"] = [{"kind": HOSTILE, "detail": HOSTILE}]
    recording["editing"]["indicators"][0]["name"] = HOSTILE
    recording["synthetic_voice"].update(model=HOSTILE, score=None, reason=HOSTILE)
    recording["editing"]["not_computed"] = [{"name": HOSTILE, "reason": HOSTILE}]
    recording["not_checked"].append(HOSTILE)
    report["quotes"]["article"] = HOSTILE
    for check in report["quotes"]["checks"]:
        check.update(printed=HOSTILE, heard=HOSTILE, speaker=HOSTILE, how=[HOSTILE], verdict=HOSTILE)
        for word in check["words"]:
            word.update(printed=HOSTILE, heard=HOSTILE, status=HOSTILE)
        check["recheck"] = {"ran": True, "engine": HOSTILE, "supported": [HOSTILE], "not_supported": [HOSTILE]}
    page = render_recording_html(report, spectrogram=spectrogram)
    assert "<script" not in page.lower() and "<img" not in page.lower()
    tags = _parse(page).tags
    assert {tag for tag, _ in tags} <= {"html", "head", "meta", "title", "style", "body", "a", "header", "p", "h1",
                                        "dl", "div", "dt", "dd", "code", "section", "h2", "ul", "li", "figure", "svg",
                                        "image", "rect", "line", "text", "figcaption", "table", "caption", "thead",
                                        "tr", "th", "tbody", "td", "span", "strong", "h3", "details", "summary",
                                        "article", "ins", "del", "ol", "footer"}
    for _, attrs in tags:
        for name, value in attrs.items():
            assert not name.startswith("on")
            assert not (value or "").lower().startswith(("javascript:", "http")), (name, value)
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page


def test_the_page_fetches_nothing_and_runs_no_script(full_report: dict[str, Any], spectrogram: Any) -> None:
    report = copy.deepcopy(full_report)
    report["recording"]["container"]["tags"]["comment"] = "see https://example.org/original"
    page = render_recording_html(report, spectrogram=spectrogram)
    urls = re.findall(r"https?://[^\s\"'<>]+", page)
    assert urls == ["https://example.org/original"], "the only URL is the file's own tag, shown as text"
    for tag, attrs in _parse(page).tags:
        for name in ("href", "src"):
            value = attrs.get(name) or ""
            assert not value or value.startswith(("#", "data:image/png;base64,")), (tag, name, value)
    assert "<script" not in page and "<link" not in page and "@import" not in page and " style=" not in page


def test_the_style_hash_admits_exactly_the_inline_style_sheet(full_report: dict[str, Any]) -> None:
    import hashlib

    page = render_recording_html(full_report)
    sheet = re.search(r"<style>(.*?)</style>", page, re.S)
    assert sheet is not None and page.count("<style") == 1
    digest = base64.b64encode(hashlib.sha256(sheet.group(1).encode("utf-8")).digest()).decode()
    assert style_hash() == f"'sha256-{digest}'"


def _png_chunks(data: bytes) -> dict[bytes, bytes]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks: dict[bytes, bytes] = {}
    at = 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at:at + 4])
        kind, body = data[at + 4:at + 8], data[at + 8:at + 8 + length]
        (crc,) = struct.unpack(">I", data[at + 8 + length:at + 12 + length])
        assert crc == zlib.crc32(kind + body) & 0xFFFFFFFF, kind
        chunks[kind] = chunks.get(kind, b"") + body
        at += 12 + length
    return chunks


def test_the_embedded_spectrogram_is_a_valid_png_of_the_promised_size(full_report: dict[str, Any],
                                                                       spectrogram: Any) -> None:
    page = render_recording_html(full_report, audio_path=CLIP)
    uri = re.search(r'href="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert uri is not None
    chunks = _png_chunks(base64.b64decode(uri.group(1)))
    width, height, depth, colour, *_ = struct.unpack(">IIBBBBB", chunks[b"IHDR"])
    assert (width, height, depth, colour) == (PICTURE_WIDTH, PICTURE_HEIGHT, 8, 3)
    rows = np.frombuffer(zlib.decompress(chunks[b"IDAT"]), dtype=np.uint8).reshape(height, width + 1)
    assert (rows[:, 0] == 0).all()
    assert np.array_equal(rows[:, 1:], spectrogram.pixels)
    assert len(chunks[b"PLTE"]) == 256 * 3


def test_speech_is_louder_than_the_silence_around_it(spectrogram: Any, base_report: dict[str, Any]) -> None:
    words = base_report["recording"]["transcript"]["segments"][0]["words"]
    seconds = spectrogram.duration_seconds

    def column(t: float) -> int:
        return min(spectrogram.width - 1, int(t / seconds * spectrogram.width))

    speech = spectrogram.pixels[:, column(words[3]["start"]):column(words[5]["end"])].mean()
    tail = spectrogram.pixels[:, column(words[-1]["end"] + 0.1):].mean()
    assert speech > tail + 20


def test_a_long_recording_keeps_its_width_and_its_time_axis(tmp_path: Path) -> None:
    import av

    rate, seconds = 8000, 600  # ten minutes of 8 kHz telephone-rate audio: 4.7 million frames to pool into 960
    path = tmp_path / "long.wav"
    with av.open(str(path), "w") as container:
        stream = container.add_stream("pcm_s16le", rate=rate, layout="mono")
        t = np.arange(rate * 10) / rate
        for block in range(seconds // 10):
            # silence for the first half, then a 1 kHz tone: the tone's start must land mid-image
            tone = 0.5 * np.sin(2 * np.pi * 1000 * t) if block >= seconds // 20 else np.zeros_like(t)
            frame = av.AudioFrame.from_ndarray((tone * 32767).astype(np.int16)[None, :], format="s16", layout="mono")
            frame.sample_rate = rate
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    picture = compute_spectrogram(path, width=PICTURE_WIDTH, height=PICTURE_HEIGHT)
    assert picture.pixels.shape == (PICTURE_HEIGHT, PICTURE_WIDTH)
    assert picture.duration_seconds == pytest.approx(seconds, abs=0.1)
    loud = picture.pixels.max(axis=0) > 128
    onset = int(np.argmax(loud))
    assert abs(onset - PICTURE_WIDTH // 2) <= 2 and loud[onset:].all() and not loud[:onset].any()
    tone_row = PICTURE_HEIGHT - 1 - int(1000 / 8000 * PICTURE_HEIGHT)
    assert int(np.argmax(picture.pixels[:, -1])) == pytest.approx(tone_row, abs=2)


def test_the_png_encoder_writes_what_it_is_given() -> None:
    indices = (np.arange(12 * 7).reshape(7, 12) % 256).astype(np.uint8)
    chunks = _png_chunks(encode_png(indices, palette()))
    assert struct.unpack(">II", chunks[b"IHDR"][:8]) == (12, 7)
    rows = np.frombuffer(zlib.decompress(chunks[b"IDAT"]), dtype=np.uint8).reshape(7, 13)
    assert np.array_equal(rows[:, 1:], indices)
