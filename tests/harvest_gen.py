"""Generate Harvest detailed time exports of any size (tests and the 200k-row timing)."""

from __future__ import annotations

import csv
import sys
from datetime import date, timedelta
from pathlib import Path

HEADER = [
    "Date", "Client", "Project", "Project Code", "Task", "Notes", "Hours", "Hours Rounded", "Billable?",
    "Invoiced?", "Approved?", "First Name", "Last Name", "Roles", "Employee?", "Billable Rate",
    "Billable Amount", "Cost Rate", "Cost Amount", "Currency", "External Reference URL",
]  # fmt: skip
PEOPLE = [("Maya", "Chen", "Creative"), ("Luis", "Ortega", "Media"), ("Priya", "Nair", "Strategy")]
TASKS = ["Design", "Media buying", "Strategy", "Reporting", "Account management"]


def write_export(
    path: Path, rows: int, projects: list[tuple[str, str, str]], *, start: date = date(2026, 1, 1)
) -> Path:
    """``rows`` rows spread over ``projects`` (client, project, code) and 300 days, quarter-hours of work,
    $150/h, costing the agency $70/h; past 300 rows, each day's rows are different people's."""
    with path.open("w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        for i in range(rows):
            client, project, code = projects[i % len(projects)]
            first, last, role = PEOPLE[i % len(PEOPLE)]
            if rows > 300:  # one row a person a day (the importer refuses a person-day over 24 h)
                last = f"{last} {i // 300:03d}"
            task = TASKS[i % len(TASKS)]
            quarters = 1 + i % 16
            hours = f"{quarters / 4:g}"
            billable = i % 10 != 0
            amount = f"{quarters * 150 / 4:.2f}" if billable else "0.00"
            w.writerow(
                [
                    (start + timedelta(days=i % 300)).isoformat(), client, project, code, task,
                    f"{task} #{i}", hours, hours, "Yes" if billable else "No", "No", "Yes", first, last,
                    role, "Yes", "150.00" if billable else "", amount, "70.00", f"{quarters * 70 / 4:.2f}",
                    "United States Dollar - USD", "",
                ]
            )  # fmt: skip
    return path


if __name__ == "__main__":  # python tests/harvest_gen.py OUT.csv ROWS
    write_export(Path(sys.argv[1]), int(sys.argv[2]), [("Northwind Outfitters", "Spring Launch", "NW-SPR")])
