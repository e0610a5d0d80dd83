"""Problems found in the data, reported with file, line and record ID."""
from dataclasses import dataclass

# Values echoed back in messages are cut to this many characters: a 1 MB ID must not come back
# as a 2 MB line.
SHOWN_VALUE = 60


def shown(value: object) -> str:
    """A value as quoted in a message: repr, shortened."""
    text = repr(value)
    return text if len(text) <= SHOWN_VALUE else text[:SHOWN_VALUE - 1] + "…"


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None  # 1-based; None when the problem is not tied to one line
    record_id: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        record = f" [{self.record_id}]" if self.record_id else ""
        return f"{where}:{record} {self.message}"


@dataclass(frozen=True, order=True)
class DataWarning(Problem):
    """Something to fix that does not stop the build (e.g. a local rule written in Japanese only).

    Collected in Guideline.warnings; `python -m guideline validate` and the build print them."""

    def __str__(self) -> str:
        return "warning: " + super().__str__()


class DataError(Exception):
    """The data is invalid. Carries every problem found, so editors can fix them in one go."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.message))
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the guideline data:\n{lines}")
