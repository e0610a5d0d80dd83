"""Benchmark the live preview: the time from saving a file to the reloaded page in the browser.

Runs `mkdocs serve` (as `make serve` does) on a scratch copy of the project, opens a page in
Chromium, then, for each kind of file an editor saves (a data file under data/, a hand-written
page under docs/, the theme overrides under overrides/), changes one visible text, saves, and waits
until the page shows the new text. Prints the median and the slowest of each, and the server's CPU
time per save (this shared machine's load varies; the CPU time does not); says plainly when a
median misses the target (with --strict, exits 1 then). The repository's own files are never
touched. scripts/bench.py can call measure_preview() and report().

    python scripts/bench_preview.py [--runs 5] [--lang ja] [--strict]
"""
from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from guideline import render  # noqa: E402
from guideline.generate import EDITION_CONFIGS  # noqa: E402
from guideline.loader import load_guideline  # noqa: E402

TARGET_S = 2.0
CHROMIUM = "/usr/bin/chromium"
# What a scratch copy of the project needs to be served (the package is imported from ROOT).
PROJECT_FILES = ["mkdocs.yml", "mkdocs.en.yml", "hooks.py", "hooks_material.py", "macros.py", "data", "docs",
                 "overrides"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def scratch_project(target: Path) -> Path:
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy(source, target / name)
    return target


@contextmanager
def mkdocs_serve(project: Path, lang: str) -> Iterator[tuple[str, int]]:
    """`make serve`'s command on the scratch project; yields its URL (once the first build is served)
    and its process ID."""
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GUIDELINE_SKIP_DOCUMENTS": "1",  # as `make serve`
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    for name in ("GUIDELINE_DATA_DIR", "GUIDELINE_OVERLAY_DIR"):
        env.pop(name, None)
    log = (project / "serve.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", EDITION_CONFIGS[lang],
                               "--dev-addr", f"127.0.0.1:{port}"], cwd=project, env=env, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120
        while True:
            if server.poll() is not None:
                raise SystemExit(f"mkdocs serve stopped:\n{(project / 'serve.log').read_text()[-3000:]}")
            try:
                urllib.request.urlopen(url, timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit("mkdocs serve did not answer within 120 s") from None
                time.sleep(0.2)
        yield url, server.pid
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise SystemExit(f"{path}: {old!r} not found")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def file_with(folder: Path, text: str, pattern: str = "*.yaml") -> Path:
    for path in sorted(folder.rglob(pattern)):
        if text in path.read_text(encoding="utf-8"):
            return path
    raise SystemExit(f"no file under {folder} contains {text!r}")


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far: the load-independent cost of a rebuild."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(page, server_pid: int, path: Path, old: str, runs: int, label: str) -> tuple[list[float], list[float]]:
    """Save `path` with `old` changed to a new marker each run: seconds until the page shows it,
    and the server's CPU seconds for it."""
    times, cpu = [], []
    current = old
    for i in range(runs):
        marker = f"{old}{label}{i}{int(time.time())}"
        cpu_before = cpu_seconds(server_pid)
        start = time.perf_counter()
        replace_once(path, current, marker)
        page.get_by_text(marker).first.wait_for(timeout=60_000)
        times.append(time.perf_counter() - start)
        cpu.append(cpu_seconds(server_pid) - cpu_before)
        current = marker
        time.sleep(0.5)  # let the server settle before the next save
    replace_once(path, current, old)
    return times, cpu


def measure_preview(runs: int = 5, lang: str = "ja") -> dict[str, tuple[list[float], list[float]]]:
    """Per kind of file saved: the seconds from save to reloaded page, and the server's CPU seconds."""
    from playwright.sync_api import sync_playwright

    g = load_guideline(ROOT / "data")
    sub_item = g.sub_items[0]
    sub_item_url = render.sub_item_path(sub_item).removesuffix(".md") + "/"
    docs_page = ROOT / "docs" / lang / "introduction.md"
    docs_heading = next(line.lstrip("# ").split(" {")[0] for line in docs_page.read_text(encoding="utf-8").splitlines()
                        if line.startswith("# "))
    results: dict[str, tuple[list[float], list[float]]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-preview-") as tmp:
        project = scratch_project(Path(tmp))
        with mkdocs_serve(project, lang) as (url, pid), sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page()
            cases: list[tuple[str, str, Path, str]] = [
                # A sub-item's title in the data: its page is generated, so this is the whole chain.
                ("data/ (YAML)", sub_item_url, file_with(project / "data", sub_item.title[lang]),
                 sub_item.title[lang]),
                ("docs/ (page)", "introduction/", project / "docs" / lang / "introduction.md", docs_heading),
            ]
            for label, path, file, text in cases:
                page.goto(url + path)
                page.get_by_text(text).first.wait_for()
                results[label] = measure(page, pid, file, text, runs, "★")
            # The theme overrides: a block made visible is enough to see the rebuild arrive.
            page.goto(url + sub_item_url)
            main_html = project / "overrides" / "main.html"
            replace_once(main_html, "{% extends \"base.html\" %}",
                         "{% extends \"base.html\" %}\n{% block announce %}OVERRIDE-MARK{% endblock %}")
            page.get_by_text("OVERRIDE-MARK").first.wait_for(timeout=60_000)
            results["overrides/ (theme)"] = measure(page, pid, main_html, "OVERRIDE-MARK", runs, "-")
            browser.close()
    return results


def report(results: dict[str, tuple[list[float], list[float]]], lang: str, runs: int) -> tuple[str, bool]:
    """The figures as text, and whether every median meets the target."""
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [f"Live preview ({lang}), save -> reloaded page, {runs} runs each (target <= {TARGET_S} s); "
             f"load average {load} on {os.cpu_count()} cores:"]
    met = True
    for label, (times, cpu) in results.items():
        median = statistics.median(times)
        met &= median <= TARGET_S
        lines.append(f"  {label:20} median {median:.2f} s, slowest {max(times):.2f} s; "
                     f"server CPU per save {statistics.median(cpu):.2f} s"
                     f"{'' if median <= TARGET_S else '  MISSES the target'}")
    return "\n".join(lines), met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--lang", default="ja", choices=list(EDITION_CONFIGS))
    parser.add_argument("--strict", action="store_true", help="exit 1 when a median misses the target")
    args = parser.parse_args()
    text, met = report(measure_preview(args.runs, args.lang), args.lang, args.runs)
    print(text)
    return 1 if args.strict and not met else 0


if __name__ == "__main__":
    sys.exit(main())
