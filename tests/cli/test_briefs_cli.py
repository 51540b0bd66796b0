"""``amtui brief …``: a brief's life from template to approved export, and everything it refuses."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import pytest

from amtui.services.base.refs import get_project
from amtui.store import open_store, unit_of_work
from amtui.store.models import ChangeOrder
from tests.conftest import Cli, assert_refused, beside

GOOD = {
    "background": "Summer is 40% of Northwind's sales; last summer's campaign missed its target.",
    "business objective": (
        "1. Grow online summer sales 15% year-on-year by 2027-05-27\n"
        "2. Lift awareness among 25-34 hikers by 5 points by end of April\n\n"
        "Non-goals: the winter range"
    ),
    "audience": "Weekend hikers, 25-34, who think Northwind is for experts only.",
    "proposition": "Northwind makes every summer weekend an expedition.",
    "channels": "Meta, YouTube, outdoor retail partners",
    "deliverables": "- Hero film 30s and 15s, 16:9, MP4\n- 6 social posts, 1080x1350, JPG",
    "mandatories": "Logo lock-up per brand book v4; legal line on offers",
    "call to action": "Shop the summer range at northwind.example",
    "kpis": "- ROAS 4.0 or better\n- CPA under $45",
}


def _seed(cli: Cli) -> None:
    cli.ok("account", "add", "Northwind Outfitters", "--slug", "northwind")
    cli.ok(
        "contact",
        "add",
        "northwind",
        "Dana Ruiz",
        "--role",
        "Marketing Director",
        "--primary",
        "--date",
        "2025-01-01",
    )
    cli.ok("contact", "leave", "northwind", "Dana Ruiz", "--date", "2026-10-24")
    cli.ok("contact", "add", "northwind", "Sam Patel", "--role", "Marketing Director", "--date", "2026-11-16")
    cli.ok("contact", "add", "northwind", "Leah Kim", "--role", "Brand Manager")
    cli.ok(
        "project",
        "add",
        "northwind/summer",
        "Summer Campaign",
        "--budget",
        "72000",
        "--start",
        "2026-12-28",
        "--end",
        "2027-05-27",
    )
    store = open_store(cli.db)
    with unit_of_work(store, "seed change orders") as uow:
        pid = get_project(uow.session, "northwind/summer").id
        assert pid is not None
        uow.session.add(
            ChangeOrder(
                number=14,
                project_id=pid,
                title="Spanish variants",
                amount_cents=3_200_00,
                status="approved",
                decided_by="Leah Kim",
                decided_on=date(2026, 11, 20),
            )
        )
        uow.session.add(
            ChangeOrder(number=15, project_id=pid, title="Extra cutdowns", amount_cents=900_00, status="sent")
        )
    store.close()


@pytest.fixture
def book(cli: Cli) -> Cli:
    _seed(cli)
    return cli


def _fill(cli: Cli, brief_id: str = "1") -> None:
    for section, text in GOOD.items():
        cli.ok("brief", "set", brief_id, section, text)


def test_new_brief_is_prefilled_from_the_book(book: Cli) -> None:
    out = book.ok("brief", "new", "northwind/summer")
    assert out.startswith(
        "Brief 1 drafted for northwind/summer from the creative template: 13 sections, 4 prefilled"
    )
    shown = json.loads(book.ok("brief", "show", "1", "--json"))
    body = {s["name"]: s["body"] for s in shown["sections"]}
    header = body["Project, client, date and contacts"]
    assert "- **Client:** Northwind Outfitters" in header
    assert "- **Project dates:** 2026-12-28 → 2027-05-27" in header
    assert "none set — Dana Ruiz left" in header and "Sam Patel (Marketing Director)" in header
    # Budget: original + the approved change order only (CO-15 is still with the client).
    assert body["Budget"].splitlines() == [
        "- **Budget:** $75,200.00",
        "- **Original budget:** $72,000.00",
        "- **CO-14** Spanish variants: +$3,200.00, approved by Leah Kim on 2026-11-20",
        "- **Approved by:** Leah Kim",
    ]
    assert "- **Project end:** 2027-05-27" in body["Timeline"]
    assert (
        body["Stakeholders and approval path"] == "- Leah Kim, Brand Manager\n- Sam Patel, Marketing Director"
    )
    assert body["Background and context"] == ""
    assert shown["summary"]["title"] == "Creative brief: Summer Campaign"
    assert shown["summary"]["status"] == "draft" and shown["summary"]["version"] == 1


def test_primary_contact_is_named_when_set(book: Cli) -> None:
    book.ok("contact", "primary", "northwind", "Sam Patel")
    book.ok("brief", "new", "summer", "--template", "media", "--title", "Summer media plan")
    shown = json.loads(book.ok("brief", "show", "1", "--json"))
    header = shown["sections"][0]["body"]
    assert "- **Primary contact:** Sam Patel, Marketing Director" in header
    assert "(primary contact)" in shown["sections"][-1]["body"]
    assert shown["summary"]["template"] == "media" and shown["summary"]["title"] == "Summer media plan"


def test_check_gates_a_script_and_explains_each_finding(book: Cli) -> None:
    book.ok("brief", "new", "northwind/summer")
    r = book("brief", "check", "1")
    assert r.code == 1
    assert "✗ blocking empty-section section 'Background and context' is empty" in r.stdout
    assert "why: An empty section" in r.stdout
    assert "kpis-missing" in r.stdout and r.stdout.strip().endswith("blocking, 0 warnings")  # in-market known
    _fill(book)
    r = book("brief", "check", "1", "--json")
    data = json.loads(r.stdout)
    assert r.code == 0 and data["pass"] is True
    assert data["findings"] == []  # the in-market date is the project's end, not TBC


def test_versions_review_approval_and_lock(book: Cli) -> None:
    book.ok("brief", "new", "northwind/summer")
    _fill(book)
    versions = json.loads(book.ok("brief", "show", "1", "--json"))["versions"]
    assert [v["number"] for v in versions] == [1]  # a draft amends its version
    assert "is in review" in book.ok("brief", "submit", "1")
    out = book.ok("brief", "set", "1", "timeline", "- In-market 2027-04-01")
    assert out.startswith("Brief 1 saved as new version v2 (in-review) · checks pass")
    out = book.ok("brief", "approve", "1", "--by", "Sam Patel")
    assert out.startswith("Brief 1 v2 approved by Sam Patel on ")
    row = json.loads(book.ok("brief", "list", "--json"))[0]
    assert (row["status"], row["approved_by"], row["version"]) == ("approved", "Sam Patel", 2)
    # Locked: a change makes v3, back in draft; v2 stays as approved.
    out = book.ok("brief", "set", "1", "channels", "Meta, YouTube, TikTok")
    assert "saved as v3, back in draft: the approved v2 is unchanged" in out
    row = json.loads(book.ok("brief", "list", "--json"))[0]
    assert (row["status"], row["approved_by"], row["version"]) == ("draft", None, 3)
    diff = book.ok("brief", "diff", "1")
    assert "--- brief-1-v2.md" in diff and "+++ brief-1-v3.md" in diff
    assert "-Meta, YouTube, outdoor retail partners" in diff and "+Meta, YouTube, TikTok" in diff
    old = book.ok("brief", "diff", "1", "v1", "2")
    assert "+- In-market 2027-04-01" in old and "TikTok" not in old
    assert "no changes" in book.ok("brief", "set", "1", "channels", "Meta, YouTube, TikTok")


def test_export_edit_import_round_trip(book: Cli, tmp_path: Path) -> None:
    book.ok("brief", "new", "northwind/summer")
    _fill(book)
    out_file = tmp_path / "brief.md"
    assert "Wrote brief 1 v1 (draft) to" in book.ok(
        "brief", "export", "1", "--format", "md", "--out", str(out_file)
    )
    exported = out_file.read_text()
    assert exported == book.ok("brief", "export", "1")
    assert exported.startswith("# Creative brief: Summer Campaign\n\n## Project, client, date and contacts\n")
    assert "<!--" not in exported  # template hints never reach the client
    before = json.loads(book.ok("brief", "show", "1", "--json"))["sections"]
    # Unchanged file: nothing to save.
    assert "no changes" in book.ok("brief", "edit", "1", "--from", str(out_file))
    # An edit in another editor (Windows newlines, trailing spaces) keeps every other section as it was.
    edited = exported.replace("Meta, YouTube, outdoor retail partners", "Meta and YouTube only   ")
    out_file.write_bytes(edited.replace("\n", "\r\n").encode())
    assert "saved in v1 (draft)" in book.ok("brief", "edit", "1", "--from", str(out_file))
    after = json.loads(book.ok("brief", "show", "1", "--json"))["sections"]
    assert [s["name"] for s in after] == [s["name"] for s in before]
    changed = [(a["name"], a["body"]) for a, b in zip(after, before, strict=True) if a != b]
    assert changed == [("Channels and media", "Meta and YouTube only")]


def _editor(tmp_path: Path, code: str) -> str:
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys\nfrom pathlib import Path\np = Path(sys.argv[1])\nt = p.read_text()\n" + code
    )
    return f"{sys.executable} {script}"


def test_edit_opens_the_editor_and_reads_it_back(
    book: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book.ok("brief", "new", "northwind/summer")
    monkeypatch.setenv(
        "EDITOR",
        _editor(
            tmp_path,
            "h = '## Background and context\\n'\np.write_text(t.replace(h, h + '\\nStores are closing.\\n'))",
        ),
    )
    monkeypatch.delenv("VISUAL", raising=False)
    assert "saved in v1 (draft)" in book.ok("brief", "edit", "1", "--note", "context")
    shown = json.loads(book.ok("brief", "show", "1", "--json"))
    assert shown["sections"][1]["body"] == "Stores are closing."
    assert shown["versions"][0]["note"] == "context"


def test_edit_refuses_an_unparseable_file_without_losing_the_text(
    book: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book.ok("brief", "new", "northwind/summer")
    monkeypatch.setenv("EDITOR", _editor(tmp_path, "p.write_text('My precious notes\\n' + t)"))
    monkeypatch.delenv("VISUAL", raising=False)
    assert_refused(book, ("brief", "edit", "1"), 2, "not saved: line 1: text before the first section")
    r = book("brief", "edit", "1")
    kept = Path(r.stderr.strip().rsplit("your text is kept in ", 1)[1])
    assert kept.parent == beside(book.db) / "recovery"
    assert kept.read_text().startswith("My precious notes\n# Creative brief")
    assert oct(kept.stat().st_mode & 0o777) == "0o600"
    monkeypatch.setenv("EDITOR", _editor(tmp_path, "sys.exit(3)"))
    assert_refused(book, ("brief", "edit", "1"), 1, "exited with status 3; nothing was saved")


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (("brief", "new", "ghost/x"), 1, "no account"),
        (("brief", "new", "northwind/nope"), 1, "no project"),
        (("brief", "new", "northwind/summer", "--template", "poster"), 2, "unknown template"),
        (("brief", "new", "northwind/summer", "--title", " "), 2, "empty"),
        (("brief", "show", "99"), 1, "no brief 99"),
        (("brief", "show", "one"), 2, "not a valid int"),
        (("brief", "check", "99"), 1, "no brief"),
        (("brief", "set", "1", "nosuch", "x"), 1, "no section 'nosuch'"),
        (("brief", "set", "1", "and", "x"), 2, "ambiguous"),
        (("brief", "set", "1", "budget", "ok\n## Injected"), 2, "would start a new section"),
        (("brief", "submit", "1"), 1, "cannot go to review: section 'Background and context' is empty"),
        (("brief", "approve", "1", "--by", "Sam"), 1, "submit it for review first"),
        (("brief", "approve", "1", "--by", " "), 2, "empty"),
        (("brief", "approve", "1"), 2, "--by"),
        (("brief", "diff", "1", "1", "9"), 1, "no version 9"),
        (("brief", "diff", "1", "vx"), 2, "not a version"),
        (("brief", "export", "1", "--format", "pdf"), 2, "unknown format"),
        (("brief", "list", "ghost"), 1, "no account"),
        (("brief", "list", "--status", "done"), 2, "unknown status"),
        (("brief", "edit", "1", "--from", "/nonexistent/x.md"), 2, "cannot read"),
    ],
)
def test_bad_input_is_refused(book: Cli, args: tuple[str, ...], code: int, fragment: str) -> None:
    book.ok("brief", "new", "northwind/summer")
    assert_refused(book, args, code, fragment)


def test_illegal_state_changes_are_refused(book: Cli, tmp_path: Path) -> None:
    book.ok("brief", "new", "northwind/summer")
    _fill(book)
    book.ok("brief", "submit", "1")
    assert_refused(book, ("brief", "submit", "1"), 1, "in-review already")
    book.ok("brief", "approve", "1", "--by", "Sam Patel")
    assert_refused(book, ("brief", "approve", "1", "--by", "Leah"), 1, "approved already by Sam Patel")
    bad = tmp_path / "bad.md"
    bad.write_text("## A\n## a\n")
    assert_refused(book, ("brief", "edit", "1", "--from", str(bad)), 2, "appears twice")


def test_budget_changes_after_submission_block_approval(book: Cli) -> None:
    book.ok("brief", "new", "northwind/summer")
    _fill(book)
    book.ok("brief", "submit", "1")
    book.ok("brief", "set", "1", "budget", "- **Budget:** $70,000.00\n- Approved by Leah Kim")
    assert_refused(book, ("brief", "approve", "1", "--by", "Sam"), 1, "the brief says $70,000.00")
    assert json.loads(book.ok("brief", "list", "--json"))[0]["blocking"] == 1


def test_demo_book_has_a_brief_in_every_state(demo_cli: Cli) -> None:
    rows = {r["status"]: r for r in json.loads(demo_cli.ok("brief", "list", "--json"))}
    assert set(rows) == {"approved", "in-review", "draft"}
    assert rows["approved"]["approved_by"] == "Marcus Bell" and rows["approved"]["version"] == 2
    assert rows["approved"]["blocking"] == rows["in-review"]["blocking"] == 0
    draft = rows["draft"]
    assert draft["project"] == "northwind/summer-campaign" and draft["blocking"] > 0
    r = demo_cli("brief", "check", str(draft["id"]), "--json")
    rules = {f["rule"] for f in json.loads(r.stdout)["findings"]}
    assert r.code == 1 and {"objective-no-number", "deliverable-no-spec"} <= rules
    assert "+Connected TV (Roku, Samsung TV Plus, Hulu)" in demo_cli.ok(
        "brief", "diff", str(rows["approved"]["id"])
    )


def test_list_by_account_and_project(book: Cli) -> None:
    book.ok("account", "add", "Helios", "--slug", "helios")
    book.ok("project", "add", "helios/search", "Search", "--budget", "1000")
    book.ok("brief", "new", "northwind/summer")
    book.ok("brief", "new", "helios/search", "--template", "media")
    book.ok("brief", "new", "northwind/summer", "--title", "Second")
    rows = json.loads(book.ok("brief", "list", "--json"))
    assert [(r["account"], r["id"]) for r in rows] == [("helios", 2), ("northwind", 3), ("northwind", 1)]
    assert set(rows[0]) >= {
        "id",
        "project",
        "title",
        "status",
        "version",
        "blocking",
        "warnings",
        "approved_by",
    }
    assert [r["id"] for r in json.loads(book.ok("brief", "list", "helios", "--json"))] == [2]
    assert [r["id"] for r in json.loads(book.ok("brief", "list", "northwind/summer", "--json"))] == [3, 1]
    assert [r["id"] for r in json.loads(book.ok("brief", "list", "search", "--json"))] == [2]
    assert json.loads(book.ok("brief", "list", "--status", "approved", "--json")) == []
    assert "Creative brief: Summer Campaign" in book.ok("brief", "list")


def test_set_reads_stdin_and_keeps_list_text_intact(book: Cli) -> None:
    from typer.testing import CliRunner

    from amtui.cli.main import app

    book.ok("brief", "new", "northwind/summer")
    text = "- Hero film 30s, MP4\n- 6 posts, 1080x1350 -h --help"
    r = CliRunner().invoke(app, ["--db", str(book.db), "brief", "set", "1", "deliverables", "-"], input=text)
    assert r.exit_code == 0, r.stderr
    body = {s["name"]: s["body"] for s in json.loads(book.ok("brief", "show", "1", "--json"))["sections"]}
    assert body["Deliverables and specs"] == text
    book.ok("brief", "set", "1", "channels", "- Meta -h\n- YouTube")
    body = {s["name"]: s["body"] for s in json.loads(book.ok("brief", "show", "1", "--json"))["sections"]}
    assert body["Channels and media"] == "- Meta -h\n- YouTube"
    assert "has one version (v1): nothing to compare yet" in book.ok("brief", "diff", "1")
