"""Output directories: armsdata rewrites and removes only the files it wrote there itself.

``armsdata report --out DIR`` and ``armsdata export --out DIR`` keep a manifest,
``DIR/.armsdata-manifest``, of the files they wrote (one relative path a line,
sorted). A later run rewrites or removes only files listed there. It refuses,
before writing anything, to write into a directory that holds other files, unless
asked to (``force``: then the other files are left alone); and it never overwrites
a file it did not write, even when forced, so ``--out .`` cannot replace a
project's README.

Each file is written atomically (:func:`armsdata.io.write_atomic`); the manifest
is written first listing old and new files alike, so that a run cut off half way
leaves a manifest that still names every file armsdata wrote.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from armsdata.io import write_atomic

MANIFEST = ".armsdata-manifest"
_HEADER = "# Files written by armsdata, which may rewrite or remove these and no others.\n"


class OutputError(Exception):
    """armsdata will not write there; ``str(error)`` is one line for people.

    ``usage`` is True when the place itself is wrong (a file, not writable): a usage
    error. It is False when the directory holds files armsdata did not write.
    """

    def __init__(self, message: str, *, usage: bool = False):
        super().__init__(message)
        self.usage = usage


def check_place(out_dir: str | os.PathLike) -> None:
    """Raise :class:`OutputError` (``usage=True``) unless ``out_dir`` is, or can be made as, a writable directory."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out_dir}: exists and is not a directory; name a directory for the output", usage=True)
    existing = out
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if existing != out and not existing.is_dir():
        raise OutputError(f"{out_dir}: cannot be created, {existing} is not a directory", usage=True)
    if not os.access(existing, os.W_OK | os.X_OK):
        raise OutputError(f"{out_dir}: not writable (no permission to write in {existing})", usage=True)


def read_manifest(out_dir: str | os.PathLike) -> list[str]:
    """The paths the manifest of ``out_dir`` lists (``[]`` if it has none); raises :class:`OutputError` if it is bad.

    Only plain relative paths inside ``out_dir`` are accepted, so that an edited
    manifest cannot make armsdata remove a file anywhere else.
    """
    path = Path(out_dir) / MANIFEST
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        raise OutputError(f"{path}: cannot be read ({exc}); remove it only if you know what wrote it") from None
    listed = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line or line.startswith("#"):
            continue
        if not _inside(line):
            raise OutputError(f"{path}:{number}: not a relative path inside {out_dir} (value: {line!r})")
        listed.append(line)
    return listed


def _inside(entry: str) -> bool:
    parts = PurePosixPath(entry).parts
    return (bool(parts) and not PurePosixPath(entry).is_absolute() and "\\" not in entry
            and all(part not in ("", ".", "..") for part in parts) and entry != MANIFEST
            and PurePosixPath(*parts).as_posix() == entry)


def present_files(out_dir: str | os.PathLike) -> list[str]:
    """Every file (or symbolic link) under ``out_dir``, as sorted relative paths; links are not followed."""
    out = Path(out_dir)
    found = []

    def unreadable(error: OSError) -> None:  # os.walk would skip it silently, and miss what it holds
        raise OutputError(f"{error.filename}: cannot be read ({error.strerror})", usage=True)

    for root, dirs, names in os.walk(out, onerror=unreadable):
        here = Path(root)
        links = [d for d in dirs if (here / d).is_symlink()]  # os.walk does not descend into them
        found += [(here / name).relative_to(out).as_posix() for name in [*names, *links]]
    return sorted(found)


def foreign_files(out_dir: str | os.PathLike) -> list[str]:
    """The files under ``out_dir`` that its manifest does not list (the manifest itself aside), sorted."""
    owned = set(read_manifest(out_dir))
    return [p for p in present_files(out_dir) if p not in owned and p != MANIFEST]


