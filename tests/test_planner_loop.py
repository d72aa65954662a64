"""The planner's loop through the command line, in Bahasa Indonesia (issue 30).

A scenario workbook is solved to plan.xlsx; the figures the CLI prints, the Ringkasan sheet,
``explain`` (its records and its text) and ``to_frame`` agree on every kecamatan and on the
totals, on a scarce region, a plentiful one and one with many cooperatives without legal
status. ``check``, ``explain`` and ``replan`` take region.xlsx + plan.xlsx, and nothing
they (or ``solve`` and ``propose-hires``) print under ``--lang id`` is an English label.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

openpyxl = pytest.importorskip("openpyxl")
pd = pytest.importorskip("pandas")

from koperasi_alloc.cli import main  # noqa: E402
from koperasi_alloc.explain import explain  # noqa: E402
from koperasi_alloc.io import read_plan, read_scenario, write_scenario  # noqa: E402
from koperasi_alloc.scenario import Scenario  # noqa: E402
from koperasi_alloc.synth import generate  # noqa: E402

REGIONS: dict[str, Callable[[], Scenario]] = {
    "scarce": lambda: generate("kutai-timur", seed=0, scarcity=0.5),
    "plentiful": lambda: generate("kutai-timur", seed=1),
    "without_legal_status": lambda: generate("kutai-timur", seed=2, legal_entity_share=0.5),
}

Figures = tuple[int, int, int, int, int, str]
"""demanded, closed, open, filled, empty, filled share as written (``76,5 %``)."""

_SHARE = re.compile(r"(\d+) dari (\d+) posisi terbuka terisi \(([\d,]+ %|-)\)")


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _cli_table(out: str) -> dict[str, Figures]:
    """The figures table the CLI prints after the summary: name -> figures."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("kecamatan "))
    table: dict[str, Figures] = {}
    for line in lines[start + 1 :]:
        if not line.strip():
            break
        name, *numbers, share, sign = line.rsplit(maxsplit=7)
        assert sign == "%" or share == "-"
        d, c, o, f, e = (int(n) for n in numbers)
        table[name.strip()] = (d, c, o, f, e, f"{share} {sign}" if sign == "%" else share)
    return table


def _ringkasan(path: Path) -> dict[str, Figures]:
    """The per-kecamatan table of Ringkasan (coverage cells written as the CLI writes them)."""
    rows = list(openpyxl.load_workbook(path)["Ringkasan"].iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == "kode_kecamatan")
    table: dict[str, Figures] = {}
    for row in rows[start + 1 :]:
        if row[0] is None:
            break
        name = "jumlah" if row[0] == "jumlah" else row[1]
        share = "-" if row[8] is None else f"{row[8] * 100:.1f} %".replace(".", ",")
        table[name] = (row[3], row[4], row[5], row[6], row[7], share)
    return table


