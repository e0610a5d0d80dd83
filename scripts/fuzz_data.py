"""Fuzz the data: hundreds of one-change mutations of every data file and of the example overlay,
each validated in-process, and the outcome classified.

    python scripts/fuzz_data.py [--seed 1] [--count 400] [--build-sample 0] [--show accepted]

Outcomes:
  clean      DataError whose every problem names the file, and a line where the problem has one
             (file-level problems such as "is a symbolic link" have none), with no raw pattern
  unclear    DataError with a problem lacking a line, or showing a raw pattern, or overlong
  accepted   loaded without error: listed, so a person can judge that the change is harmless data
             (a formula, a quote, a different but valid value) and comes out inert
  traceback  any other exception: a bug
  hang       no answer within --timeout seconds

With --build-sample N, N of the mutations (half refused, half accepted, when there are) are also
built with scripts/build_site.py: the build must fail exactly when validation fails, print the
same problems, and never show a traceback. The exit status is 1 on any traceback, hang,
unclear message or disagreement.
"""
import argparse
import collections
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from guideline.errors import DataError  # noqa: E402
from guideline.loader import load_guideline  # noqa: E402
from guideline.schema import FILES  # noqa: E402

OVERLAY = ROOT / "tests" / "fixtures" / "fork" / "municipality"
FILE_LEVEL = ("file is missing", "symbolic link", "not a regular file", "too large", "outside the folder",
              "missing interface string", "is missing: add", "logo file")
RAW_PATTERN = re.compile(r"\[0-9\]|\(\?:|\\[dsSwZ]|\{1,2\}|\^\[")
VALUE_LINE = re.compile(r"^(\s*(?:- )?[A-Za-z0-9_.-]+: )(\S.*)$")

# Replacement values for one scalar (the text after `key: `), as YAML source.
VALUES = {
    "empty-string": '""', "spaces": '"   "', "ideographic-space": '"\u3000"', "null": "null", "tilde": "~",
    "number": "42", "float": "1.10", "bool": "true", "list": "[a, b]", "mapping": "{x: 1}",
    "html": '"<script>alert(1)</script>"', "img-onerror": "\"<img src=x onerror=alert(1)>\"",
    "jinja": '"{{ config }}"', "jinja-block": '"{% include \'/etc/passwd\' %}"',
    "formula": "'=HYPERLINK(\"https://evil.example\",\"x\")'", "formula-plus": "'+1+1'", "formula-at": "'@SUM(A1)'",
    "quote": "'a \" onmouseover=\"alert(1)'", "escaped-nul": '"a\\0b"', "escaped-x01": '"a\\x01b"',
    "escaped-vt": '"a\\vb"', "escaped-esc": '"a\\eb"', "lone-surrogate": '"a\\ud800b"', "bidi": '"a\\u202eb"',
    "newline": '"a\\n# b"', "trailing-newline": '"P01-1\\n"', "tab": '"a\\tb"', "long-100k": '"' + "あ" * 100_000 + '"',
    "custom-tag": "!foo bar", "python-tag": "!!python/object:os.system x", "str-tag": "!!str 3",
    "undefined-alias": "*nowhere", "anchor": "&a x", "date-impossible": "2026-13-45",
    "date-impossible-quoted": '"2026-13-45"', "javascript-url": "javascript:alert(1)",
    "data-url": '"data:text/html,<b>x</b>"', "local-rule-id": "L-P05-1-USER-01", "unknown-id": "P09-9-PROV-99",
    "duplicate-id": "P01-1-PROV-01", "id-trailing-space": '"P01-1-PROV-01 "', "sub-item-id": "P01-1",
    "markdown-heading": '"# heading"', "markdown-link": '"[x](javascript:alert(1))"', "entity": '"&quot;"',
    "character-reference-name": "quot", "comma-quote": "'a,\"b'", "slash": "a/b", "huge-number": "1e999",
    "flow-comma": "{ja: a, en: b, c}", "unclosed-quote": '"abc', "colon-space": "a: b",
}

# Whole-file changes: (name, function of (path, content bytes) -> new bytes or None when done in place).
def _latin1(path: Path, content: bytes) -> bytes:
    return content.decode("utf-8").encode("latin-1", errors="replace") + "é".encode("latin-1")


def _symlink(target: str) -> Callable[[Path, bytes], None]:
    def change(path: Path, content: bytes) -> None:
        path.unlink()
        path.symlink_to(target)
    return change


def _fifo(path: Path, content: bytes) -> None:
    path.unlink()
    os.mkfifo(path)


def _folder(path: Path, content: bytes) -> None:
    path.unlink()
    path.mkdir()


def _delete(path: Path, content: bytes) -> None:
    path.unlink()


def _loop(path: Path, content: bytes) -> None:
    path.unlink()
    path.symlink_to(path)


