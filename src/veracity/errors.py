"""Every error Veracity raises on purpose, in one tree.

    VeracityError            base: catch this to handle anything Veracity reports
    ├── InputError           an input cannot be read or analysed as given (the user can fix it)
    │   ├── EmptyInputError      nothing to analyse after cleaning
    │   ├── BinaryInputError     not text or HTML (a PDF, an image, a zip)
    │   ├── InputTooLargeError   over the configured size limit
    │   ├── DecodingError        bytes in no encoding we can detect
    │   ├── InvalidDateError     a date given to anchor times is impossible or out of range
    │   └── AudioError           a recording that cannot be decoded: not audio, empty, cut short, no audio track
    ├── ConfigError          a pipeline configuration or option is wrong
    ├── ModelError           a bundled model is missing or does not load
    ├── StoreError           a store file cannot be opened, is not a Veracity store, is newer than this
    │                        version, or a search query cannot be run (``source`` names the store file)
    └── StageError           a stage failed on a document (wraps the cause, names the stage)

Each carries a message that says what happened and what to do, and where known the input it concerns
(``source``), so a batch run can report which document failed.
"""

from __future__ import annotations


class VeracityError(Exception):
    """Base of every error Veracity raises on purpose."""

    def __init__(self, message: str, *, source: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source

    def __str__(self) -> str:
        return f"{self.source}: {self.message}" if self.source else self.message


class InputError(VeracityError):
    """An input cannot be read or analysed as given."""


class EmptyInputError(InputError):
    """The input holds no text to analyse."""


class BinaryInputError(InputError):
    """The input is binary data, not text or HTML."""


class InputTooLargeError(InputError):
    """The input is over the size limit."""


class DecodingError(InputError):
    """The input's bytes are in no encoding we can detect."""


class InvalidDateError(InputError):
    """A date given as an anchor (a publication or speech date) is impossible or out of range."""


class AudioError(InputError):
    """A recording cannot be decoded as given: not audio, empty, truncated, or without an audio stream."""


class ConfigError(VeracityError):
    """A pipeline configuration or option is wrong."""


class ModelError(VeracityError):
    """A bundled model is missing or does not load."""


class StoreError(VeracityError):
    """The document store cannot be used as asked: not a Veracity store, a newer schema, a bad query."""


class StageError(VeracityError):
    """A pipeline stage failed on a document."""

    def __init__(self, message: str, *, stage: str, source: str | None = None) -> None:
        super().__init__(message, source=source)
        self.stage = stage
