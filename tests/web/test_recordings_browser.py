"""End to end: the recording panel in headless Chromium against `veracity serve` (skip rules as test_browser).

A recording whose file name carries markup and an article whose quotes carry a script are uploaded through
the form; the panel shows the transcript, each quote with its verdict and where it sits, and runs nothing.
The self-contained HTML dossier is opened too, under its own Content-Security-Policy, to see that the policy
admits its style sheet (a blocked sheet would leave the page unstyled).
"""

from __future__ import annotations

import json
import re
import shutil
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_browser import _open, _wait, browser_ready, driver, shots  # noqa: F401
from web_helpers import call as _call
from web_helpers import running_server

pytestmark = pytest.mark.integration
CLIP = Path(__file__).resolve().parents[1] / "fixtures" / "audio" / "clip.wav"
RESULTS = Path(__file__).resolve().parents[2] / "benchmarks" / "RESULTS.md"
HOSTILE_NAME = "<img src=x onerror=window.__xss=1>leak.wav"
ARTICLE = ('"Printing, in the only sense with which we are at present concerned," the narrator said.\n\n'
           '"<script>window.__xss=1</script> we never printed a single book," the narrator said.\n')
WAIT_S = 180


def _uploaded_clip(base: str) -> str:
    """POST the clip to /recordings, wait for its job, and return the report's path."""
    request = urllib.request.Request(base + "/recordings", method="POST")
    boundary = "----veracity-test"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"clip.wav\"\r\n"
            "Content-Type: audio/wav\r\n\r\n").encode() + CLIP.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
    request.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
    with urllib.request.urlopen(request, data=body, timeout=WAIT_S) as answer:
        accepted = json.loads(answer.read())
    job = accepted["job"]
    while job["status"] not in ("done", "failed"):
        time.sleep(0.3)
        job = _call(base, f"/jobs/{job['id']}")
    assert job["status"] == "done", job
    return str(accepted["recording"])