BOMB = (b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n")
FILE_CHANGES: dict[str, Callable[[Path, bytes], bytes | None]] = {
    "latin-1": _latin1,
    "utf-16": lambda p, c: c.decode("utf-8").encode("utf-16"),
    "utf-8-bom": lambda p, c: b"\xef\xbb\xbf" + c,
    "stray-byte": lambda p, c: c[: len(c) // 2] + b"\xff" + c[len(c) // 2:],
    "raw-nul": lambda p, c: c[: len(c) // 3] + b"\x00" + c[len(c) // 3:],
    "raw-c1": lambda p, c: c.replace(b"\n", "\n\u0085".encode(), 1),
    "raw-esc": lambda p, c: c.replace(b": ", b": \x1b[2J", 1),
    "truncated": lambda p, c: c[: len(c) // 2],
    "empty": lambda p, c: b"",
    "only-comment": lambda p, c: b"# nothing\n",
    "alias-bomb": lambda p, c: BOMB + c,
    "deep-5000": lambda p, c: c + b"deep: " + b"[" * 5000 + b"]" * 5000 + b"\n",
    "huge": lambda p, c: c + b"# " + b"x" * 3_000_000 + b"\n",
    "two-documents": lambda p, c: c + b"---\na: 1\n",
    "tabs-indent": lambda p, c: c.replace(b"\n  ", b"\n\t", 1),
    "symlink-outside": _symlink("/etc/hostname"),
    "symlink-dev-zero": _symlink("/dev/zero"),
    "symlink-loop": _loop,
    "fifo": _fifo,
    "folder": _folder,
    "deleted": _delete,
}

LINE_CHANGES = {
    "delete-line": lambda lines, i: lines[:i] + lines[i + 1:],
    "duplicate-line": lambda lines, i: lines[:i + 1] + lines[i:],
    "indent-line": lambda lines, i: lines[:i] + ["  " + lines[i]] + lines[i + 1:],
    "dedent-line": lambda lines, i: [*lines[:i], lines[i].removeprefix("  "), *lines[i + 1:]],
    "swap-lines": lambda lines, i: lines[:i] + lines[i + 1:i + 2] + lines[i:i + 1] + lines[i + 2:],
}


@dataclass
class Mutation:
    file: str      # data/<name>.yaml or municipality/<name>
    operator: str
    line: int | None
    apply: Callable[[Path, Path], None]  # (data copy, overlay copy)


def _target(file: str, data: Path, overlay: Path) -> Path:
    folder, name = file.split("/", 1)
    return (data if folder == "data" else overlay) / name


def mutations(rng: random.Random, count: int) -> list[Mutation]:
    files = [f"data/{name}" for name in FILES.values()] + ["municipality/municipality.yaml"]
    sources = {f: (ROOT / f if f.startswith("data/") else OVERLAY / f.split("/", 1)[1]).read_text(encoding="utf-8")
               for f in files}
    found: list[Mutation] = []
    # Every file-level change on every file once, and on the overlay's logo and a page.
    for file in [*files, "municipality/logo.svg", "municipality/pages/ja/approved-services.md"]:
        for name, change in FILE_CHANGES.items():
            if file.endswith((".svg", ".md")) and name not in ("symlink-outside", "symlink-dev-zero", "symlink-loop",
                                                                "fifo", "folder", "deleted", "stray-byte", "huge"):
                continue
            found.append(Mutation(file, name, None, _file_change(file, change)))
    # Value and line changes at random places of random files, until `count`.
    while len(found) < count:
        file = rng.choice(files)
        lines = sources[file].split("\n")
        if rng.random() < 0.75:
            candidates = [i for i, line in enumerate(lines) if VALUE_LINE.match(line)]
            i = rng.choice(candidates)
            name = rng.choice(list(VALUES))
            new = VALUE_LINE.sub(lambda m, v=VALUES[name]: m.group(1) + v, lines[i])
            found.append(Mutation(file, f"value:{name}", i + 1, _text_change(file, [*lines[:i], new, *lines[i + 1:]])))
        else:
            i = rng.randrange(1, len(lines) - 1)
            name = rng.choice(list(LINE_CHANGES))
            found.append(Mutation(file, f"line:{name}", i + 1, _text_change(file, LINE_CHANGES[name](lines, i))))
    return found


def _file_change(file: str, change: Callable[[Path, bytes], bytes | None]) -> Callable[[Path, Path], None]:
    def apply(data: Path, overlay: Path) -> None:
        path = _target(file, data, overlay)
        result = change(path, path.read_bytes())
        if result is not None:
            path.write_bytes(result)
    return apply


def _text_change(file: str, lines: list[str]) -> Callable[[Path, Path], None]:
    def apply(data: Path, overlay: Path) -> None:
        _target(file, data, overlay).write_text("\n".join(lines), encoding="utf-8")
    return apply


def _changed_line(mutation: Mutation) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        data, overlay = Path(tmp) / "data", Path(tmp) / "municipality"
        shutil.copytree(ROOT / "data", data)
        shutil.copytree(OVERLAY, overlay)
        mutation.apply(data, overlay)
        lines = _target(mutation.file, data, overlay).read_text(encoding="utf-8", errors="replace").split("\n")
        return lines[(mutation.line or 1) - 1] if mutation.line and mutation.line <= len(lines) else ""


class Timeout(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise Timeout()


def classify(mutation: Mutation, workdir: Path, timeout: int) -> tuple[str, str]:
    data, overlay = workdir / "data", workdir / "municipality"
    for folder in (data, overlay):
        if folder.exists():
            shutil.rmtree(folder)
    shutil.copytree(ROOT / "data", data)
    shutil.copytree(OVERLAY, overlay)
    mutation.apply(data, overlay)
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(timeout)
    try:
        load_guideline(data, overlay_dir=overlay)
        outcome, detail = "accepted", ""
    except DataError as e:
        unclear = [p for p in e.problems
                   if not p.file or (p.line is None and not any(k in p.message for k in FILE_LEVEL))
                   or RAW_PATTERN.search(p.message) or len(str(p)) > 600]
        outcome = "unclear" if unclear else "clean"
        detail = str(unclear[0] if unclear else e.problems[0])
    except Timeout:
        outcome, detail = "hang", f"no answer in {timeout} s"
    except Exception:  # noqa: BLE001 - a traceback is what the fuzzer looks for
        outcome, detail = "traceback", traceback.format_exc(limit=-3)
    finally:
        signal.alarm(0)
    return outcome, detail


def _classify_at(seed: int, count: int, index: int, workdir: str, timeout: int) -> tuple[str, str]:
    """classify() in a worker process (mutations hold closures, so they are re-made from the seed)."""
    mutation = mutations(random.Random(seed), count)[index]
    Path(workdir).mkdir(parents=True, exist_ok=True)
    try:
        return classify(mutation, Path(workdir), timeout)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def build_agrees(mutation: Mutation, workdir: Path, refused: bool) -> str | None:
    """None when the build agrees with validation; otherwise what went wrong."""
    data, overlay = workdir / "data", workdir / "municipality"
    for folder in (data, overlay):
        if folder.exists():
            shutil.rmtree(folder)
    shutil.copytree(ROOT / "data", data)
    shutil.copytree(OVERLAY, overlay)
    mutation.apply(data, overlay)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GUIDELINE_DATA_DIR": str(data),
           "GUIDELINE_OVERLAY_DIR": str(overlay)}
    try:
        result = subprocess.run([sys.executable, "scripts/build_site.py", "--out", str(workdir / "site")], cwd=ROOT,
                                env=env, capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        return "the build hung"
    output = result.stdout + result.stderr
    if "Traceback" in output:
        return "traceback in the build: " + output[output.index("Traceback"):][:1500]
    if refused != (result.returncode != 0):
        said = "refused" if refused else "accepted"
        return f"validation {said} but the build exited {result.returncode}: {output[-800:]}"
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=400)
    parser.add_argument("--timeout", type=int, default=20)
    parser.add_argument("--build-sample", type=int, default=0)
    parser.add_argument("--show", action="append", default=[], help="list the mutations with this outcome")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    found = mutations(rng, args.count)
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        work = Path(tmp)
        if args.jobs > 1:
            import multiprocessing
            with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
                outcomes = pool.starmap(_classify_at, [(args.seed, args.count, i, str(work / f"w{i}"), args.timeout)
                                                       for i in range(len(found))])
        else:
            outcomes = [classify(m, work, args.timeout) for m in found]
        results = [(m, o, d) for m, (o, d) in zip(found, outcomes, strict=True)]
        disagreements = []
        if args.build_sample:
            refused = [r for r in results if r[1] in ("clean", "unclear")]
            accepted = [r for r in results if r[1] == "accepted"]
            sample = rng.sample(refused, min(len(refused), args.build_sample - args.build_sample // 2)) + \
                rng.sample(accepted, min(len(accepted), args.build_sample // 2))
            for mutation, outcome, _ in sample:
                problem = build_agrees(mutation, work, outcome != "accepted")
                if problem:
                    disagreements.append((mutation, problem))
    counts = collections.Counter(outcome for _, outcome, _ in results)
    print(f"{len(results)} one-change mutations (seed {args.seed}) of {len({m.file for m in found})} files\n")
    print("| outcome | count |\n| --- | --- |")
    for outcome in ("clean", "accepted", "unclear", "traceback", "hang"):
        print(f"| {outcome} | {counts.get(outcome, 0)} |")
    by_operator = collections.Counter(m.operator for m, o, _ in results if o == "accepted")
    print("\naccepted, by change:", ", ".join(f"{k} {v}" for k, v in sorted(by_operator.items())))
    for mutation, outcome, detail in results:
        if outcome in ("unclear", "traceback", "hang") or outcome in args.show:
            print(f"\n[{outcome}] {mutation.file}:{mutation.line or ''} {mutation.operator}\n  {detail.strip()[:1500]}")
            if outcome == "accepted" and mutation.line:
                print("  changed line:", _changed_line(mutation)[:200])
    if args.build_sample:
        print(f"\nbuilt {args.build_sample} of them: {len(disagreements)} disagreement(s)")
        for mutation, problem in disagreements:
            print(f"\n[build] {mutation.file}:{mutation.line or ''} {mutation.operator}\n  {problem}")
    bad = counts.get("traceback", 0) + counts.get("hang", 0) + counts.get("unclear", 0) + len(disagreements)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
