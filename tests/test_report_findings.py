"""The report's opening: a summary built from its own tables, a table of contents, and the facts of sections."""

from __future__ import annotations

import matplotlib
import pytest

matplotlib.use("Agg")

from armsdata import schema  # noqa: E402
from armsdata.report import build_report, findings  # noqa: E402
from armsdata.report.registry import SECTIONS  # noqa: E402
from conftest import make_data_dir, write_csv  # noqa: E402


def test_anchors_are_the_ones_github_gives_headings():
    assert findings.anchor("Reported, but not asserted: refusals, denials, allegations") == \
        "reported-but-not-asserted-refusals-denials-allegations"
    assert findings.anchor("Press vs register") == "press-vs-register"


def opening(readme: str) -> str:
    """What comes before the first section: the first screen."""
    return readme.split("\n## ", 1)[0]


def test_the_readme_opens_with_the_findings_then_the_contents(built):
    first = opening(built["README.md"].decode("utf-8"))
    # The small data: 3 claims (sa-01 GM200 intent; sa-02 Bastion 50 agreed; sb-01 Bastion 24 delivered)
    # from both sources, about 2 deals, both asserted and counted, none only denied or alleged.
    assert "- **3 claims** about **2 deals**, from **2** of the 2 sources" in first
    assert "- **2 transfers** are asserted and counted" in first and "most: France → Armenia 2" in first
    assert "**0** more deals are only refused, denied or alleged" in first
    # no conflict; the Bastion quantities differ by stage
    assert "- **No conflict**" in first
    assert "- **Numbers reported differently**: France → Armenia, Bastion: quantity 50 (agreed) vs 24 (delivered) " \
           "(stage difference)." in first
    assert f"this data has no register (`{schema.REGISTER.filename}`)" in first
    contents = [line for line in first.splitlines() if line.startswith("**Contents:**")]
    assert len(contents) == 1
    for section in SECTIONS.values():
        assert f"[{section.title}](#{findings.anchor(section.title)})" in contents[0].replace("\\_", "_")
    assert "(differences.md)" in contents[0]
    assert first.index("**3 claims**") < first.index("**Contents:**")


@pytest.fixture(scope="module")
def with_register(tmp_path_factory):
    """The small data with a register: France's Bastions, 24 ordered and delivered in 2023 (against the press'
    50 agreed), its GM200 radars, 3 ordered, and an Indian deal to Armenia no press deal names."""
    data = make_data_dir(tmp_path_factory.mktemp("register"))
    (data / "register").mkdir()

    def entry(supplier, designation, order_year, ordered, delivered, years, tiv):
        row = {c: "" for c in schema.REGISTER.columns}
        row.update(supplier=supplier, recipient="Armenia", designation=designation, order_year=order_year,
                   order_year_estimated="false", number_ordered=ordered, number_ordered_estimated="false",
                   number_delivered=delivered, number_delivered_estimated="false", delivery_years=years,
                   tiv_delivered=tiv)
        return row

    write_csv(data / schema.REGISTER.filename, [
        entry("France", "Bastion", "2023", "24", "24", "2023", "3.84"),
        entry("France", "Ground Master-200", "2023", "3", "0", "", ""),
        entry("India", "Akash", "2023", "15", "2", "2023", "32")], schema.REGISTER.columns)
    return build_report(data)


def test_the_summary_counts_the_verdicts_and_names_the_deal_that_differs(with_register):
    readme = with_register["README.md"].decode("utf-8")
    first = opening(readme)
    # Bastion differs (press 50 agreed vs 24 ordered); GM200 matches (3 ordered, the press' 3 at intent is not
    # compared); Akash (2023, a press recipient, inside the press' years 2023) is register-only.
    assert "of the 2 press deals, SIPRI's register lists **2** (1 match, **1 differ**)" in first
    assert "**1** register deal of the same recipients and years appears in no press deal" in first
    assert "Differs: France → Armenia, Bastion: press 50 (agreed) vs register 24 ordered, 24 delivered 2023." in first
    section = readme.split("\n## Press vs register\n")[1].split("\n## ")[0]
    assert "Verdicts: 1 `matches`, 1 `differs`, 0 `not_in_register`, 1 `register_only`, 0 `ambiguous`, " \
           "0 `not_comparable`." in section
    assert "| India | Armenia | Akash | 2023 | 15 | 2 | 2023 |" in section  # the register-only listing
    assert "](figures/press_vs_register.svg)" in section and "](figures/register_deliveries.svg)" in section


def test_section_facts_say_what_the_timeline_and_not_stated_hold(built):
    readme = built["README.md"].decode("utf-8")
    # sa-01, sa-02: no event date, source sa published 2023-12; sb-01: event 2023; sb has no date
    assert "Of the 3 claims, 1 date their event; 2 more are drawn at their source's publication date; 0 are " \
           "dated by neither" in readme
    # sb names no outlet and no country: its claim is the one "(not stated)"
    assert "_(not stated)_ in the figure by outlet country holds the 1 claim of the 1 source that record no " \
           "outlet country: no outlet named: an opinion piece or column (`sb`)." in readme
