"""The failure modes of healthassets, in one place.

Hierarchy::

    HealthAssetsError            anything healthassets raises on purpose
    ├── InputError               bad user input: names file, row, column and reason
    │   └── ImportValidationError  an import found bad rows; nothing was written
    ├── NotFoundError            an area, indicator or record that does not exist
    ├── Forbidden                not allowed (bad CSRF token, no permission) → 403
    ├── NotSignedIn              the page needs an account → the sign-in page
    └── TooManyRequests          a rate limit was hit → 429

The CLI turns these into a one-line message and exit status 2; the web and API into 4xx
responses. Anything else escaping is a bug.

Row numbers are 1-based positions of *data* rows (the first row after a CSV header is row 1),
so a user can find them in a spreadsheet (spreadsheet line = row + 1).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class HealthAssetsError(Exception):
    """Base class of every error healthassets raises deliberately."""


class InputError(HealthAssetsError, ValueError):
    """Bad input, located as precisely as we can: file, row, column and reason."""

    def __init__(
        self,
        reason: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.reason = reason
        self.file = file
        self.row = row
        self.column = column
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = []
        if self.file is not None:
            where.append(str(self.file))
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.reason}" if where else self.reason

    def with_file(self, file: str) -> InputError:
        """The same error, located in ``file`` (used by readers that know the file name)."""
        return type(self)(self.reason, file=file, row=self.row, column=self.column)


@dataclass(frozen=True)
class RowProblem:
    """One rejected row of an import: where it is and why it was rejected."""

    row: int
    column: str | None
    reason: str
    file: str | None = None

    def __str__(self) -> str:
        return str(InputError(self.reason, file=self.file, row=self.row, column=self.column))


class ImportValidationError(InputError):
    """An import found invalid rows; nothing was written. ``problems`` lists every one."""

    def __init__(self, problems: Sequence[RowProblem], *, file: str | None = None) -> None:
        self.problems = list(problems)
        first = self.problems[0] if self.problems else RowProblem(0, None, "invalid input")
        more = len(self.problems) - 1
        reason = first.reason + (f" (and {more} more problem(s))" if more > 0 else "")
        super().__init__(reason, file=file or first.file, row=first.row, column=first.column)

    def with_file(self, file: str) -> ImportValidationError:
        return ImportValidationError(self.problems, file=file)


class NotFoundError(HealthAssetsError, LookupError):
    """A requested area, indicator or record does not exist."""


class Forbidden(HealthAssetsError):
    """The request is not allowed (bad CSRF token, no permission) → 403."""


class NotSignedIn(HealthAssetsError):
    """The page needs an account → redirect to the sign-in page."""


class TooManyRequests(HealthAssetsError):
    """A rate limit was hit → 429."""
