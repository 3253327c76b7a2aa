"""Make the synthetic-voice corpus: open-source speech synthesisers against real read speech, one channel for all.

Synthetic speech comes from four generator families installed from Debian (espeak-ng formant/Klatt; diphone
concatenation in flite and festival; flite clustergen statistical voices; festival HTS). Real speech is
LibriSpeech train-clean-100 (251 speakers), LJSpeech (one speaker) and Debian pocketsphinx-testdata.

A detector trained on raw files would learn the channel (synthetic WAVs are digitally silent, never
compressed, clipped at their own sample rates) instead of the voice. So every clip, real or synthetic, goes
through the same chain with the same probabilities: resample to 16 kHz mono; trim leading and trailing silence;
sometimes narrow to telephone band (8 kHz); loudness-normalise to a random level; re-encode as MP3 or Opus at a
random bitrate (or not at all); add light noise at a random SNR. The choices are drawn from a generator seeded
by the clip's name, so a rerun gives the same corpus.

Writes DIR/clips/<kind>/<family>/<name>.wav and DIR/manifest.tsv; DIR gets a ``.gitignore`` of ``*``.

    .venv/bin/python training/make_voice_data.py --out data/voices [--per-family 160]
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
FLITE_CLUSTERGEN = ["awb", "rms", "slt"]
FESTIVAL_HTS = ["cmu_us_slt_arctic_hts"]
FAMILIES = ("espeak-ng", "diphone", "flite-clustergen", "festival-hts")


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


def synthetic_clips(per_family: int, seed: int) -> list[Clip]:
    """Assign texts round-robin to each family's voices: no sentence is spoken twice within a family."""
    texts = sentences(seed)
    voices = {"espeak-ng": ESPEAK_VOICES, "diphone": [f"flite:{v}" for v in FLITE_DIPHONE]
              + [f"festival:{v}" for v in FESTIVAL_DIPHONE], "flite-clustergen": FLITE_CLUSTERGEN,
              "festival-hts": FESTIVAL_HTS}
    clips = []
    for offset, family in enumerate(FAMILIES):
        for index in range(per_family):
            text = texts[(offset * per_family + index) % len(texts)]
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


def synthesise(clip: Clip, work: Path, rng: np.random.Generator) -> Path:
    """Speak ``clip.text`` with its generator, prosody varied a little so one voice is not one rate and pitch."""
    text_file = work / "text.txt"
    text_file.write_text(clip.text + "\n")
    out = work / "raw.wav"
    stretch = float(rng.uniform(0.85, 1.2))
    if clip.family == "espeak-ng":
        command = ["espeak-ng", "-v", clip.voice, "-s", str(int(rng.integers(130, 200))),
                   "-p", str(int(rng.integers(25, 75))), "-w", str(out), "-f", str(text_file)]
    elif clip.voice.startswith("flite-") or clip.family == "flite-clustergen":
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


def process(samples: np.ndarray, rng: np.random.Generator, work: Path) -> tuple[np.ndarray, dict[str, object]]:
    """The shared channel: telephone band, loudness, codec, noise, each with the same odds for every clip."""
    steps: dict[str, object] = {}
    samples = trim_silence(samples, rng)
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
    return samples.astype(np.float32), steps


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
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "voices")
    parser.add_argument("--per-family", type=int, default=160, help="synthetic clips per generator family")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / ".gitignore").write_text("*\n")
    clips = real_clips() + synthetic_clips(args.per_family, args.seed)
    rows = ["name\tpath\tkind\tfamily\tvoice\tseconds\tprocessing\ttext"]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for number, clip in enumerate(clips, 1):
            rng = clip_rng(clip.name, args.seed)
            raw = clip.source if clip.source is not None else synthesise(clip, work, rng)
            samples, steps = process(ffmpeg_pcm(raw), rng, work)
            relative = Path("clips") / clip.kind / clip.family / f"{clip.name}.wav"
            write_wav(args.out / relative, samples)
            rows.append("\t".join([clip.name, str(relative), clip.kind, clip.family, clip.voice,
                                   f"{len(samples) / RATE:.2f}", json.dumps(steps), clip.text]))
            if number % 100 == 0:
                print(f"{number}/{len(clips)} clips", flush=True)
    (args.out / "manifest.tsv").write_text("\n".join(rows) + "\n")
    print(f"wrote {len(clips)} clips and {args.out / 'manifest.tsv'}")


if __name__ == "__main__":
    main()
