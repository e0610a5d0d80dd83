"""mkdocs-macros adapter: the macros live in the package (guideline/macros.py), shared with Zensical."""
from mkdocs.exceptions import PluginError

from guideline import macros
from guideline.errors import DataError


def define_env(env):
    try:
        macros.define_env(env)
    except DataError as e:
        raise PluginError(str(e)) from None
