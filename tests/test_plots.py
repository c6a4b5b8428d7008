"""Charts: each draws on the axes it is given, labels them, carries the source note, survives no data."""

from __future__ import annotations

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402

from armsdata import analysis, plots  # noqa: E402
from conftest import make_claims  # noqa: E402


@pytest.fixture(scope="module")
def claims():
    return make_claims([
        {"claim_id": "a-1", "deal_id": "fra-arm-bastion", "source_id": "a", "status": "agreed", "quantity": "50",
         "event_date": "2023"},
        {"claim_id": "b-1", "deal_id": "fra-arm-bastion", "source_id": "b", "status": "delivered", "quantity": "24",
         "event_date": "2023-10", "attributed_to": "Ministry of Defence of Armenia"},
        {"claim_id": "b-2", "deal_id": "fra-arm-gm200", "source_id": "b", "status": "intent", "system": "GM200",
         "event_date": "2023-10-23"},
        {"claim_id": "c-1", "deal_id": "tur-aze-tb2", "source_id": "c", "supplier": "Turkey",
         "recipient": "Azerbaijan", "status": "alleged", "system": "TB2"},
    ], sources={"a": {"outlet": "Daily A", "outlet_country": "FRA"}, "b": {"outlet": "Daily B"}})


def charts(claims):
    """(plot function, its input table, extra options) for every chart."""
    return [
        (plots.plot_arms_matrix, analysis.who_arms_whom(claims), {}),
        (plots.plot_supplier_pipeline, analysis.supplier_pipeline(claims), {}),
        (plots.plot_timeline, analysis.timeline(claims), {}),
        (plots.plot_reported_quantities, analysis.reported_quantities(claims), {}),
        (plots.plot_perspective, analysis.perspective(claims, "outlet_country"), {"by": "outlet_country"}),
        (plots.plot_perspective, analysis.perspective(claims, "source_type"), {"by": "source_type"}),
        (plots.plot_provenance, analysis.provenance(claims), {}),
    ]


def texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


@pytest.mark.parametrize("index", range(7))
def test_chart_draws_on_the_given_axes_with_labels_and_source_note(claims, index):
    plot, table, options = charts(claims)[index]
    figure = Figure()
    ax = figure.add_subplot()
    assert plot(table, ax=ax, **options) is ax
    assert ax.get_title(loc="left") and ax.get_xlabel() and ax.get_ylabel()
    assert plots.SOURCE_NOTE in texts(ax)
    figure.savefig(__import__("io").BytesIO(), format="png")  # draws without error


@pytest.mark.parametrize("index", range(7))
def test_chart_of_an_empty_table_says_so(claims, index):
    plot, table, options = charts(claims)[index]
    ax = Figure().add_subplot()
    plot(table.iloc[0:0], ax=ax, **options)
    assert "No claims to show" in texts(ax)


def test_matrix_cells_show_deals_and_claims(claims):
    ax = plots.plot_arms_matrix(analysis.who_arms_whom(claims), ax=Figure().add_subplot())
    # France → Armenia: 2 deals from 3 claims; Turkey → Azerbaijan: 1 deal, 1 claim.
    assert {"2", "3 claims", "1", "1 claim"} <= set(texts(ax))


def test_timeline_draws_year_and_month_as_spans_and_a_day_as_a_dot(claims):
    ax = plots.plot_timeline(analysis.timeline(claims), ax=Figure().add_subplot())
    widths = sorted(round(p.get_width()) for p in ax.patches)
    assert widths == [31, 365]  # October 2023 and the year 2023, in days
    dots = [line for line in ax.lines if line.get_marker() == "o"]
    assert [str(pd.Timestamp(line.get_xdata()[0]).date()) for line in dots] == ["2023-10-23"]


def test_without_axes_a_new_figure_is_made(claims):
    ax = plots.plot_supplier_pipeline(analysis.supplier_pipeline(claims))
    assert ax.figure is not None
    import matplotlib.pyplot as plt

    plt.close(ax.figure)
