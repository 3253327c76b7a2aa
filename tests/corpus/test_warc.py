"""WARC web archives as ``veracity add`` input: one document per HTML response, a broken record reported."""

from __future__ import annotations

import gzip
import io
import re
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from veracity.corpus.inputs import iter_inputs

pytestmark = pytest.mark.unit

PAGE = ("<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{body}</p>"
        "<p>More words follow here so that the extractor keeps this paragraph as article prose.</p>"
        "</article></body></html>")


def warc_bytes(pages: list[tuple[str, str, str]], gz: bool) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gz)
    for url, title, body in pages:
        html = PAGE.format(title=title, body=body).encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html),
                                                      http_headers=headers))
    image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://x.example/a.png", "response",
                                                  payload=io.BytesIO(b"\x89PNG"), http_headers=image))
    return buffer.getvalue()


PAGES = [("https://news.example/1", "Hale denies call", '"There was no call," Hale said on Monday in a statement.'),
         ("https://news.example/2", "Varga responds", '"The recording is fake," Varga told reporters in Nordburg.')]


@pytest.mark.parametrize("gz", [False, True])
def test_each_html_response_is_one_document_with_its_url(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    path.write_bytes(warc_bytes(PAGES, gz))
    loaded = list(iter_inputs([str(path)]))
    assert [item.source for item in loaded] == [f"{path}#1", f"{path}#2"]  # the image is skipped
    assert [item.document.metadata.url for item in loaded if item.document] == [u for u, _, _ in PAGES]
    assert "There was no call" in loaded[0].document.text


def test_a_broken_record_is_reported_and_the_records_before_it_kept(tmp_path: Path) -> None:
    good = warc_bytes(PAGES[:1], gz=False)
    path = tmp_path / "broken.warc"
    path.write_bytes(good + b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\n<html>cut")
    loaded = list(iter_inputs([str(path)]))
    assert loaded[0].document is not None
    assert loaded[-1].error is not None and "broken WARC record" in loaded[-1].error


@pytest.mark.parametrize("gz", [False, True])
def test_a_warc_cut_anywhere_after_its_first_record_says_so_in_words(tmp_path: Path, gz: bool) -> None:
    """Cut inside a header, warcio fails with "AttributeError: 'NoneType' object has no attribute
    'startswith'"; the reason says what is wrong with the file instead, once, without repeating the path."""
    data = warc_bytes(PAGES, gz)
    first = len(warc_bytes(PAGES[:1], gz)) - len(warc_bytes([], gz))  # the first record, whole
    path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    reasons = set()
    for cut in range(first + 1, len(data), 9):
        path.write_bytes(data[:cut])
        loaded = list(iter_inputs([str(path)]))
        assert loaded[0].document is not None and loaded[0].source == f"{path}#1"
        reasons.update(item.error for item in loaded[1:] if item.error)
    broken = {r for r in reasons if r.startswith("broken WARC record")}
    assert broken, reasons
    for reason in broken:
        assert re.match(r"broken WARC record after record [12]: [a-z]", reason), reason
        assert reason.endswith("; the records before it were kept")
        assert "Error" not in reason and "NoneType" not in reason and str(path) not in reason


def test_a_gzip_that_is_not_a_warc_is_an_error_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "fake.warc.gz"
    path.write_bytes(gzip.compress(b"just some text, no WARC headers at all"))
    (item,) = list(iter_inputs([str(path)]))
    assert item.document is None and "no HTML or text response records" in (item.error or "")
