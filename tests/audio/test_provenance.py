"""C2PA provenance: every state, trust against a supplied list, and files the reader cannot read.

Fixtures come from tests/fixtures/audio/make_c2pa_fixtures.py (signed with the C2PA project's ES256 test key).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from veracity.audio import provenance
from veracity.audio.provenance import read_provenance
from veracity.errors import InputError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "audio"
C2PA = FIXTURES / "c2pa"
SIGNER_CHAIN = C2PA / "es256_certs.pem"
OTHER_ANCHOR = C2PA / "other-anchor.pem"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "audio" / "c2pa"


def test_valid_manifest_reports_signer_actions_and_ingredients() -> None:
    result = read_provenance(C2PA / "signed.wav").to_dict()
    assert result["state"] == "valid"
    assert result["trusted"] is None  # no trust list: who signed is not vouched for
    assert result["signer"] == "C2PA Signer (C2PA Test Signing Cert)"
    assert result["issuer"] == "Intermediate CA (C2PA Test Intermediate Root CA)"
    assert result["claim_generator"] == "veracity-test-fixtures 1"
    assert result["title"] == "signed.wav"
    assert result["actions"] == [{"action": "c2pa.created", "when": "2026-11-26T12:00:00Z",
                                  "software": "Veracity fixture script 1"}]
    assert result["ingredients"] == ["raw-take.wav"]
    assert result["validation_errors"] == []
    assert result["signed_at"] is None  # signed without a time-stamp authority
    assert "time-stamp authority" in result["note"]
    json.dumps(result)  # plain JSON types only


def test_note_says_absence_proves_nothing_and_valid_is_not_truth() -> None:
    note = read_provenance(C2PA / "signed.wav").note
    assert "missing manifest proves nothing" in note
    assert "not that the recording is true" in note
    assert "trust list" in note


def test_trusted_when_the_trust_list_holds_the_signing_anchor() -> None:
    result = read_provenance(C2PA / "signed.wav", trust_list=SIGNER_CHAIN)
    assert (result.state, result.trusted, result.trust_list) == ("valid", True, str(SIGNER_CHAIN))
    assert result.validation_errors == []


def test_not_trusted_against_an_unrelated_anchor() -> None:
    result = read_provenance(C2PA / "signed.wav", trust_list=OTHER_ANCHOR)
    assert (result.state, result.trusted) == ("valid", False)  # intact, but not vouched for by this list
    assert [e["code"] for e in result.validation_errors] == ["signingCredential.untrusted"]
    assert "does not chain" in result.note


def test_audio_changed_after_signing_is_tampered() -> None:
    result = read_provenance(C2PA / "tampered.wav", trust_list=SIGNER_CHAIN)
    assert result.state == "tampered"
    assert result.trusted is True  # the signature still holds; the audio does not match it
    assert "assertion.dataHash.mismatch" in [e["code"] for e in result.validation_errors]
    assert result.signer is not None


def test_broken_signature_is_invalid_and_never_trusted() -> None:
    result = read_provenance(C2PA / "broken-signature.wav", trust_list=SIGNER_CHAIN)
    assert result.state == "invalid"
    assert result.trusted is False
    assert "claimSignature.mismatch" in [e["code"] for e in result.validation_errors]


def test_no_trust_list_drops_the_untrusted_code_but_keeps_real_failures() -> None:
    result = read_provenance(C2PA / "broken-signature.wav")
    assert result.trusted is None
    assert [e["code"] for e in result.validation_errors] == ["claimSignature.mismatch"]


def test_malformed_manifest_is_invalid(tmp_path: Path) -> None:
    data = bytearray((C2PA / "signed.wav").read_bytes())
    start = data.index(b"C2PA")
    data[start + 1000: start + 1040] = b"A" * 40  # inside the claim's CBOR
    damaged = tmp_path / "damaged.wav"
    damaged.write_bytes(bytes(data))
    result = read_provenance(damaged)
    assert result.state == "invalid"
    assert result.validation_errors and result.validation_errors[0]["code"] == "Decoding"


def test_remuxed_copy_has_no_manifest() -> None:
    result = read_provenance(C2PA / "remuxed.wav", trust_list=SIGNER_CHAIN)
    assert result.state == "absent"
    assert result.trusted is None  # nothing signed to trust
    assert result.signer is None and result.actions == []
    assert "proves nothing" in result.note


@pytest.mark.parametrize("name", ["clip.wav", "clip.mp3", "clip.flac", "clip.m4a"])
def test_unsigned_recordings_are_absent(name: str) -> None:
    assert read_provenance(FIXTURES / name).state == "absent"


def test_empty_file_is_unreadable_with_the_reason() -> None:
    result = read_provenance(FIXTURES / "empty.wav")
    assert result.state == "unreadable"
    assert "empty" in result.note
    assert result.validation_errors[0]["code"] == "Io"


@pytest.mark.parametrize("content", [b"hello, this is not a wave file at all", bytes(range(256)) * 20])
def test_garbage_named_wav_is_unreadable(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "garbage.wav"
    path.write_bytes(content)
    result = read_provenance(path)
    assert result.state == "unreadable"
    assert result.validation_errors


def test_a_file_that_is_not_audio_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text("The minister said the plan was sound.", encoding="utf-8")
    result = read_provenance(path)
    assert result.state == "unreadable"
    assert "not a recording" in result.note


def test_format_c2pa_does_not_cover_is_unreadable_not_absent() -> None:
    assert read_provenance(FIXTURES / "clip.ogg").state == "unreadable"


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    assert read_provenance(tmp_path / "nothing.wav").state == "unreadable"


def test_file_over_the_memory_limit_is_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(provenance, "MAX_BYTES", 10_000)
    result = read_provenance(C2PA / "signed.wav")
    assert result.state == "unreadable"
    assert result.validation_errors[0]["code"] == "TooLarge"
    assert "VERACITY_C2PA_MAX_BYTES" in result.note


def test_unusable_trust_list_is_an_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "anchors.pem"
    bad.write_text("not a certificate", encoding="ascii")
    with pytest.raises(InputError, match="no PEM certificates"):
        read_provenance(C2PA / "signed.wav", trust_list=bad)
    with pytest.raises(InputError, match="cannot read the trust list"):
        read_provenance(C2PA / "signed.wav", trust_list=tmp_path / "missing.pem")


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data/audio/c2pa not present")
def test_shared_sample_signed_by_another_tool() -> None:
    result = read_provenance(SHARED / "sample1_signed.wav", trust_list=SHARED / "es256_certs.pem")
    assert (result.state, result.trusted) == ("valid", True)
    assert result.claim_generator == "c2pa-c test 0.2"
    assert [a["action"] for a in result.actions] == ["c2pa.created"]
    assert read_provenance(SHARED / "sample1.mp3").state == "absent"
