"""Workarounds for Material for MkDocs (9.8.1). Nothing here is needed by another engine.

Japanese search: the theme's search worker splits a kanji query (個人情報, 第三者認証) into words
it knows from the index, but its loop stops one character short, so the last word of the query
is dropped (第三者認証 is searched as 第三者). This replaces the worker with a copy where the loop
includes the last character. The build fails if the theme's code changes, so an upgrade cannot
silently lose or misapply the fix: then check whether upstream fixed it and update or drop this.
"""
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

WORKER = "assets/javascripts/workers/search."
SEGMENT_LOOP = "for(let o=s+1;o<t.length;o++)t.slice(s,o)in e"
SEGMENT_LOOP_FIXED = "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e"


def fix_search_worker(source: str) -> str:
    if source.count(SEGMENT_LOOP) != 1:
        raise PluginError("hooks_material.py: the theme's search worker changed; the Japanese search "
                          "fix no longer applies. Check the theme's segment() and update or remove the fix.")
    return source.replace(SEGMENT_LOOP, SEGMENT_LOOP_FIXED)


def on_files(files, config):
    workers = [f for f in files if f.src_uri.startswith(WORKER) and f.src_uri.endswith(".min.js")]
    if len(workers) != 1:
        raise PluginError(f"hooks_material.py: expected one search worker, found {len(workers)}")
    worker = workers[0]
    fixed = fix_search_worker(Path(worker.abs_src_path).read_text(encoding="utf-8"))
    files.remove(worker)
    files.append(File.generated(config, worker.src_uri, content=fixed))
    return files