def check_may_write(out_dir: str | os.PathLike, *, force: bool = False, writes: Iterable[str] = ()) -> None:
    """Raise :class:`OutputError` unless armsdata may write ``writes`` (relative paths) into ``out_dir``.

    Refused: a place that is not a writable directory; a directory holding files
    armsdata did not write, unless ``force``; and, even with ``force``, writing
    over such a file (or through one, as if it were a directory).
    """
    check_place(out_dir)
    out = Path(out_dir)
    if not out.is_dir():
        return
    foreign = foreign_files(out)
    foreign_set = set(foreign)
    for path in sorted(writes):
        parts = PurePosixPath(path).parts
        prefixes = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
        clash = next((p for p in prefixes if p in foreign_set), None)
        if clash is None and (out / path).is_dir():
            clash = path
        if clash is not None:
            what = "overwrite it" if clash == path else f"write {out / path} in its place"
            raise OutputError(f"{out / clash}: exists and was not written by armsdata, which would {what}; "
                              "move it away or choose another output directory")
    if foreign and not force:
        more = f" and {len(foreign) - 1} more" if len(foreign) > 1 else ""
        raise OutputError(f"{out_dir}: holds files armsdata did not write ({foreign[0]}{more}); choose an empty "
                          "or new directory, or pass --force to write beside them (they are left alone)")


def _check_inside(out: Path, path: str) -> None:
    """Refuse to write or remove ``out/path`` if a linked directory on the way leads outside ``out``."""
    where = (out / path).parent.resolve()
    top = out.resolve()
    if where != top and top not in where.parents:
        raise OutputError(f"{out / path}: leads outside {out} (through a symbolic link); not touching it")


def manifest_text(paths: Iterable[str]) -> str:
    """The manifest listing ``paths``: a comment line, then one path a line, sorted.

    >>> print(manifest_text(["b.csv", "a/c.svg"]), end="")
    # Files written by armsdata, which may rewrite or remove these and no others.
    a/c.svg
    b.csv
    """
    return _HEADER + "".join(f"{p}\n" for p in sorted(set(paths)))


def differences(files: dict[str, bytes], out_dir: str | os.PathLike,
                manifest: str | None = None) -> list[tuple[str, str]]:
    """``(state, path)`` for each file of ``out_dir`` that differs from ``files`` (relative path -> bytes).

    ``stale`` (content differs), ``missing``, or ``extra`` (armsdata wrote it, and
    ``files`` no longer holds it). The manifest counts as one of the files; it
    should read ``manifest`` (default: it lists ``files``). Sorted by path.
    """
    out = Path(out_dir)
    wanted = {**files, MANIFEST: (manifest or manifest_text(files)).encode("utf-8")}
    owned = set(read_manifest(out)) if out.is_dir() else set()
    found = []
    for path in sorted(owned - set(wanted)):
        if (out / path).is_file() or (out / path).is_symlink():
            found.append(("extra", path))
    for path, content in wanted.items():
        target = out / path
        if not target.is_file():
            found.append(("missing", path))
        elif target.read_bytes() != content:
            found.append(("stale", path))
    return sorted(found, key=lambda d: d[1])


def write_tree(files: dict[str, bytes], out_dir: str | os.PathLike, *, force: bool = False,
               remove_stale: bool = True) -> list[tuple[str, str]]:
    """Bring ``out_dir`` up to date with ``files``: write what differs, each atomically; return the differences.

    With ``remove_stale``, files an earlier run wrote that ``files`` no longer holds
    are removed (the report); without, they are kept and stay listed (the exports
    of several formats side by side). Raises :class:`OutputError`, before writing
    anything, where :func:`check_may_write` refuses.
    """
    out = Path(out_dir)
    check_may_write(out, force=force, writes=files)
    owned = {p for p in read_manifest(out) if (out / p).is_file() or (out / p).is_symlink()} if out.is_dir() else set()
    final = manifest_text([*files] if remove_stale else [*owned, *files])
    changes = [d for d in differences(files, out, final) if d[0] != "extra" or remove_stale]
    if not changes:
        return []
    for _, path in changes:
        _check_inside(out, path)
    write_atomic(out / MANIFEST, manifest_text([*owned, *files]))  # claim the new files before writing them
    for state, path in changes:
        if path == MANIFEST:
            continue
        if state == "extra":
            (out / path).unlink()
        else:
            write_atomic(out / path, files[path])
    write_atomic(out / MANIFEST, final)
    return changes
