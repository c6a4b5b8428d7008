"""The header line of a SIPRI export: where it is, what each column holds, and what a file that is not a register is."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import datetime

from armsdata import schema
from armsdata.io import FILE_LINE, DataError, Problem

REGISTER_FORMAT = "trade register"
PER_YEAR_FORMAT = "transfers by delivery year"

#: How far down a preamble the header line may be.
MAX_PREAMBLE_LINES = 50

# --------------------------------------------------------------------------
# The two header layouts, column by column
# --------------------------------------------------------------------------

#: A SIPRI header cell (lower case, single spaces) -> the register column it fills.
#: None: a column read but not kept (the register table has no place for it; see CODEBOOK.md).
HEADER_NAMES: dict[str, str | None] = {
    "sipri at database id": "sipri_id",
    "supplier": "supplier",
    "recipient": "recipient",
    "weapon designation": "designation",
    "designation": "designation",
    "weapon description": "description",
    "description": "description",
    "armament category": "category",
    "year of order": "order_year",
    "order date": "order_year",
    "order date is estimate": "order_year_estimated",
    "number ordered": "number_ordered",
    "number delivered": "number_delivered",
    "numbers delivered": "number_delivered",
    # the filtered variant: deliveries within the selected years, which is what 'Number delivered' holds too
    "deliveries in the year range": "number_delivered",
    "number delivered is estimate": "number_delivered_estimated",
    "numbers delivered is estimate": "number_delivered_estimated",
    "year(s) of delivery": "delivery_years",
    "delivery year": "delivery_year",  # one row per delivery year: summed to one row per deal
    "status": "status",
    "comments": "comments",
    "sipri tiv per unit": "tiv_per_unit",
    "tiv deal unit": "tiv_per_unit",
    "sipri tiv for total order": "tiv_order",
    "sipri tiv of delivered weapons": "tiv_delivered",
    "tiv delivery values": "tiv_delivered",
    "delivery year is estimate": None,
    "sipri estimate": None,  # TIV of one new unit; tiv_per_unit is the deal's own
    "local production": None,
}
#: Columns an unnamed ``?`` column may follow: it flags their value as a SIPRI estimate.
FLAGGED = ("order_year", "number_ordered", "number_delivered")

TEXT = ("supplier", "recipient", "designation", "description", "category", "delivery_years", "status", "comments")
INTEGERS = ("sipri_id", "order_year", "number_ordered", "number_delivered", "delivery_year")
NUMBERS = ("tiv_per_unit", "tiv_order", "tiv_delivered")
FLAGS = ("order_year_estimated", "number_ordered_estimated", "number_delivered_estimated")

#: The register table: columns in order, with their pandas dtypes.
COLUMNS: dict[str, str] = {
    name: ("Int64" if name in INTEGERS else "Float64" if name in NUMBERS else
           "boolean" if name in FLAGS else "string")
    for name in schema.REGISTER.columns
}

#: The columns every record of either export fills: a line without one of them is no record of its own.
CORE = ("supplier", "recipient", "designation", "order_year")
#: How the trade register names the columns a header must have, for messages.
_SIPRI_NAMES = {"supplier": "Supplier", "recipient": "Recipient", "designation": "Weapon designation",
                "order_year": "Year of order", "sipri_id": "SIPRI AT Database ID",
                "number_delivered": "Numbers delivered", "tiv_delivered": "TIV delivery values"}


@dataclass
class Layout:
    """What the header line says: where the records start and what each column holds."""

    line: int  # physical line of the header (1-based)
    body_start: int  # byte offset of the line after the header
    names: list[str]  # the header cells as written (trailing separators removed)
    targets: list[str | None]  # register column of each cell (None: not kept)
    preamble: list[str] = field(default_factory=list)

    @property
    def per_year(self) -> bool:
        return "delivery_year" in self.targets

    @property
    def core(self) -> list[int]:
        """Positions of the :data:`CORE` columns, which every record fills."""
        return [j for j, target in enumerate(self.targets) if target in CORE]

    @property
    def format(self) -> str:
        return PER_YEAR_FORMAT if self.per_year else REGISTER_FORMAT


def fail(label: str, message: str, line: int = FILE_LINE, column: str = "(file)", value: str | None = None):
    """Raise the project's error for one problem of the file (by default, of the file as a whole)."""
    raise DataError([Problem(label, line, column, message, value)])


EXPECTED = ("expected a SIPRI trade register (the CSV export of the SIPRI Arms Transfers Database, with a "
            "header line 'Recipient,Supplier,Year of order,…' or 'SIPRI AT Database ID,Supplier,Recipient,…')")


