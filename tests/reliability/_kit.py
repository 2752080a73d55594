"""Helpers of the reliability suite: example counts, a scripted loopback HTTP server, fake plugins.

Everything here talks to 127.0.0.1 only and cleans up after itself (threads joined, sockets
closed), so the tests that use it can check that nothing leaks.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import socket
import textwrap
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

#: The Hypothesis profile in use (the test command sets ``ci``).
PROFILE = os.environ.get("ADOPTSTATS_HYPOTHESIS_PROFILE", "dev")


def examples(ci: int) -> int:
    """How many examples a fuzz test runs: ``ci`` under the ``ci`` profile, a twentieth (at least 25) otherwise."""
    return ci if PROFILE == "ci" else max(25, ci // 20)


def runs(ci: int) -> int:
    """How many repetitions a stress test makes: ``ci`` under the ``ci`` profile, a quarter (at least 2) otherwise."""
    return ci if PROFILE == "ci" else max(2, ci // 4)


# --------------------------------------------------------------------------------------------
# Eurostat-shaped payloads

DATA_PATH = "/api/statistics/1.0/data"
DIMS = ("freq", "size_emp", "nace_r2", "indic_is", "unit", "geo", "time")
FIXED = {"freq": "A", "size_emp": "GE10", "nace_r2": "C10-S951_X_K", "indic_is": "E_SM1_ANY", "unit": "PC_ENT"}


def jsonstat(geos: Sequence[str], years: Sequence[str], *, base: float = 50.0) -> dict[str, Any]:
    """A JSON-stat 2.0 dataset shaped like Eurostat's ``isoc_cismt`` (invented values, two decimals)."""
    dimension: dict[str, Any] = {}
    for dim in DIMS:
        codes = list(geos) if dim == "geo" else list(years) if dim == "time" else [FIXED[dim]]
        dimension[dim] = {"label": dim, "category": {"index": {c: i for i, c in enumerate(codes)}}}
    n = len(geos) * len(years)
    return {
        "version": "2.0",
        "class": "dataset",
        "label": "Social media use by type, internet advertising and size class of enterprise",
        "source": "ESTAT",
        "updated": "2025-04-08T23:00:00+0200",
        "id": list(DIMS),
        "size": [1, 1, 1, 1, 1, len(geos), len(years)],
        "dimension": dimension,
        "value": {str(i): round(base + i * 1.25, 2) for i in range(n)},
    }


def jsonstat_bytes(geos: Sequence[str], years: Sequence[str], *, base: float = 50.0) -> bytes:
    """:func:`jsonstat` as the bytes the API sends."""
    return json.dumps(jsonstat(geos, years, base=base)).encode()


# --------------------------------------------------------------------------------------------
# a scripted HTTP server on 127.0.0.1

Action = Callable[[socket.socket, bytes], None]


