"""The live preview (`make serve`): saving a file under data/, docs/, overrides/ or municipality/
rebuilds the site that `mkdocs serve` serves.

Runs on a scratch copy of the project (with the example fork as its municipality/), so the
repository's files are never touched. The browser side (the reload) is measured by
scripts/bench_preview.py.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from guideline import render
from guideline.loader import load_guideline
from tests.conftest import DATA, FORK, ROOT, UPSTREAM

G = UPSTREAM
OTHER_PREVIEW = "en=http://127.0.0.1:8001/"  # as `make serve` sets it
PROJECT_FILES = ["mkdocs.yml", "mkdocs.en.yml", "hooks.py", "hooks_material.py", "macros.py", "data", "docs",
                 "overrides"]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    """`make serve`'s command on a scratch project; yields (project folder, URL)."""
    project = tmp_path_factory.mktemp("preview")
    for name in PROJECT_FILES:
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, project / name)
    shutil.copytree(FORK, project / "municipality")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    for name in ("GUIDELINE_DATA_DIR", "GUIDELINE_OVERLAY_DIR"):
        env.pop(name, None)
    env["GUIDELINE_SKIP_DOCUMENTS"] = "1"  # as `make serve`: the preview leaves the documents out
    env["GUIDELINE_PREVIEW_SITES"] = f"ja=http://127.0.0.1:{port}/ {OTHER_PREVIEW}"
    log = (project / "serve.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, (project / "serve.log").read_text()[-3000:]
            try:
                fetch(url)
                break
            except OSError:
                assert time.monotonic() < deadline, "mkdocs serve did not answer within 120 s"
                time.sleep(0.3)
        yield project, url
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def save_and_wait(preview, file: str, old: str, new: str, page: str, shown: str) -> None:
    """Change `old` to `new` in the project's `file`; the served `page` must show `shown` within 60 s."""
    project, url = preview
    path = project / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{file}: {old!r} not found"
    assert shown not in fetch(url + page)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    deadline = time.monotonic() + 60
    while shown not in fetch(url + page):
        assert time.monotonic() < deadline, f"{page} did not show {shown!r} 60 s after saving {file}:\n" \
                                            + (project / "serve.log").read_text()[-2000:]
        time.sleep(0.2)


def yaml_file_with(folder: Path, text: str) -> str:
    return next(p.relative_to(folder.parent).as_posix() for p in sorted(folder.glob("*.yaml"))
                if text in p.read_text(encoding="utf-8"))


def test_saving_a_data_file_rebuilds_its_generated_page(preview):
    sub_item = G.sub_items[0]
    title = sub_item.title["ja"]
    save_and_wait(preview, yaml_file_with(preview[0] / "data", title), title, title + "（保存テスト）",
                  render.sub_item_path(sub_item).removesuffix(".md") + "/", title + "（保存テスト）")


def test_saving_a_page_under_docs_rebuilds_it(preview):
    save_and_wait(preview, "docs/ja/introduction.md", "\n\n", "\n\n保存テストの段落。\n\n", "introduction/",
                  "<p>保存テストの段落。</p>")


def test_saving_the_theme_overrides_rebuilds_every_page(preview):
    save_and_wait(preview, "overrides/main.html", '{% extends "base.html" %}',
                  '{% extends "base.html" %}\n{% block announce %}上書きテスト{% endblock %}', "roles/provider/",
                  "上書きテスト")


def test_saving_the_forks_overlay_rebuilds_its_pages(preview):
    name = "見本市"
    save_and_wait(preview, "municipality/municipality.yaml", f"ja: {name}", f"ja: {name}保存テスト", "",
                  f"{name}保存テスト")


def test_the_language_switcher_leads_to_the_other_editions_preview(preview):
    """Each preview serves one edition; `make serve` and `make serve-en` link to each other."""
    project, url = preview
    other = OTHER_PREVIEW.split("=", 1)[1]
    html = fetch(url + "roles/provider/")
    assert f'href="{other}roles/provider/" hreflang="en"' in html
    assert f'href="{url}roles/provider/" hreflang="ja"' in html


def test_the_preview_looks_for_saved_files_often(tmp_path):
    """Every folder the preview watches, MkDocs' own (docs/, mkdocs.yml) and the hooks' (data, a
    fork's overlay, the theme overrides), is looked at every PREVIEW_POLL_SECONDS, not MkDocs' 0.5 s."""
    import hooks
    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer

    config = load_config(str(ROOT / "mkdocs.yml"))
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    server.watch(config.docs_dir)  # as `mkdocs serve` does before the hook runs
    server.watch(config.config_file_path)
    hooks.on_serve(server, config, builder=None)
    watched = {Path(emitter.watch.path) for emitter in server.observer.emitters}
    assert {Path(config.docs_dir), DATA, ROOT / "overrides"} <= watched
    assert {emitter.timeout for emitter in server.observer.emitters} == {hooks.PREVIEW_POLL_SECONDS}
