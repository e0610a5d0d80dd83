"""Files made from content, kept by a hash of everything they are made from (content addressing).

    made(cache_dir, "documents", [inputs...], make) -> {file name: bytes}

The PDF and DOCX of an edition take about ten seconds each to typeset and change only when their
HTML, this package's code or the typesetting libraries change, so a build, the live preview and the
tests make each version once and reuse it. The key covers:

- the inputs the caller gives (for the documents: the document HTML and the DOCX metadata);
- every file of this package (code, templates, stylesheets), so a change to the code is a new key;
- the versions of the libraries that write the files, and the fonts installed (WeasyPrint embeds them).

An entry is written to a temporary folder and renamed into place, so a reader never sees half of
one; concurrent builds of the same key (parallel test workers, both editions) wait for each other
instead of making it twice. GUIDELINE_NO_CACHE=1 turns the cache off (the Pages deploy starts from a
fresh checkout, so it makes everything anyway).
"""
import fcntl
import functools
import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path

NO_CACHE_VARIABLE = "GUIDELINE_NO_CACHE"
DIR_VARIABLE = "GUIDELINE_CACHE_DIR"
PACKAGE = Path(__file__).resolve().parent
LIBRARIES = ("weasyprint", "pydyf", "python-docx", "lxml", "fonttools")
FONT_FOLDERS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))


def enabled() -> bool:
    return os.environ.get(NO_CACHE_VARIABLE, "") in ("", "0")


def folder(default: Path) -> Path:
    """GUIDELINE_CACHE_DIR if set (shared by several checkouts), else `default` (the checkout's .cache)."""
    return Path(os.environ.get(DIR_VARIABLE) or default)


@functools.cache
def code_version() -> str:
    """A hash of every file of this package, the writing libraries' versions and the installed fonts."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for library in LIBRARIES:
        try:
            digest.update(f"{library}=={metadata.version(library)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{library} missing\0".encode())
    for fonts in FONT_FOLDERS:
        for path in sorted(fonts.rglob("*")) if fonts.is_dir() else []:
            if path.is_file():
                digest.update(f"{path}:{path.stat().st_size}\0".encode())
    return digest.hexdigest()


def key(inputs: Iterable[str | bytes]) -> str:
    digest = hashlib.sha256(code_version().encode())
    for part in inputs:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def made(cache_dir: Path, kind: str, inputs: Iterable[str | bytes],
         make: Callable[[], dict[str, bytes]]) -> dict[str, bytes]:
    """The files `make()` returns for these inputs: from the cache if made before, else made and kept."""
    if not enabled():
        return make()
    entry = cache_dir / kind / key(inputs)
    entry.parent.mkdir(parents=True, exist_ok=True)
    with open(entry.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # a second builder of the same key waits, then reads
        if entry.is_dir():
            return {path.name: path.read_bytes() for path in sorted(entry.iterdir())}
        files = make()
        partial = Path(tempfile.mkdtemp(prefix=".partial-", dir=entry.parent))
        try:
            for name, content in files.items():
                (partial / name).write_bytes(content)
            partial.rename(entry)
        finally:
            shutil.rmtree(partial, ignore_errors=True)
        return files
