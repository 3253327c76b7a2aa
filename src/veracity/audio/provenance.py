"""C2PA content credentials: is there a signed manifest, is it intact, and who signed it.

Read with the C2PA project's own reader (PyPI ``c2pa-python``), offline: remote manifests and OCSP are never
fetched. Five states, because each means something different to a reporter:

- ``valid``: the manifest's signature checks and the audio hashes to what was signed;
- ``tampered``: the signature checks but the audio (or a signed assertion) changed after signing;
- ``invalid``: the manifest cannot be relied on at all (broken signature, bad or expired certificate, malformed);
- ``absent``: no manifest. This proves nothing: any re-encode or re-mux strips one;
- ``unreadable``: the reader could not look (a format it does not know, an empty or damaged file).

Who signed is judged only against a trust list the user supplies: a self-made certificate validates as well as
a newsroom's, so without one ``trusted`` is ``null``.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import c2pa
from cryptography import x509

from veracity.errors import InputError

VALID, TAMPERED, INVALID, ABSENT, UNREADABLE = "valid", "tampered", "invalid", "absent", "unreadable"
UNTRUSTED = "signingCredential.untrusted"
# Failure codes that say the signed content no longer matches its recorded hash: the bytes changed after signing.
_CONTENT_CHANGED = ("assertion.dataHash.mismatch", "assertion.bmffHash.mismatch", "assertion.boxesHash.mismatch",
                    "assertion.collectionHash.mismatch", "assertion.hashedURI.mismatch")
# Reader errors that mean a manifest was found but is broken, as opposed to the file not being readable at all.
_BROKEN_MANIFEST = ("Decoding", "Signature", "Verify", "Manifest", "Json", "Assertion", "AssertionNotFound",
                    "Encoding", "ResourceNotFound")
# c2pa-python 0.38 holds the whole file in memory while it checks the data hash (measured: +230 MB for a 230 MB
# signed WAV), so files above this size are not read; VERACITY_C2PA_MAX_BYTES raises the limit.
MAX_BYTES = int(os.environ.get("VERACITY_C2PA_MAX_BYTES", str(1 << 30)))
_OFFLINE = {"verify": {"remote_manifest_fetch": False, "ocsp_fetch": False}}

CAVEAT = ("A missing manifest proves nothing: any re-encode or re-mux (an editor, a converter, a messaging app) "
          "strips it. 'valid' means the bytes are unchanged since they were signed by whoever holds that key, not "
          "that the recording is true or that the signer is who the certificate names; who signed is trusted only "
          "against a trust list you supply (a PEM file of anchors).")


@dataclass(frozen=True)
class Provenance:
    """What the C2PA manifest of a recording says and whether it holds; ``to_dict`` is the report's JSON."""

    state: str
    trusted: bool | None = None
    signer: str | None = None
    issuer: str | None = None
    signed_at: str | None = None
    claim_generator: str | None = None
    title: str | None = None
    actions: list[dict[str, str | None]] = field(default_factory=list)
    ingredients: list[str] = field(default_factory=list)
    validation_errors: list[dict[str, str]] = field(default_factory=list)
    trust_list: str | None = None
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def read_provenance(path: str | Path, trust_list: str | Path | None = None) -> Provenance:
    """Read and validate the C2PA manifest of ``path``; never raises for what the file holds.

    ``trust_list`` is a PEM file of trust anchors; an unusable one raises ``InputError`` (the user's option is
    wrong, not the recording).
    """
    anchors = _load_trust_list(trust_list) if trust_list is not None else None
    listed = str(trust_list) if trust_list is not None else None
    size = _size(path)
    if size is not None and size > MAX_BYTES:
        return Provenance(UNREADABLE, trust_list=listed,
                          validation_errors=[{"code": "TooLarge", "explanation": f"{size} bytes > {MAX_BYTES}"}],
                          note=f"Not checked: the file is {size / 2**30:.1f} GiB and the C2PA reader holds the whole "
                               f"file in memory to check it (limit {MAX_BYTES / 2**30:.1f} GiB; set "
                               "VERACITY_C2PA_MAX_BYTES to raise it). " + CAVEAT)
    settings = c2pa.Settings.from_dict(
        {**_OFFLINE, "trust": {"trust_anchors": anchors}, "verify": {**_OFFLINE["verify"], "verify_trust": True}}
        if anchors else _OFFLINE)
    try:
        with c2pa.Context(settings) as context:
            reader = c2pa.Reader.try_create(str(path), context=context)
            if reader is None:
                return Provenance(ABSENT, trust_list=listed, note="No C2PA manifest was found. " + CAVEAT)
            with reader:
                store = json.loads(reader.json())
                certificate = _certificate(json.loads(reader.crjson()))
    except c2pa.C2paError as error:
        return _failed(error, listed)
    except OSError as error:  # the wrapper opens the file itself
        return _failed(error, listed)
    return _judge(store, certificate, listed)


def _size(path: str | Path) -> int | None:
    try:
        return Path(path).stat().st_size
    except OSError:
        return None  # the reader reports a missing or unreadable file itself


def _load_trust_list(trust_list: str | Path) -> str:
    """The PEM text of the anchors, checked here so a bad file is named instead of failing inside the reader."""
    file = Path(trust_list)
    try:
        text = file.read_text(encoding="ascii")
        certificates = x509.load_pem_x509_certificates(text.encode("ascii"))
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read the trust list: {error}; give a PEM file of trust-anchor certificates",
                         source=str(trust_list)) from error
    except ValueError as error:
        raise InputError("the trust list holds no PEM certificates (-----BEGIN CERTIFICATE-----); give a PEM "
                         "file of trust-anchor certificates", source=str(trust_list)) from error
    if not certificates:
        raise InputError("the trust list holds no certificates", source=str(trust_list))
    return text