def _cells(line: str, separator: str = ",") -> list[str]:
    """The cells of one header-like line, without the trailing separators some exports append."""
    line = line.rstrip().rstrip(";, \t")
    try:
        return next(csv.reader([line], delimiter=separator)) if line else []
    except csv.Error:  # a NUL byte, say: no header
        return []


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def find_header(raw: bytes, encoding: str, label: str) -> Layout:
    """Find the header line within the first :data:`MAX_PREAMBLE_LINES` lines; refuse what is not a register."""
    if not raw or raw.isspace():
        fail(label, "file is empty; " + EXPECTED)
    start = 0
    preamble: list[str] = []
    for number in range(1, MAX_PREAMBLE_LINES + 1):
        end = raw.find(b"\n", start)
        stop = len(raw) if end == -1 else end + 1
        line = raw[start:stop].decode(encoding).rstrip("\r\n")
        names = _cells(line)
        keys = [_key(name) for name in names]
        if {"supplier", "recipient"} <= set(keys) and keys.count("supplier") == 1:
            return _layout(names, keys, number, stop, preamble, label)
        _refuse_look_alikes(line, keys, number, label)
        preamble.append(line)
        if end == -1:
            break
        start = stop
    fail(label, f"no header line found in the first {MAX_PREAMBLE_LINES} lines; " + EXPECTED)
    raise AssertionError("unreachable")


def _refuse_look_alikes(line: str, keys: list[str], number: int, label: str) -> None:
    """Name what a file is when it is a SIPRI table but not a register."""
    if keys and keys[0] in ("supplier", "recipient", "") and sum(bool(re.fullmatch(r"[0-9]{4}", k)) for k in keys) >= 2:
        fail(label, "is a SIPRI TIV table (values by year), not a trade register; " + EXPECTED, number)
    for separator, shown in ((";", "';'"), ("\t", "tabs")):
        other = {_key(name) for name in _cells(line, separator)}
        if {"supplier", "recipient"} <= other:
            fail(label, f"its header is separated by {shown}, not commas; " + EXPECTED, number)


def _layout(names: list[str], keys: list[str], number: int, body_start: int, preamble: list[str],
            label: str) -> Layout:
    """The register column of each header cell; an unnamed cell is the ``?`` flag of the one before."""
    targets: list[str | None] = []
    problems = []
    for position, (name, key) in enumerate(zip(names, keys)):
        previous = targets[-1] if targets else None
        if key == "":
            if previous in FLAGGED:
                targets.append(f"{previous}_estimated")
                continue
            problems.append(Problem(label, number, f"column {position + 1}", "unnamed column where no '?' flag "
                                    f"column is expected (only after {', '.join(FLAGGED)})", name))
        elif key not in HEADER_NAMES:
            targets.append(None)  # an unknown column: read, not kept, and named in attrs and the summary
            continue
        targets.append(HEADER_NAMES.get(key))
    found = [t for t in targets if t]
    problems += [Problem(label, number, name, "column appears twice in the header")
                 for name, t in zip(names, targets) if t and found.count(t) > 1]
    required = CORE + (("sipri_id", "number_delivered", "tiv_delivered") if "delivery_year" in found else ())
    missing = [_SIPRI_NAMES[column] for column in required if column not in found]
    if missing:
        problems.append(Problem(label, number, "(header)", f"not a SIPRI register's header (no column "
                                f"{', '.join(missing)}); " + EXPECTED))
    if problems:
        raise DataError(problems)
    return Layout(number, body_start, names, targets, preamble)


def _unpadded(line: str) -> str:
    """A preamble line without surrounding spaces and the separators a spreadsheet pads it with (``,,,,``)."""
    return line.strip().rstrip(";,").strip()


def preamble_facts(preamble: list[str]) -> tuple[str | None, str | None, str | None, list[str] | None]:
    """Title, generation date (ISO and as written) and year range that the preamble states."""
    lines = [_unpadded(line) for line in preamble if _unpadded(line)]
    title = lines[0] if lines and not lines[0].startswith("Data generated") else None
    generated = as_written = None
    years = None
    for line in lines:
        found = re.match(r"Data generated:\s*(.+)", line)
        if found:
            as_written = found.group(1).strip()
            try:
                generated = datetime.strptime(" ".join(as_written.split()[:3]), "%d %b %Y").date().isoformat()
            except ValueError:
                generated = None
        found = re.search(r"year range '([^']*)' to '([^']*)'", line)
        if found:
            years = [found.group(1), found.group(2)]
    return title, generated, as_written, years