def _head(status: int, headers: dict[str, str], *, close: bool = True) -> bytes:
    lines = [f"HTTP/1.1 {status} {'OK' if status < 400 else 'Error'}"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    if close:
        lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def respond(body: bytes, status: int = 200, content_type: str = "application/json", **headers: str) -> Action:
    """A complete response with a Content-Length."""

    def act(conn: socket.socket, _request: bytes) -> None:
        extra = {k.replace("_", "-"): v for k, v in headers.items()}
        head = {"Content-Type": content_type, "Content-Length": str(len(body)), **extra}
        conn.sendall(_head(status, head) + body)

    return act


def redirect(location: str, status: int = 302) -> Action:
    """A redirect to ``location`` (relative or absolute)."""
    return respond(b"", status=status, content_type="text/plain", Location=location)


def cut_body(body: bytes, *, reset: bool) -> Action:
    """Headers announcing the whole body, half of it, then a close (``reset``: an RST, not a FIN)."""

    def act(conn: socket.socket, _request: bytes) -> None:
        conn.sendall(_head(200, {"Content-Type": "application/json", "Content-Length": str(len(body))}))
        conn.sendall(body[: len(body) // 2])
        if reset:  # SO_LINGER with a zero timeout: close() sends RST
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")

    return act


def trickle(body: bytes, delay: float, *, close: bool = True, limit: float = 20.0) -> Action:
    """Headers, then the body one byte every ``delay`` seconds (each wait shorter than any read timeout)."""

    def act(conn: socket.socket, _request: bytes) -> None:
        conn.sendall(_head(200, {"Content-Type": "application/json", "Content-Length": str(len(body))}, close=close))
        stop = time.monotonic() + limit
        for byte in body:
            if time.monotonic() > stop:
                return
            conn.sendall(bytes([byte]))
            time.sleep(delay)

    return act


def silent(seconds: float) -> Action:
    """Accept, read the request and say nothing for ``seconds``."""

    def act(_conn: socket.socket, _request: bytes) -> None:
        time.sleep(seconds)

    return act


def gzip_garbage() -> Action:
    """``Content-Encoding: gzip`` with bytes that do not decompress."""
    junk = b"\x1f\x8b\x08\x00" + b"this is not deflate data" * 20
    return respond(junk, Content_Encoding="gzip")


def gzip_bomb(decoded: int) -> Action:
    """A small gzip body that decodes to ``decoded`` bytes of spaces."""
    return respond(gzip.compress(b" " * decoded, compresslevel=9), Content_Encoding="gzip")


def endless_chunks(limit: float = 20.0) -> Action:
    """A chunked body that never ends (until the client goes away or ``limit`` seconds pass)."""

    def act(conn: socket.socket, _request: bytes) -> None:
        conn.sendall(_head(200, {"Content-Type": "application/json", "Transfer-Encoding": "chunked"}))
        chunk = b" " * 4096
        stop = time.monotonic() + limit
        while time.monotonic() < stop:
            conn.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))

    return act


class ScriptedServer:
    """An HTTP/1.1 server on 127.0.0.1 that answers each path with a script of actions.

    ``script(path, *actions)``: the n-th request for ``path`` gets the n-th action, the last one
    repeating. Paths are matched without their query string. Every connection answers one
    request and is closed. ``requests`` logs the request lines.
    """

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)
        self.port = self._listener.getsockname()[1]
        self.requests: list[str] = []
        self._scripts: dict[str, list[Action]] = {}
        self._served: dict[str, int] = {}
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._workers: list[threading.Thread] = []
        self._thread = threading.Thread(target=self._serve, name="scripted-http-server", daemon=True)
        self._thread.start()

    def url(self, path: str = "/api") -> str:
        """The URL of ``path`` on this server."""
        return f"http://127.0.0.1:{self.port}{path}"

    def script(self, path: str, *actions: Action) -> None:
        """Answer ``path`` with ``actions`` in turn (the last repeats); resets the count for that path."""
        with self._lock:
            self._scripts[path] = list(actions)
            self._served[path] = 0

    def count(self, path: str) -> int:
        """How many requests ``path`` received since it was last scripted."""
        with self._lock:
            return self._served.get(path, 0)

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            worker = threading.Thread(target=self._answer, args=(conn,), name="scripted-http-worker", daemon=True)
            self._workers.append(worker)
            worker.start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(5)
            request = b""
            with contextlib.suppress(OSError):
                while b"\r\n\r\n" not in request and len(request) < 65536:
                    chunk = conn.recv(4096)
                    if not chunk:
                        return
                    request += chunk
            if b"\r\n\r\n" not in request:
                return
            line = request.split(b"\r\n", 1)[0].decode("latin-1")
            path = line.split(" ")[1].split("?", 1)[0] if " " in line else ""
            with self._lock:
                self.requests.append(line)
                actions = self._scripts.get(path)
                n = self._served.get(path, 0)
                self._served[path] = n + 1
            if not actions:
                action = respond(b"not found", status=404, content_type="text/plain")
            else:
                action = actions[min(n, len(actions) - 1)]
            with contextlib.suppress(OSError):
                action(conn, request)

    def close(self) -> None:
        """Stop accepting, wait for every connection to finish, close the listening socket."""
        self._stop.set()
        self._thread.join(10)
        self._listener.close()
        for worker in self._workers:
            worker.join(30)

    def __enter__(self) -> ScriptedServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


# --------------------------------------------------------------------------------------------
# resources


def open_fds() -> dict[str, str] | None:
    """This process's open file descriptors (number → target), or None where /proc is missing."""
    fds = Path("/proc/self/fd")
    if not fds.is_dir():
        return None
    out: dict[str, str] = {}
    for fd in fds.iterdir():
        with contextlib.suppress(OSError):
            out[fd.name] = str(fd.readlink())
    return out


def sockets(fds: dict[str, str] | None) -> set[str]:
    """The socket targets among open file descriptors."""
    return {t for t in (fds or {}).values() if t.startswith("socket:")}


# --------------------------------------------------------------------------------------------
# fake plugin distributions


def make_dist(site: Path, dist: str, ep_name: str, module: str, code: str) -> None:
    """A ``*.dist-info`` folder declaring ``ep_name = module`` in the ``adoptstats`` group, and the module."""
    info = site / f"{dist.replace('-', '_')}-0.0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 0.0.1\n")
    (info / "entry_points.txt").write_text(f"[adoptstats]\n{ep_name} = {module}\n")
    (site / f"{module}.py").write_text(textwrap.dedent(code))


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[Callable[[], float]]:
    """Time a block; the callable gives the seconds spent so far; fails if the block took longer."""
    start = time.monotonic()
    yield lambda: time.monotonic() - start
    spent = time.monotonic() - start
    assert spent < seconds, f"took {spent:.2f} s, more than {seconds} s"