def _failed(error: Exception, trust_list: str | None) -> Provenance:
    """A reader error as a state: a broken manifest is ``invalid``; anything else means the reader could not look."""
    kind = type(error).__name__.lstrip("_").removeprefix("C2pa") or "Error"
    message = str(error).strip() or kind
    problem = [{"code": kind, "explanation": message}]
    if kind in _BROKEN_MANIFEST:
        return Provenance(INVALID, trusted=None if trust_list is None else False, validation_errors=problem,
                          trust_list=trust_list,
                          note=f"A C2PA manifest is present but cannot be relied on: {message}. " + CAVEAT)
    return Provenance(UNREADABLE, validation_errors=problem, trust_list=trust_list,
                      note=f"The C2PA reader could not read this file ({_plain(kind, message)}), so whether it "
                           "carries content credentials is unknown. " + CAVEAT)


def _plain(kind: str, message: str) -> str:
    if kind == "NotSupported":
        return "a file type C2PA does not cover, or not a recording at all"
    if "failed to fill whole buffer" in message:
        return "the file is empty or ends too early"
    return message


def _judge(store: dict[str, Any], certificate: dict[str, Any], trust_list: str | None) -> Provenance:
    manifest = store.get("manifests", {}).get(store.get("active_manifest") or "", {})
    results = (store.get("validation_results") or {}).get("activeManifest") or {}
    failures = [f.get("code", "") for f in results.get("failure") or []]
    # Without a trust list every signer is "untrusted"; that is reported as trusted = null, not as an error.
    errors = [{"code": s.get("code", ""), "explanation": s.get("explanation", "")}
              for s in store.get("validation_status") or [] if trust_list or s.get("code") != UNTRUSTED]
    broken = [code for code in failures if code != UNTRUSTED and code not in _CONTENT_CHANGED]
    if not manifest:
        state, summary = INVALID, "A C2PA manifest store is present but names no active manifest."
    elif broken:
        state, summary = INVALID, f"The C2PA manifest cannot be relied on ({', '.join(broken)})."
    elif any(code in _CONTENT_CHANGED for code in failures):
        state, summary = TAMPERED, ("The manifest's signature holds but the audio, or a signed statement about it, "
                                    "no longer matches what was signed: the bytes changed after signing.")
    else:
        state, summary = VALID, "The content credentials are intact: unchanged since signing."
    # A certificate vouches for nothing when the signature made with it does not verify.
    trusted = None if trust_list is None else (state != INVALID and UNTRUSTED not in failures)
    return Provenance(
        state=state,
        trusted=trusted,
        signer=_name(certificate.get("subject")) or _signature_field(manifest, "common_name"),
        issuer=_name(certificate.get("issuer")),
        signed_at=_signature_field(manifest, "time"),
        claim_generator=_claim_generator(manifest),
        title=manifest.get("title"),
        actions=_actions(manifest),
        ingredients=[str(i.get("title") or i.get("instance_id") or "?") for i in manifest.get("ingredients") or []],
        validation_errors=errors,
        trust_list=trust_list,
        note=f"{summary} {_trust_sentence(trusted, state)} {_time_sentence(manifest)} {CAVEAT}",
    )


def _trust_sentence(trusted: bool | None, state: str) -> str:
    if trusted is None:
        return "No trust list was given, so who signed is not vouched for: anyone can make a certificate."
    if trusted:
        return "The signing certificate chains to an anchor in your trust list."
    if state == INVALID:
        return "Not trusted: a manifest that does not validate vouches for nothing, whatever its certificate."
    return "The signing certificate does not chain to any anchor in your trust list."


def _time_sentence(manifest: dict[str, Any]) -> str:
    if _signature_field(manifest, "time"):
        return "The signing time comes from a time-stamp authority."
    return "No time-stamp authority dated the signature; the times in the manifest are the signer's own claim."


def _certificate(crjson: dict[str, Any]) -> dict[str, Any]:
    """The active manifest's signing certificate (subject and issuer names), from the CR-JSON view."""
    manifests = crjson.get("manifests") or []
    if not manifests:
        return {}
    return (manifests[0].get("signature") or {}).get("certificateInfo") or {}


def _name(distinguished: dict[str, str] | None) -> str | None:
    """'Common Name (Organisation)' from a certificate's distinguished name."""
    if not distinguished:
        return None
    common, organisation = distinguished.get("CN"), distinguished.get("O")
    if common and organisation:
        return f"{common} ({organisation})"
    return common or organisation


def _signature_field(manifest: dict[str, Any], key: str) -> str | None:
    value = (manifest.get("signature_info") or {}).get(key)
    return str(value) if value else None


def _claim_generator(manifest: dict[str, Any]) -> str | None:
    if manifest.get("claim_generator"):  # version 1 claims state it as one string
        return str(manifest["claim_generator"])
    info = manifest.get("claim_generator_info") or []
    if not info:
        return None
    first = info[0]
    return " ".join(str(part) for part in (first.get("name"), first.get("version")) if part) or None


def _actions(manifest: dict[str, Any]) -> list[dict[str, str | None]]:
    """Every c2pa.actions entry: what was done, when (as the signer says), and with which software."""
    found: list[dict[str, str | None]] = []
    for assertion in manifest.get("assertions") or []:
        if not str(assertion.get("label", "")).startswith("c2pa.actions"):
            continue
        for action in (assertion.get("data") or {}).get("actions") or []:
            found.append({"action": action.get("action"), "when": action.get("when"),
                          "software": _software(action.get("softwareAgent"))})
    return found


def _software(agent: Any) -> str | None:
    if isinstance(agent, dict):
        return " ".join(str(agent[k]) for k in ("name", "version") if agent.get(k)) or None
    return str(agent) if agent else None