def _explain_text(text: str) -> dict[str, tuple[int, int, str]]:
    """filled, open and share per kecamatan from explain's objective section."""
    found: dict[str, tuple[int, int, str]] = {}
    current = None
    for line in text.split("Nilai tujuan", 1)[1].splitlines():
        if line.startswith("  ") and not line.startswith("    ") and not line.startswith("  -"):
            current = line.strip()
        match = _SHARE.search(line)
        if match and current is not None:
            found[current] = (int(match[1]), int(match[2]), match[3])
    return found


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(REGIONS))
def test_figures_agree_on_every_surface(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = REGIONS[name]()
    region, plan_path = tmp_path / "wilayah.xlsx", tmp_path / "rencana.xlsx"
    write_scenario(scenario, region, lang="id")
    args = ["solve", str(region), "--lang", "id", "--quiet", "--time-limit", "3"]
    status, out, _ = _run([*args, "-o", str(plan_path)], capsys)
    assert status == 0
    cli = _cli_table(out)

    scenario = read_scenario(region)
    plan = read_plan(plan_path, scenario)
    sheet = _ringkasan(plan_path)
    explanation = explain(scenario, plan, lang="id")
    text = _explain_text(explanation.text(["objective"]))
    figures = plan.figures(scenario, explanation.reasons)
    frame = figures.to_frame()
    assignments = plan.to_frame(scenario)
    filled_by_name = assignments.groupby("kecamatan_name").size()

    assert cli == sheet  # every kecamatan and the total, share included
    for row in explanation.breakdown:
        expected = cli[row.kecamatan_name]
        assert (row.demanded, row.closed, row.open, row.filled, row.empty) == expected[:5]
        assert text[row.kecamatan_name] == (row.filled, row.open, expected[5])
        assert int(filled_by_name.get(row.kecamatan_name, 0)) == row.filled
        record = frame[frame["kecamatan"] == row.kecamatan].iloc[0]
        assert (record["demanded"], record["closed"], record["open"]) == expected[:3]
        assert (record["filled"], record["empty"]) == expected[3:5]
    assert {r.kecamatan_name for r in explanation.breakdown} == set(cli) - {"jumlah"}
    total = figures.total
    assert cli["jumlah"][:5] == (
        total.demanded,
        total.closed,
        total.open,
        total.filled,
        total.empty,
    )
    assert cli["jumlah"][5] == total.coverage("id")
    assert len(assignments) == plan.filled == total.filled
    summary = dict(line.split(maxsplit=1) for line in out.splitlines()[:4])
    assert summary["terisi"].startswith(f"{total.filled} dari {total.open} posisi terbuka")
    assert f"({total.coverage('id')})" in summary["terisi"]
    assert summary["posisi"].startswith(f"{total.demanded} diminta")
    if name == "scarce":
        assert total.empty > 0
        assert sum(v for k, v in total.empty_by_reason.items()) == total.empty
    if name == "without_legal_status":
        assert total.closed > 0
        assert total.demanded == total.open + total.closed


# English labels that must not show under --lang id (whole words, any case). Names of
# people, places, agencies and roles come from the region and are Indonesian.
ENGLISH_LABELS = re.compile(
    r"\b(coverage|locality|travel|fairness|filled|slots?|valid|wrote|note|check|village|"
    r"adjacent|proven|open|bound|gap|kept|added|removed|moved|error|problems?|scenario|"
    r"budget|result|violations?|assignments?|officers?|cooperatives?|demanded|empty|hires|"
    r"read as|reason|changes|locks?|forbid|approved|rejected|total|roles?|warning|unknown|"
    r"best found|interrupted|released|without|with|time|seconds)\b",
    re.IGNORECASE,
)


def _english(text: str) -> list[str]:
    # paths of this test's files are not labels
    text = re.sub(r"/\S+", "", text)
    return sorted({m.group(0) for m in ENGLISH_LABELS.finditer(text)})


@pytest.mark.slow
def test_the_loop_from_the_command_line_in_indonesian(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = REGIONS["scarce"]()
    region, plan_path = tmp_path / "wilayah.xlsx", tmp_path / "rencana.xlsx"
    write_scenario(scenario, region, lang="id")
    quiet = ["--lang", "id", "--quiet"]
    outputs: dict[str, Any] = {}

    outputs["solve"] = _run(
        ["solve", str(region), *quiet, "--time-limit", "3", "-o", str(plan_path)], capsys
    )
    # the planner reviews: one row locked, one rejected, one deleted
    wb = openpyxl.load_workbook(plan_path)
    ws = wb["Penugasan"]
    head = [c.value for c in ws[1]]
    decision = head.index("keputusan") + 1
    ws.cell(2, decision).value = "kunci"
    ws.cell(3, decision).value = "tolak"
    ws.cell(4, decision).value = "setuju"
    ws.delete_rows(5)
    wb.save(plan_path)
    outputs["check"] = _run(["check", str(region), str(plan_path), "--lang", "id"], capsys)
    outputs["explain"] = _run(["explain", str(region), str(plan_path), "--lang", "id"], capsys)
    replanned = tmp_path / "rencana-2.xlsx"
    outputs["replan"] = _run(
        ["replan", str(region), str(plan_path), *quiet, "--time-limit", "3", "-o",
         str(replanned)],
        capsys,
    )  # fmt: skip
    outputs["propose-hires"] = _run(
        ["propose-hires", str(region), *quiet, "--time-limit", "10"], capsys
    )
    for command, (status, out, err) in outputs.items():
        assert status == 0, (command, out[-2000:], err[-2000:])
        assert _english(out + err) == [], (command, _english(out + err))
    _, out, err = outputs["replan"]
    assert "perubahan:" in out
    assert "dilepas" in err  # the deleted row, released
    assert "Perubahan" in openpyxl.load_workbook(replanned).sheetnames
    _, out, err = outputs["check"]
    assert "pemeriksaan: sah" in out
    assert "diubah di berkas" not in out  # check prints figures, not the plan's note
