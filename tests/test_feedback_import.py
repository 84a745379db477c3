"""Importing written feedback: good, bad and mixed files; strict and lenient; idempotent; XLSX; mappings."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from workbench.cli import main
from workbench.core.errors import NotFound, RuleError
from workbench.feedback.store.written import import_feedback
from workbench.feedback.written import ColumnMapping, ImportRefused, load_mapping
from workbench.plan.files import PlanFileError
from workbench.feedback.store.comments import get_round, list_comments, round_numbers, update_round

GOOD = """ref,comment,type,language,country
1.2.5,Tunahitaji mafunzo kwa lugha zetu,suggestion,sw,TZ
1.2,This goal matters,support,en,Kenya
3,"Who pays survivors, and when?",question,English,US
2.1.1,Me preocupa la seguridad,concern,es,MX
"""
BAD = """ref,comment,type,language,country
9.9.9,Unknown item,concern,en,KE
1.1.1,,support,en,KE
1.1.2,Hello,support,xx,KE
1.1.3,Hello,maybe,en,KE
1.1.4,Hello,support,en,Atlantis
"""


def write(tmp_path, text, name="written.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_good_file_is_imported(plan_store, tmp_path):
    result = import_feedback(plan_store, write(tmp_path, GOOD), "draft-1")
    assert (result.rows, result.added, result.already, result.problems) == (4, 4, 0, ())
    assert result.round_created and get_round(plan_store, "draft-1")["version"] == 1
    comments = {c.ref: c for c in list_comments(plan_store, "draft-1")}
    assert (comments["1.2"].country, comments["3"].language, comments["3"].kind) == ("KE", "en", "theme")
    assert comments["3"].text == "Who pays survivors, and when?"
    assert all(c.source == "written" and not c.quotable for c in comments.values())
    assert round_numbers(plan_store, "draft-1")["written_countries"] == 4


def test_bad_rows_are_listed_with_row_and_reason(plan_store, tmp_path):
    path = write(tmp_path, BAD)
    result = import_feedback(plan_store, path, "draft-1")
    assert result.added == 0
    assert [(p.row, p.field) for p in result.problems] == [(2, "ref"), (3, "comment"), (4, "language"),
                                                           (5, "type"), (6, "country")]
    messages = [p.message(path) for p in result.problems]
    assert messages[0] == f"{path}: row 2: ref: unknown plan reference 9.9.9: the reviewed version has no action 9.9.9"
    assert messages[1].endswith("row 3: comment: empty comment")
    assert messages[2].endswith("row 4: language: unknown language 'xx'")


def test_mixed_file_lenient_imports_good_rows_strict_refuses_all(plan_store, tmp_path):
    path = write(tmp_path, GOOD + BAD.split("\n", 1)[1])
    with pytest.raises(ImportRefused, match="5 bad row"):
        import_feedback(plan_store, path, "draft-1", strict=True)
    with pytest.raises(NotFound):
        get_round(plan_store, "draft-1")                      # nothing written, not even the round
    result = import_feedback(plan_store, path, "draft-1")
    assert (result.added, len(result.problems)) == (4, 5)
    assert [p.row for p in result.problems] == [6, 7, 8, 9, 10]


def test_reimport_adds_nothing_twice_and_keeps_identical_rows(plan_store, tmp_path):
    text = GOOD + "1.2,This goal matters,support,en,Kenya\n"     # two people wrote the same
    path = write(tmp_path, text)
    assert import_feedback(plan_store, path, "draft-1").added == 5
    again = import_feedback(plan_store, path, "draft-1")
    assert (again.added, again.already, again.round_created) == (0, 5, False)
    reordered = write(tmp_path, "ref,comment,type,language,country\n" + "".join(reversed(text.splitlines(True)[1:])),
                      "reordered.csv")
    assert import_feedback(plan_store, reordered, "draft-1").added == 0
    assert len(list_comments(plan_store, "draft-1")) == 5
    update_round(plan_store, "draft-1", closed=True)
    with pytest.raises(RuleError, match="is closed"):
        import_feedback(plan_store, path, "draft-1")


def test_xlsx_with_a_mapping_file(plan_store, tmp_path):
    from openpyxl import Workbook
    book = Workbook()
    sheet = book.active
    sheet.title = "Responses"
    sheet.append(["_uuid", "Plan item", "Your feedback", "Kind", "May we quote you?", "Country"])
    sheet.append(["a1", "1.2.5", "Mafunzo zaidi", "Pendekezo", "Ndiyo", "TZ"])
    sheet.append(["a1", 1.2, "Lengo zuri", "kuunga mkono", "hapana", "TZ"])
    sheet.append(["b2", 2, "Swali langu", "swali", None, "UG"])
    book.save(tmp_path / "kobo.xlsx")
    (tmp_path / "kobo.yaml").write_text(
        "columns:\n  ref: Plan item\n  comment: Your feedback\n  type: Kind\n  quote: May we quote you?\n"
        "  submission: _uuid\n  country: Country\ndefaults:\n  language: sw\nsheet: Responses\n")
    result = import_feedback(plan_store, tmp_path / "kobo.xlsx", "draft-1", load_mapping(tmp_path / "kobo.yaml"))
    assert (result.added, result.problems) == (3, ())
    comments = {c.ref: c for c in list_comments(plan_store, "draft-1")}
    assert set(comments) == {"1.2.5", "1.2", "2"}
    assert (comments["1.2.5"].type, comments["1.2.5"].quotable, comments["1.2"].quotable) == ("suggestion", True, False)
    assert {c.language for c in comments.values()} == {"sw"}
    numbers = round_numbers(plan_store, "draft-1")
    assert (numbers["written_submissions"], numbers["written_countries"]) == (2, 2)


def test_options_semicolons_and_missing_columns(plan_store, tmp_path):
    path = write(tmp_path, "Item;Text;Kind\n1.1;Bonne idée;suggestion\n")
    with pytest.raises(PlanFileError, match="row 1: ref: missing column 'ref'"):
        import_feedback(plan_store, path, "draft-1")
    mapping = ColumnMapping().with_options(["ref=Item", "comment=Text", "type=Kind"], ["language=fr"])
    assert import_feedback(plan_store, path, "draft-1", mapping).added == 1
    with pytest.raises(Exception, match="FIELD=VALUE"):
        ColumnMapping().with_options(["nonsense"])


def test_cli_import_lenient_and_strict(plan_store, tmp_path):
    db = plan_store.target
    path = str(write(tmp_path, GOOD + BAD.split("\n", 1)[1]))
    strict = CliRunner().invoke(main, ["feedback", "import", path, "--round", "r1", "--strict", "--db", db])
    assert strict.exit_code == 1 and "nothing imported" in strict.output and "row 7: comment: empty comment" in strict.output
    lenient = CliRunner().invoke(main, ["feedback", "import", path, "--round", "r1", "--db", db])
    assert lenient.exit_code == 0, lenient.output
    assert "4 comments added to round r1 (new round); 0 already imported; 5 bad rows" in lenient.output
    assert "row 6: ref: unknown plan reference 9.9.9" in lenient.output
    again = CliRunner().invoke(main, ["feedback", "import", path, "--round", "r1", "--default", "country=KE",
                                      "--db", db])
    assert "0 comments added" in again.output and "4 already imported" in again.output
