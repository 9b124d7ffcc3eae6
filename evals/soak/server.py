"""The server under soak: ``article-qa serve`` in its own process, and its memory sampled while it
runs (resident set size from ``/proc/<pid>/status``)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kib(pid: int) -> int | None:
    """The process's resident set size in KiB (``None`` once it has gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


class ServerProcess:
    """``python -m assistant serve`` on a free loopback port, its own index and data folders under
    ``workdir``, its log in ``workdir/server.log``; memory sampled every ``interval`` seconds.

    >>> with ServerProcess(["--model", "hash"], workdir) as server:
    ...     httpx.get(server.base + "/healthz")
    """

    def __init__(self, serve_args: list[str], workdir: Path, *, interval: float = 1.0,
                 env: dict[str, str] | None = None, ready_timeout: float = 600.0) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.workdir = Path(workdir)
        self.args = serve_args
        self.interval = interval
        self.ready_timeout = ready_timeout              # the real model may build its index first
        self.env = {**os.environ, **(env or {}), "GRADIO_ANALYTICS_ENABLED": "False",
                    "ARTICLE_QA_INDEX_DIR": str(self.workdir / "index"),
                    "ARTICLE_QA_DATA_DIR": str(self.workdir / "data")}
        self.samples: list[tuple[float, int]] = []      # (seconds since start, RSS KiB)
        self.proc: subprocess.Popen | None = None
        self._stop = threading.Event()
        self._sampler: threading.Thread | None = None
        self.started = 0.0

    def __enter__(self) -> ServerProcess:
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.log = open(self.workdir / "server.log", "w", encoding="utf-8")  # noqa: SIM115 - closed in __exit__
        cmd = [sys.executable, "-m", "assistant", "serve", "--port", str(self.port), "--no-examples", *self.args]
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT, env=self.env)
        deadline = time.monotonic() + self.ready_timeout
        while True:
            try:
                if httpx.get(self.base + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.__exit__(None, None, None)          # __exit__ is not called when __enter__ raises
                tail = (self.workdir / "server.log").read_text(encoding="utf-8", errors="replace")[-800:]
                raise RuntimeError(f"the server did not start; see {self.workdir / 'server.log'}:\n{tail}")
            time.sleep(0.3)
        self.started = time.monotonic()
        self._sampler = threading.Thread(target=self._sample, daemon=True, name="rss-sampler")
        self._sampler.start()
        return self

    def _sample(self) -> None:
        while not self._stop.is_set():
            value = rss_kib(self.proc.pid)
            if value is None:
                return
            self.samples.append((time.monotonic() - self.started, value))
            self._stop.wait(self.interval)

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._sampler:
            self._sampler.join(5)
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.log.close()
