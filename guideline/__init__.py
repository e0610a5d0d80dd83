"""The 自治体向け AI ガバナンスガイドライン as data: model, validation, rendering and exports.

Plain Python with no MkDocs imports, so the site engine can be swapped; `hooks.py` and
`macros.py` at the repository root are the only adapters.
"""

LANGUAGES = ("ja", "en")
