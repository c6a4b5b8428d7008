"""``armsdata serve``: build the SQLite database and browse it with Datasette, in one command.

The database and its metadata are built by the sqlite export (:mod:`armsdata.database`)
into a temporary directory, removed when Datasette stops, or into a given output
directory, kept (with the export's rules for output directories). Datasette runs as
``python -m datasette`` of this interpreter, on loopback unless told otherwise.
Datasette is the optional extra ``publish``; without it, :func:`serve` says how to
install it before building anything.

However the command stops (Ctrl-C, ``kill`` (SIGTERM), its terminal closing (SIGHUP),
Datasette exiting, an error while building), Datasette is stopped with it and the
temporary directory removed: the signals are turned into exceptions while it runs, so
that the same cleanup runs on every path. Only SIGKILL, which no process can catch,
leaves them behind.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from armsdata.database import DATABASE, METADATA
from armsdata.export import ExportUsageError, export

PUBLISH_HINT = "uv sync --extra publish (or pip install 'armsdata[publish]')"
DEFAULT_HOST = "127.0.0.1"
#: Datasette's own default port.
DEFAULT_PORT = 8001


def require_datasette() -> None:
    """Raise :class:`ExportUsageError`, one line saying how to install it, if Datasette is not installed."""
    try:
        import datasette  # noqa: F401
    except ImportError:
        raise ExportUsageError(f"serve needs Datasette, which is not installed; install it with: {PUBLISH_HINT}"
                               ) from None


def datasette_command(directory: Path, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> list[str]:
    """The command that serves ``directory``'s database with its metadata.

    ``--immutable``: the file is rebuilt whole, never changed in place, so Datasette may count
    and cache freely.
    """
    return [sys.executable, "-m", "datasette", "serve", "--immutable", str(directory / DATABASE),
            "--metadata", str(directory / METADATA), "--host", host, "--port", str(port)]


def serve(data_dir: str | os.PathLike, *, out_dir: str | os.PathLike | None = None, host: str = DEFAULT_HOST,
          port: int = DEFAULT_PORT, force: bool = False, run: Callable[[list[str]], int] | None = None,
          progress: Callable[[str], None] = lambda step: None) -> int:
    """Build the database of ``data_dir`` and serve it until Datasette stops; return Datasette's exit code.

    Raises what :func:`armsdata.export.export` raises, before serving anything,
    :class:`ExportUsageError` if Datasette is not installed, and :class:`Stopped` if SIGTERM or
    SIGHUP stops it (as SIGINT raises :class:`KeyboardInterrupt`); Datasette is stopped and the
    temporary directory removed first. ``run`` runs the command (default: :func:`run_datasette`;
    the tests pass their own, so that no port is opened).
    """
    require_datasette()
    with _signals_raise():
        scratch = None
        try:
            scratch = Path(tempfile.mkdtemp(prefix="armsdata-serve-")) if out_dir is None else None
            directory = Path(out_dir) if out_dir is not None else scratch
            export(data_dir, directory, "sqlite", force=force)
            where = "a temporary directory, removed when it stops" if out_dir is None else str(directory)
            progress(f"built {DATABASE} and {METADATA} in {where}; Datasette serves them on http://{host}:{port}/ "
                     "(Ctrl-C stops it)")
            return (run or run_datasette)(datasette_command(directory, host=host, port=port))
        finally:
            if scratch is not None:  # only what it made: never a user's --out
                with _signals_held():
                    shutil.rmtree(scratch, ignore_errors=True)


class Stopped(Exception):
    """SIGTERM or SIGHUP asked ``armsdata serve`` to stop; ``signal`` is its number."""

    def __init__(self, signum: int):
        super().__init__(f"stopped by {signal.Signals(signum).name}")
        self.signal = signum


#: The signals that stop the command: SIGINT (Ctrl-C), SIGTERM (kill) and SIGHUP (the terminal closed).
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))
#: How long Datasette may take to stop on SIGTERM before it is killed.
GRACE_SECONDS = 5.0


@contextlib.contextmanager
def _signals_raise() -> Iterator[None]:
    """While inside, the first stop signal raises (SIGINT :class:`KeyboardInterrupt`, the others :class:`Stopped`)
    and later ones are ignored, so that a second Ctrl-C cannot interrupt the cleanup the first one started.

    Python can only set signal handlers in the main thread; elsewhere (a server thread, say) nothing changes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame) -> None:
        for number in STOP_SIGNALS:
            signal.signal(number, signal.SIG_IGN)
        raise KeyboardInterrupt if signum == signal.SIGINT else Stopped(signum)

    previous = {number: signal.signal(number, stop) for number in STOP_SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """While inside, the stop signals wait (blocked), so that the cleanup runs whole; they arrive on leaving."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def run_datasette(command: list[str]) -> int:
    """Run ``command`` until it exits, and return its exit code; if anything interrupts the wait, stop it first."""
    process = subprocess.Popen(command)
    try:
        return process.wait()
    finally:
        if process.poll() is None:
            stop_process(process)


def stop_process(process: subprocess.Popen, grace: float = GRACE_SECONDS) -> None:
    """Ask ``process`` to stop (SIGTERM), kill it if it has not stopped after ``grace`` seconds, and reap it."""
    with contextlib.suppress(ProcessLookupError):
        process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
