"""The disclaimer (data/guideline.yaml `disclaimer`) for the theme: overrides/main.html shows it on
every page of the English edition and on the home page of the Japanese edition, with a link to the
editorial notes (the list of differences from the PDF)."""
from .model import Guideline


def theme_extra(g: Guideline, lang: str) -> dict[str, str]:
    """Values for `config.extra`; the template escapes them."""
    if g.meta.disclaimer is None:
        return {}
    return {"disclaimer": g.meta.disclaimer[lang],
            "disclaimer_label": g.text("disclaimer.label", lang),
            "disclaimer_link": g.text("disclaimer.notes_link", lang)}