@pytest.fixture(scope="module")
def served(browser_ready: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:  # noqa: F811
    """`veracity serve` over an empty store; the recording routes need no stored story."""
    with running_server(tmp_path_factory.mktemp("served-recordings"), lambda health: health["status"] == "ok") as base:
        yield base


def test_an_uploaded_recording_shows_its_panel_and_runs_nothing(served: str, driver: Any, shots: Path,  # noqa: F811
                                                                 tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    upload = tmp_path / HOSTILE_NAME
    shutil.copyfile(CLIP, upload)
    _open(driver, served + "/")
    _wait(driver, "#recording-file").send_keys(str(upload))
    driver.execute_script("document.getElementById('recording-article').value = arguments[0];", ARTICLE)
    driver.execute_script("document.getElementById('recording-published').value = '2026-11-20';")
    driver.find_element(By.ID, "recording-button").click()
    _wait(driver, "#recording-transcript li")

    assert driver.find_element(By.ID, "recording-title").text == "upload:" + HOSTILE_NAME
    assert "printing" in driver.find_element(By.ID, "recording-transcript").text.lower()
    checks = driver.find_elements(By.CSS_SELECTOR, "#recording-quotes-body .quote-check")
    assert len(checks) == 2
    verdicts = [c.find_element(By.CSS_SELECTOR, ".badge.verdict").text for c in checks]
    assert verdicts[0].lower() in ("verbatim", "faithful") and verdicts[1].lower() == "not found"
    assert "<script>window.__xss=1</script>" in checks[1].text
    recording_id = driver.execute_script("return location.hash").rsplit("/", 1)[-1]
    not_checked = _call(served, f"/recordings/{recording_id}")["recording"]["not_checked"]
    box = driver.find_element(By.ID, "recording-not-checked")
    assert box.is_displayed() == bool(not_checked) and all(item in box.text for item in not_checked)
    assert driver.find_elements(By.CSS_SELECTOR, "#view-recording script, #view-recording img[src^='x'], "
                                                 "#recording-title img") == []
    WebDriverWait(driver, WAIT_S).until(lambda d: (d.find_element(By.CSS_SELECTOR, ".picture-frame img")
                                                   .get_attribute("src") or "").startswith("data:image/png"))
    image = driver.find_element(By.CSS_SELECTOR, ".picture-frame img")
    assert driver.execute_script("return arguments[0].naturalWidth", image) == 960

    # Keyboard: a quote's mark on the spectrogram takes the reader to the quote.
    mark = driver.find_element(By.CSS_SELECTOR, ".picture-frame a.quote-mark")
    driver.execute_script("arguments[0].focus();", mark)
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    assert driver.switch_to.active_element.get_attribute("id") == "rq-1"
    assert driver.execute_script("return window.__xss === undefined")
    driver.save_screenshot(str(shots / "web-recording.png"))

    # 200 % zoom on a laptop: 640 CSS pixels, no sideways scrolling.
    driver.set_window_size(640, 900)
    try:
        assert driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")
    finally:
        driver.set_window_size(1280, 900)

    # The full dossier under its own policy: styled (the hash admits the sheet), still nothing run.
    _open(driver, f"{served}/recordings/{recording_id}/view")
    heading = _wait(driver, "header.masthead")
    assert heading.value_of_css_property("border-bottom-style") == "solid"
    assert driver.find_element(By.CSS_SELECTOR, "svg.spectrogram image").get_attribute("href").startswith("data:")
    assert "upload:" + HOSTILE_NAME in driver.find_element(By.TAG_NAME, "h1").text
    # Keyboard, in the sandboxed page: a quote's box on the spectrogram is a link to the quote.
    box_link = driver.find_element(By.CSS_SELECTOR, "svg.spectrogram a")
    driver.execute_script("arguments[0].focus();", box_link)
    assert driver.switch_to.active_element == box_link
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    assert driver.execute_script("return location.hash") == "#quote-1"
    assert driver.execute_script("return window.__xss === undefined")


def test_the_full_dossier_fits_200_percent_zoom_with_every_section(served: str, driver: Any,  # noqa: F811
                                                                   tmp_path: Path) -> None:
    """Every section the other checks add, long names included, in 640 CSS pixels without sideways scrolling."""
    from selenium.webdriver.common.by import By

    from veracity.report.recording_html import render_recording_html

    report = _call(served, _uploaded_clip(served))
    long = "an-indicator-with-a-very-long-name-that-does-not-break-" * 3
    report["recording"].update(
        provenance={"state": "valid", "trusted": False, "signer": long, "actions": [{"action": "c2pa.edited",
                                                                                      "when": None, "software": long}]},
        bandwidth={"sample_rate": 44100, "nyquist_hz": 22050, "measured_cutoff_hz": 16000.0,
                   "expected_cutoff_hz": 22050, "sharp_cutoff": True, "findings": [{"kind": "lowpass", "detail": long}],
                   "analysed_seconds": 4.3},
        editing={"indicators": [{"name": long, "flagged": True, "score": 0.9, "threshold": 0.5,
                                 "at_seconds": [1.0, 2.0], "false_alarm_rate": 0.05, "detection_rate": 0.8,
                                 "measured_by": long, "detail": long}]},
        synthetic_voice={"score": 0.2, "threshold": 0.5, "flagged": False, "windows": [], "model": long,
                         "measured": {"eer_unseen_generator": {long: 0.2, "mean": 0.2}}},
        speakers={"speakers": [{"label": "Speaker 1", "seconds": 4.3}], "segment_speakers": ["Speaker 1"],
                  "turns": [{"speaker": "Speaker 1", "start": 0.0, "end": 4.3}]})
    page = tmp_path / "dossier.html"
    page.write_text(render_recording_html(report, CLIP), encoding="utf-8")
    driver.set_window_size(640, 900)
    try:
        _open(driver, page.as_uri())
        _wait(driver, "#indicators-title")
        assert driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")
        assert driver.find_elements(By.CSS_SELECTOR, "#provenance-title, #bandwidth-title, #speakers-title")
    finally:
        driver.set_window_size(1280, 900)


def test_indicators_and_dates_are_named_in_words_with_their_tested_rates(served: str,  # noqa: F811
                                                                         driver: Any) -> None:  # noqa: F811
    """Review: the panel showed ids (``sample_discontinuity``) and "Date tag date" to a journalist."""
    from selenium.webdriver.common.by import By

    path = _uploaded_clip(served)
    editing = _call(served, path)["recording"]["editing"]
    assert editing["indicators"] and editing["not_computed"]
    _open(driver, served + "/#" + path.replace("/recordings/", "/recording/"))
    _wait(driver, "#recording-transcript li")

    names = driver.find_elements(By.CSS_SELECTOR, "#recording-indicators-body tbody td:first-child .indicator > strong")
    assert len(names) == len(editing["indicators"])
    assert "Sample jump (splice)" in [name.text for name in names]
    skipped = driver.find_elements(By.CSS_SELECTOR, "#recording-indicators-body li > strong")
    assert len(skipped) == len(editing["not_computed"])
    assert all(name.text and "_" not in name.text for name in [*names, *skipped])
    meanings = driver.find_elements(By.CSS_SELECTOR, "#recording-indicators-body .indicator .meaning")
    assert len(meanings) == len(names) and all(m.text for m in meanings)

    # Each measured figure is the one benchmarks/RESULTS.md states, as it states it.
    notes = [n.text for n in driver.find_elements(By.CSS_SELECTOR, "#view-recording .tested")]
    assert len(notes) >= len(names) and all(n.startswith("tested:") for n in notes)
    results = RESULTS.read_text(encoding="utf-8")
    figures = {f for note in notes for f in re.findall(r"\d+(?:\.\d+)?(?:-\d+)?", note)}
    assert {"0.042", "0.060"} <= figures and not [f for f in figures if f not in results]

    claims = driver.find_element(By.ID, "recording-claims").text
    assert "Date (file metadata)" in claims and "Date tag" not in claims
