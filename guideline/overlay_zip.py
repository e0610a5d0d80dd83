"""`python -m guideline import-overlay ZIP`: a customizer ZIP becomes the fork's municipality/ folder.

The customizer page (自治体版をつくる) writes exactly the municipality/ folder as a ZIP. This
unpacks it with care, since a ZIP can come from anywhere: only the files an overlay has
(municipality.yaml, a logo, pages/ja|en/*.md), no paths that climb out, no links, limited sizes.
It is unpacked into a staging folder and validated with the guideline data first; an existing
municipality/ is replaced only when asked (`--replace`), after saying what changes, and is kept
as municipality.previous-<time>/.
"""
import re
import shutil
import stat
import tempfile
import zipfile
import zlib
from datetime import datetime
from pathlib import Path, PurePosixPath

from .errors import DataError
from .loader import load_guideline

# The same limits as the customizer page (overrides/assets/customizer.js).
MAX_ZIP_BYTES = 10 * 1024 * 1024
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_FILES = 200
FOLDER = "municipality"
# What an overlay folder holds, relative to it (see overlay.py).
OVERLAY_FILE = re.compile(r"municipality\.yaml|[A-Za-z0-9._-]+\.(?:svg|png)|pages/(?:ja|en)/[a-z0-9-]+\.md")


class OverlayZipError(Exception):
    """The ZIP is not a usable overlay; nothing was written."""


def overlay_members(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """The overlay's files in the ZIP, by path inside municipality/. Refuses anything else."""
    infos = archive.infolist()
    if len(infos) > MAX_FILES:
        raise OverlayZipError(f"the ZIP holds {len(infos)} entries; an overlay has at most {MAX_FILES}")
    names = [i.filename for i in infos if not i.is_dir()]
    # Made by the customizer: everything under municipality/. Zipped by hand: perhaps at the top.
    prefix = f"{FOLDER}/" if f"{FOLDER}/municipality.yaml" in names else ""
    if prefix == "" and "municipality.yaml" not in names:
        raise OverlayZipError("this is not a municipality ZIP: it has no municipality/municipality.yaml")
    members = {}
    for info in infos:
        name = info.filename
        path = PurePosixPath(name)
        if "\\" in name or path.is_absolute() or ".." in path.parts or name.startswith("/"):
            raise OverlayZipError(f"unsafe path in the ZIP: {name!r}")
        if info.is_dir():
            continue
        if stat.S_ISLNK(info.external_attr >> 16):
            raise OverlayZipError(f"{name}: links are not allowed in an overlay")
        if not name.startswith(prefix) or not OVERLAY_FILE.fullmatch(name[len(prefix):]):
            raise OverlayZipError(f"unexpected file in the ZIP: {name} (an overlay holds only "
                                  f"{prefix}municipality.yaml, a logo (.svg or .png) and {prefix}pages/ja|en/*.md)")
        if info.file_size > MAX_FILE_BYTES:
            raise OverlayZipError(f"{name} is {info.file_size} bytes; the limit is {MAX_FILE_BYTES}")
        members[name[len(prefix):]] = info
    return members


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    # The sizes in the ZIP's directory can lie: stop reading at the limit whatever they say.
    try:
        with archive.open(info) as stream:
            content = stream.read(MAX_FILE_BYTES + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError) as e:
        raise OverlayZipError(f"{info.filename} is damaged ({e})") from None
    if len(content) > MAX_FILE_BYTES:
        raise OverlayZipError(f"{info.filename} unpacks to more than {MAX_FILE_BYTES} bytes")
    return content


def unpack(zip_path: Path, target: Path) -> list[str]:
    """Write the overlay's files into the empty folder `target`; returns their paths."""
    if not zip_path.is_file():
        raise OverlayZipError(f"{zip_path} does not exist")
    if zip_path.stat().st_size > MAX_ZIP_BYTES:
        raise OverlayZipError(f"{zip_path} is larger than {MAX_ZIP_BYTES} bytes")
    try:
        archive = zipfile.ZipFile(zip_path)
    except zipfile.BadZipFile:
        raise OverlayZipError(f"{zip_path} is not a ZIP file") from None
    with archive:
        members = overlay_members(archive)
        total = 0
        for relative, info in sorted(members.items()):
            content = _read(archive, info)
            total += len(content)
            if total > MAX_ZIP_BYTES:
                raise OverlayZipError(f"the ZIP unpacks to more than {MAX_ZIP_BYTES} bytes")
            destination = target.joinpath(*PurePosixPath(relative).parts)
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(content)
    return sorted(members)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def changes(old: Path, new: Path) -> list[str]:
    """What replacing `old` with `new` changes, one line per file."""
    before, after = _files(old), _files(new)
    lines = [f"  added:   {name}" for name in after if name not in before]
    lines += [f"  changed: {name}" for name in after if name in before and before[name] != after[name]]
    lines += [f"  removed: {name}" for name in before if name not in after]
    return lines


def import_overlay(zip_path: Path, target: Path, data_dir: Path, replace: bool = False) -> int:
    """Unpack, validate, and move into place. Prints what it did; returns the exit status."""
    target = target.resolve()
    staging = Path(tempfile.mkdtemp(prefix=".overlay-import-", dir=target.parent))
    try:
        try:
            files = unpack(zip_path, staging)
        except OverlayZipError as e:
            print(f"{zip_path}: {e}. Nothing was changed.")
            return 1
        try:
            g = load_guideline(data_dir, overlay_dir=staging)
        except DataError as e:
            # Name the files as they are in the ZIP, not in the staging folder.
            report = str(e).replace(str(staging), f"{zip_path}:{FOLDER}")
            print(f"{zip_path}: the overlay in the ZIP does not pass validation. Nothing was changed.\n{report}")
            return 1
        if target.exists():
            diff = changes(target, staging)
            if not diff:
                print(f"{target} already holds exactly this overlay: nothing to do. Next: make build")
                return 0
            if not replace:
                print(f"{target} already exists. Importing {zip_path} would change:\n" + "\n".join(diff)
                      + "\nNothing was changed. To replace it, run again with --replace "
                        "(make import-overlay ZIP=... REPLACE=1); the current folder is then kept as a backup.")
                return 1
            backup = target.with_name(f"{target.name}.previous-{datetime.now():%Y%m%d-%H%M%S}")
            target.rename(backup)
            print(f"kept the previous overlay as {backup}")
            print("\n".join(diff))
        staging.rename(target)
        municipality = g.municipality.name["ja"] if g.municipality else ""
        print(f"imported the overlay of {municipality} ({len(files)} files) into {target}; it passes validation.\n"
              "Next: make build   (the site in site/; `make offline` for the closed-network copy)")
        return 0
    finally:
        shutil.rmtree(staging, ignore_errors=True)
