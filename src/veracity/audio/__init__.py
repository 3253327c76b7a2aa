"""Recordings: streamed decoding, container metadata, a word-timed transcript, and the report of them
(rendered by ``veracity.report.recording_report``)."""

from veracity.audio.container import ContainerInfo, read_container
from veracity.audio.decode import SAMPLE_RATE, AudioWindow, check_complete, decoded_duration, stream_pcm, windows
from veracity.audio.listen import RecordingReport, listen
from veracity.audio.quote_check import AlignedWord, QuoteCheck, check_article_quotes, check_quote
from veracity.audio.transcribe import Segment, Transcript, Word, transcribe

__all__ = ["SAMPLE_RATE", "AlignedWord", "AudioWindow", "ContainerInfo", "QuoteCheck", "RecordingReport", "Segment",
           "Transcript", "Word", "check_article_quotes", "check_complete", "check_quote", "decoded_duration",
           "listen", "read_container", "stream_pcm", "transcribe", "windows"]
