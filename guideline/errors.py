"""Problems found in the data, reported with file, line and record ID."""
from dataclasses import dataclass


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


class DataError(Exception):
    """The data is invalid. Carries every problem found, so editors can fix them in one go."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.message))
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the guideline data:\n{lines}")
