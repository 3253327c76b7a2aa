"""Read a PyTorch checkpoint's tensors as numpy arrays, without torch and without running the file's code.

``torch.load`` unpickles, and unpickling can call any function a file names: a checkpoint from a package is
code. This reader rebuilds only what a state dict needs (``torch._utils._rebuild_tensor_v2`` over the storage
classes, and ``collections.OrderedDict``) and refuses every other global, so a malicious file raises
``ModelError`` instead of running. Both on-disk layouts are read: the zip archive of torch >= 1.6 (``data.pkl``
beside one raw file per storage) and the older stream of pickles followed by the raw storages (Resemblyzer's
``pretrained.pt`` is one of these).
"""

from __future__ import annotations

import collections
import io
import pickle
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from veracity.errors import ModelError

# Magic number that opens a pre-1.6 ("legacy") torch file, pickled first.
_LEGACY_MAGIC = 0x1950A86A20F9469CFC6C

_STORAGE_DTYPES = {
    "DoubleStorage": np.float64, "FloatStorage": np.float32, "HalfStorage": np.float16,
    "LongStorage": np.int64, "IntStorage": np.int32, "ShortStorage": np.int16,
    "CharStorage": np.int8, "ByteStorage": np.uint8, "BoolStorage": np.bool_,
}


@dataclass(frozen=True)
class _StorageType:
    """Stands for ``torch.FloatStorage`` and friends: only its element type matters here."""

    dtype: type


@dataclass
class _Storage:
    """A storage the pickle refers to by key; its bytes are read after (legacy) or beside (zip) the pickle."""

    key: str
    dtype: type
    numel: int
    data: np.ndarray | None = None


@dataclass(frozen=True)
class _TensorRef:
    """A tensor as ``_rebuild_tensor_v2`` describes it, resolved to an array once its storage is read."""

    storage: _Storage
    offset: int
    shape: tuple[int, ...]
    stride: tuple[int, ...]

    def array(self) -> np.ndarray:
        if self.storage.data is None:
            raise ModelError(f"the checkpoint names storage {self.storage.key!r} but holds no data for it")
        base = self.storage.data
        itemsize = base.itemsize
        needed = self.offset + sum((size - 1) * step for size, step in zip(self.shape, self.stride, strict=True)) + 1
        if any(size == 0 for size in self.shape):
            return np.zeros(self.shape, dtype=base.dtype)
        if self.offset < 0 or needed > len(base):
            raise ModelError("a tensor in the checkpoint reaches past the end of its storage; the file is damaged")
        view = np.lib.stride_tricks.as_strided(base[self.offset:], shape=self.shape,
                                               strides=[step * itemsize for step in self.stride])
        return np.array(view, copy=True)


def _rebuild_tensor_v2(storage: _Storage, offset: int, shape: tuple[int, ...], stride: tuple[int, ...],
                       *_ignored: Any) -> _TensorRef:
    """What ``torch._utils._rebuild_tensor_v2`` receives; requires_grad and hooks do not matter for weights."""
    if not isinstance(storage, _Storage):
        raise ModelError("the checkpoint rebuilds a tensor from something that is not a storage")
    return _TensorRef(storage, int(offset), tuple(int(n) for n in shape), tuple(int(n) for n in stride))


class _RestrictedUnpickler(pickle.Unpickler):
    """Rebuilds tensors and ordered dicts; any other global in the file is refused, never imported."""

    def __init__(self, file: io.BufferedIOBase | io.BytesIO, storages: dict[str, _Storage]) -> None:
        super().__init__(file)
        self.storages = storages

    def find_class(self, module: str, name: str) -> Any:
        if module == "torch._utils" and name == "_rebuild_tensor_v2":
            return _rebuild_tensor_v2
        if module == "torch" and name in _STORAGE_DTYPES:
            return _StorageType(_STORAGE_DTYPES[name])
        if module == "collections" and name == "OrderedDict":
            return collections.OrderedDict
        raise ModelError(f"the checkpoint asks to load {module}.{name}, which a file of weights never needs; "
                         "refused (it could run code). Use weights from a trusted package.")

    def persistent_load(self, pid: Any) -> _Storage:
        # ('storage', storage_type, key, location, numel[, view_metadata])
        if not (isinstance(pid, tuple) and len(pid) >= 5 and pid[0] == "storage"
                and isinstance(pid[1], _StorageType)):
            raise ModelError(f"the checkpoint refers to an object this reader does not know: {pid!r:.80}")
        key = str(pid[2])
        if key not in self.storages:
            self.storages[key] = _Storage(key, pid[1].dtype, int(pid[4]))
        return self.storages[key]


def load_state_dict(path: str | Path) -> dict[str, np.ndarray]:
    """The checkpoint's tensors by name, as numpy arrays (a nested ``model_state`` dict is flattened with '.')."""
    file = Path(path)
    if not file.is_file():
        raise ModelError(f"no checkpoint at {file}")
    storages: dict[str, _Storage] = {}
    try:
        root = _load_zip(file, storages) if zipfile.is_zipfile(file) else _load_legacy(file, storages)
    except (pickle.UnpicklingError, EOFError, ValueError, KeyError, zipfile.BadZipFile) as error:
        raise ModelError(f"{file} is not a readable PyTorch checkpoint: {error}") from error
    return _resolve(root)


def _load_zip(file: Path, storages: dict[str, _Storage]) -> Any:
    with zipfile.ZipFile(file) as archive:
        names = archive.namelist()
        pickled = [name for name in names if name.endswith("/data.pkl") or name == "data.pkl"]
        if len(pickled) != 1:
            raise ModelError(f"{file} is a zip archive but not a PyTorch checkpoint (no single data.pkl)")
        prefix = pickled[0][: -len("data.pkl")]
        root = _RestrictedUnpickler(io.BytesIO(archive.read(pickled[0])), storages).load()
        for storage in storages.values():
            raw = archive.read(f"{prefix}data/{storage.key}")
            storage.data = np.frombuffer(raw, dtype=storage.dtype, count=storage.numel).copy()
    return root


def _load_legacy(file: Path, storages: dict[str, _Storage]) -> Any:
    with file.open("rb") as handle:
        if _RestrictedUnpickler(handle, storages).load() != _LEGACY_MAGIC:
            raise ModelError(f"{file} is not a PyTorch checkpoint (no magic number)")
        _RestrictedUnpickler(handle, storages).load()  # protocol version
        _RestrictedUnpickler(handle, storages).load()  # system info: endianness and type sizes
        root = _RestrictedUnpickler(handle, storages).load()
        keys = _RestrictedUnpickler(handle, storages).load()
        for key in keys:
            storage = storages[str(key)]
            numel = int.from_bytes(handle.read(8), "little")
            if numel != storage.numel:
                raise ModelError(f"{file}: storage {key} holds {numel} elements, the pickle says {storage.numel}")
            raw = handle.read(numel * np.dtype(storage.dtype).itemsize)
            if len(raw) < numel * np.dtype(storage.dtype).itemsize:
                raise ModelError(f"{file} is cut short inside storage {key}; reinstall the model package")
            storage.data = np.frombuffer(raw, dtype=storage.dtype).copy()
    return root


def _resolve(root: Any, prefix: str = "") -> dict[str, np.ndarray]:
    """Flatten nested dicts of tensor references into ``{'a.b': array}``; other values are dropped."""
    arrays: dict[str, np.ndarray] = {}
    if isinstance(root, dict):
        for name, value in root.items():
            arrays.update(_resolve(value, f"{prefix}{name}."))
    elif isinstance(root, _TensorRef):
        arrays[prefix.rstrip(".")] = root.array()
    return arrays
