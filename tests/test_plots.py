"""Charts: what each draws (bars, widths, colours, labels) from the table its analysis returns."""

from __future__ import annotations

import io
import itertools

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

from matplotlib.colors import to_rgba  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from armsdata import analysis, plots, schema  # noqa: E402
from conftest import make_claims  # noqa: E402

COLOURS = plots.STATUS_COLOURS


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
         "recipient": "Azerbaijan", "status": "unspecified", "system": "TB2"},
        {"claim_id": "d-1", "deal_id": "fra-arm-bastion", "source_id": "d", "status": "alleged"},
        {"claim_id": "e-1", "deal_id": "rus-arm-general", "source_id": "e", "supplier": "Russia",
         "status": "not_delivered", "system": "weapons", "category": "unspecified"},
    ], sources={"a": {"outlet": "Daily A", "outlet_country": "FRA"}, "b": {"outlet": "Daily B"}})


#: The register's side, for the claims above: Bastion 24 ordered, 24 delivered in 2023 (differs from the
#: press' 50 agreed); a Russian deal to Armenia delivered over two years.
COMPARISON = pd.DataFrame({"deal_id": ["fra-arm-bastion", "fra-arm-gm200"], "supplier": ["France", "France"],
                           "recipient": ["Armenia", "Armenia"], "system": ["Bastion", "GM200"],
                           "verdict": ["differs", "not_in_register"], "register_ordered": [24, None],
                           "register_delivered": [24, None]}).astype({"register_ordered": "Int64",
                                                                      "register_delivered": "Int64"})


def register_rows():
    from armsdata.load import typed

    rows = [{"supplier": "France", "recipient": "Armenia", "designation": "Bastion", "delivery_years": "2023",
             "tiv_delivered": "3.84"},
            {"supplier": "Russia", "recipient": "Armenia", "designation": "T-72", "delivery_years": "2019; 2020",
             "tiv_delivered": "100"}]
    text = pd.DataFrame(rows, columns=schema.REGISTER.columns)
    return typed(text.mask(text.isna()), schema.REGISTER)


ACTORS = pd.DataFrame({"name": ["Armenia", "France", "Russia", "Turkey"], "aliases": [pd.NA] * 4})


def _register_tables():
    from armsdata import register  # imported when a test draws its tables

    return register


#: Every chart, by plot function (and, where it draws several tables, which): the input table it takes.
CHARTS = {
    "plot_arms_matrix": lambda claims: analysis.who_arms_whom(claims),
    "plot_supplier_pipeline": lambda claims: analysis.supplier_pipeline(claims),
    "plot_timeline": lambda claims: analysis.timeline(claims),
    "plot_reported_quantities": lambda claims: analysis.reported_quantities(claims),
    "plot_perspective[outlet_country]": lambda claims: analysis.perspective(claims, by="outlet_country"),
    "plot_perspective[source_type]": lambda claims: analysis.perspective(claims, by="source_type"),
    "plot_provenance": lambda claims: analysis.provenance(claims),
    "plot_press_vs_register": lambda claims: _register_tables().quantities_beside_register(claims, COMPARISON),
    "plot_register_deliveries": lambda claims: _register_tables().register_deliveries(register_rows(), claims,
                                                                                       actors=ACTORS),
}


def chart(claims, case: str):
    """(plot function, its input table) of one case of :data:`CHARTS`."""
    return getattr(plots, case.split("[")[0]), CHARTS[case](claims)


def test_every_plot_function_of_the_package_is_among_the_charts_tested():
    public = {name for name in plots.__all__ if name.startswith("plot_")}
    assert public == {case.split("[")[0] for case in CHARTS}


def new_axes():
    return Figure().add_subplot()


def texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


def bars(ax) -> dict[str, list[tuple[float, float, float]]]:
    """Per legend label: (y, left, width) of each bar drawn, from the bottom up."""
    return {c.get_label(): [(round(p.get_y() + p.get_height() / 2, 2), p.get_x(), p.get_width()) for p in c]
            for c in ax.containers}


def facecolours(ax) -> dict[str, tuple]:
    return {c.get_label(): c.patches[0].get_facecolor() for c in ax.containers}


def drawn_texts(figure) -> list[tuple[str, object]]:
    """Every text drawing the figure draws (tick labels of the ticks in view only), with its box on the canvas."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    drawn, draw = [], Text.draw

    def record(self, renderer):
        draw(self, renderer)
        if self.get_visible() and self.get_text().strip():
            drawn.append((self.get_text(), self.get_window_extent(renderer)))

    Text.draw = record
    try:
        FigureCanvasAgg(figure).draw()
    finally:
        Text.draw = draw
    return drawn


def overlapping(boxes: list[tuple[object, object]], margin: float = 0.0) -> list[tuple[object, object]]:
    """The pairs of ``(name, box)`` whose boxes (grown by ``margin`` pixels) share more than an edge."""
    out = []
    for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2):
        width = min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0) + 2 * margin
        height = min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0) + 2 * margin
        if width > 1e-6 and height > 1e-6:
            out.append((a, b))
    return out


def mark_boxes(ax) -> list[tuple[str, object]]:
    """The box of every mark of ``ax`` on the canvas: each bar, and each marker of its lines (once drawn)."""
    renderer = ax.figure.canvas.get_renderer()
    boxes = [(f"bar {p.get_facecolor()}", p.get_window_extent(renderer)) for p in ax.patches]
    for line in ax.lines:
        if line.get_marker() in (None, "None", "", " "):
            continue
        half = line.get_markersize() * ax.figure.dpi / 72 / 2
        for x, y in line.get_transform().transform(line.get_xydata()):
            boxes.append((f"{line.get_marker()} {line.get_markerfacecolor()}",
                          matplotlib.transforms.Bbox([[x - half, y - half], [x + half, y + half]])))
    return boxes


@pytest.mark.parametrize("case", list(CHARTS))
def test_chart_draws_on_the_given_axes_with_labels_and_source_note(claims, case):
    plot, table = chart(claims, case)
    assert not table.empty
    ax = new_axes()
    assert plot(table, ax=ax) is ax
    assert ax.get_title(loc="left") and ax.get_xlabel() and ax.get_ylabel()
    assert plots.SOURCE_NOTE in texts(ax) or plots.REGISTER_NOTE in texts(ax)
    ax.figure.savefig(io.BytesIO(), format="png")  # draws without error


@pytest.mark.parametrize("case", list(CHARTS))
def test_no_two_texts_of_a_chart_overlap(claims, case):
    plot, table = chart(claims, case)
    ax = plot(table, ax=new_axes())
    assert overlapping(drawn_texts(ax.figure)) == []


@pytest.mark.parametrize("case", list(CHARTS))
def test_chart_of_an_empty_table_says_so(claims, case):
    plot, table = chart(claims, case)
    ax = new_axes()
    plot(table.iloc[0:0], ax=ax)
    said = [t for t in texts(ax) if t.startswith("No ")]
    assert said and said[0].endswith("to show") or said == ["No deal with a number to compare"]
    assert not ax.patches and not ax.lines and not ax.images


@pytest.mark.parametrize("case", list(CHARTS))
def test_chart_refuses_a_table_of_another_analysis(claims, case):
    plot, _ = chart(claims, case)
    expected = rf"{plot.__name__} draws the table of armsdata\.(analysis|register)\."
    with pytest.raises(ValueError, match=expected) as error:
        plot(pd.DataFrame({"unrelated": [1]}), ax=new_axes())
    assert "lacks the column(s)" in str(error.value)


def test_matrix_cells_show_deals_and_claims(claims):
    ax = plots.plot_arms_matrix(analysis.who_arms_whom(claims), ax=new_axes())
    # France → Armenia: 2 deals from 3 claims (d-1 only alleges); Turkey → Azerbaijan: 1 deal, 1 claim;
    # Russia → Armenia is not asserted (e-1 is not_delivered), so not drawn.
    assert ax.images[0].get_array().tolist() == [[2, 0], [0, 1]]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["France", "Turkey"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Armenia", "Azerbaijan"]
    assert {"2", "3 claims", "1", "1 claim"} <= set(texts(ax))
    assert ax.images[0].get_cmap().name == "Blues"


def test_a_crowded_matrix_leaves_out_the_claims_and_turns_the_names_upright():
    n = plots.headline.CROWDED_COLUMNS + 1
    pairs = pd.DataFrame({"supplier": ["France"] * n, "recipient": [f"Country {i}" for i in range(n)],
                          "n_deals": range(1, n + 1), "n_claims": range(2, n + 2)})
    ax = plots.plot_arms_matrix(pairs, ax=new_axes())
    cells = [t for t in texts(ax) if not t.startswith("Source:")]
    assert sorted(cells, key=int) == [str(i) for i in range(1, n + 1)]  # no "k claims" line
    assert {t.get_rotation() for t in ax.get_xticklabels()} == {90.0}
    ax = plots.plot_arms_matrix(pairs.head(n - 1), ax=new_axes())
    assert "2 claims" in texts(ax) and {t.get_rotation() for t in ax.get_xticklabels()} == {0.0}
    assert "2 claims" in texts(plots.plot_arms_matrix(pairs, ax=new_axes(), show_claims=True))


def test_matrix_kwargs_go_to_imshow_and_override_its_defaults(claims):
    ax = plots.plot_arms_matrix(analysis.who_arms_whom(claims), ax=new_axes(), cmap="Reds", aspect="equal",
                                alpha=0.5)
    image = ax.images[0]
    assert (image.get_cmap().name, ax.get_aspect(), image.get_alpha()) == ("Reds", 1.0, 0.5)


def test_pipeline_stacks_each_suppliers_deals_at_their_furthest_stage(claims):
    ax = plots.plot_supplier_pipeline(analysis.supplier_pipeline(claims), ax=new_axes())
    # France: Bastion delivered, GM200 at intent; Turkey: TB2 unspecified (no stage); Russia's deal is not
    # asserted, so not counted. Largest at the top.
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Turkey", "France"]
    assert bars(ax) == {"intent": [(0, 0, 0), (1, 0, 1)], "delivered": [(0, 0, 0), (1, 1, 1)],
                        "no stage reported": [(0, 0, 1), (1, 2, 0)]}
    assert facecolours(ax) == {"intent": to_rgba(COLOURS["intent"]), "delivered": to_rgba(COLOURS["delivered"]),
                               "no stage reported": to_rgba(COLOURS["no_stage"])}
    assert ax.containers[2].patches[0].get_hatch() == "//"
    assert ["1", "2"] == [t for t in texts(ax) if t.isdigit()]  # the totals, bottom up
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["intent", "delivered", "no stage reported"]


def test_perspective_stacks_claims_by_status(claims):
    ax = plots.plot_perspective(analysis.perspective(claims, by="outlet_country"), ax=new_axes())
    # FRA (outlet of a): a-1 agreed. Not stated (b, c, d, e): b-1 delivered, b-2 intent, e-1 not delivered,
    # d-1 alleged, c-1 unspecified, stacked in vocabulary order. Most claims on top.
    assert [t.get_text() for t in ax.get_yticklabels()] == ["France (FRA)", "(not stated)"]
    assert "(not stated): claims whose source\nrecords no outlet country" in texts(ax)
    assert bars(ax) == {"intent": [(0, 0, 0), (1, 0, 1)], "agreed": [(0, 0, 1), (1, 1, 0)],
                        "delivered": [(0, 1, 0), (1, 1, 1)], "not delivered": [(0, 1, 0), (1, 2, 1)],
                        "alleged": [(0, 1, 0), (1, 3, 1)], "unspecified": [(0, 1, 0), (1, 4, 1)]}
    assert facecolours(ax)["alleged"] == to_rgba(COLOURS["alleged"])


def test_perspective_names_a_bar_by_every_key_of_its_table(claims):
    # no option repeats what the table says: its key columns are those before the statuses
    table = analysis.perspective(claims, by=["source_type", "outlet_country"])
    ax = plots.plot_perspective(table, ax=new_axes())
    labels = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    assert "news report, France (FRA)" in labels and ax.get_ylabel() == "Source type, outlet country"
    with pytest.raises(ValueError, match="its key columns"):
        plots.plot_perspective(table.drop(columns=["source_type", "outlet_country"]), ax=new_axes())


def test_stacked_bar_kwargs_go_to_every_barh(claims):
    ax = plots.plot_perspective(analysis.perspective(claims, by="source_type"), ax=new_axes(),
                                edgecolor="red", height=0.5, alpha=0.3)
    patches = [p for c in ax.containers for p in c]
    assert {(p.get_edgecolor(), round(p.get_height(), 2), p.get_alpha()) for p in patches} == {
        (to_rgba("red", 0.3), 0.5, 0.3)}


def test_provenance_draws_claims_sources_and_origins_of_each_stance_per_deal(claims):
    ax = plots.plot_provenance(analysis.provenance(claims), ax=new_axes())  # every deal of the table
    # Bastion: 3 claims from 3 sources; Daily A and the ministry support it, d only alleges it.
    # GM200 (Daily B) and TB2 (c): one supporting origin each; Russia's deal: e disputes it.
    # Most supporting origins on top, so bottom up: Russia, TB2, GM200 (ties by deal_id), Bastion.
    assert [t.get_text().split(": ")[1] for t in ax.get_yticklabels()] == ["weapons", "TB2", "GM200", "Bastion"]
    assert {label: [w for _, _, w in drawn] for label, drawn in bars(ax).items()} == {
        "claims": [1, 1, 1, 3], "sources": [1, 1, 1, 3], "origins supporting": [0, 1, 1, 2],
        "origins disputing": [1, 0, 0, 0], "origins only alleging": [0, 0, 0, 1]}
    assert facecolours(ax) == {"claims": to_rgba("#d9d9d9"), "sources": to_rgba("#969696"),
                               "origins supporting": to_rgba(COLOURS["delivered"]),
                               "origins disputing": to_rgba(COLOURS["not_delivered"]),
                               "origins only alleging": to_rgba(COLOURS["alleged"])}
    # five bars per deal, the first on top, none overlapping: each 0.16 high, centred 0.16 apart
    assert [y for _, drawn in bars(ax).items() for y, _, _ in drawn[:1]] == [0.32, 0.16, 0.0, -0.16, -0.32]
    # the figure says what an origin is, and that there can be more of them than sources
    (note,) = [t.replace("\n", " ") for t in texts(ax) if t.startswith("A claim's origin: ")]
    assert schema.ORIGIN in note and "more origins than sources" in note
    assert overlapping(drawn_texts(ax.figure)) == []
    assert ax.get_ylabel() == "Deal"  # a deal of one claim among them
    # the plot draws what it is given (the report gives it the deals of two claims or more: the Bastion)
    table = analysis.provenance(claims)
    only_two = plots.plot_provenance(table[table["n_claims"] >= 2], ax=new_axes())
    assert len(only_two.patches) == 5 and len(only_two.get_yticklabels()) == 1
    assert only_two.get_ylabel() == "Deal (with at least 3 claims)"  # what the deals drawn have in common


def test_timeline_draws_year_and_month_as_spans_and_a_day_as_a_dot(claims):
    ax = plots.plot_timeline(analysis.timeline(claims), ax=new_axes())
    spans = sorted((round(p.get_width()), p.get_facecolor()) for p in ax.patches)
    # October 2023 (delivered, b-1) and the year 2023 (agreed, a-1), in days, in their status colours
    assert spans == [(31, to_rgba(COLOURS["delivered"])), (365, to_rgba(COLOURS["agreed"]))]
    # b-1 lies within a-1's year on Bastion's row: the two are in lanes of their own, one above the other
    assert sorted(round(p.get_y() + p.get_height() / 2, 2) for p in ax.patches) == [-0.2, 0.2]
    assert len(ax.figure.axes) == 1  # no claim dates nothing: no panel of publications
    (dot,) = [line for line in ax.lines if line.get_marker() == "o"]
    assert str(pd.Timestamp(dot.get_xdata()[0]).date()) == "2023-10-23" and dot.get_color() == COLOURS["intent"]


def test_timeline_kwargs_go_to_the_spans_and_dot_kws_to_the_dots(claims):
    ax = plots.plot_timeline(analysis.timeline(claims), ax=new_axes(), alpha=0.5, height=0.2,
                             dot_kws={"markersize": 12, "marker": "s"})
    assert {(p.get_alpha(), round(p.get_height(), 2)) for p in ax.patches} == {(0.5, 0.2)}
    (dot,) = [line for line in ax.lines if line.get_marker() == "s"]
    assert dot.get_markersize() == 12 and dot.get_alpha() is None


def test_reported_quantities_places_each_claim_with_its_stage_and_who_says_it(claims):
    ax = plots.plot_reported_quantities(analysis.reported_quantities(claims), ax=new_axes())
    drawn = [(line.get_xdata()[0], line.get_ydata()[0], line.get_marker(), line.get_color()) for line in ax.lines]
    # only Bastion has two stated quantities: a heading row, then a-1 (50 agreed) and b-1 (24 delivered)
    assert drawn == [(50, 1, "o", COLOURS["agreed"]), (24, 2, "o", COLOURS["delivered"])]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    # named by outlet and attribution, never by an id
    assert labels == ["France → Armenia: Bastion", "Daily A", "Daily B, citing Ministry of Defence of Armenia"]
    assert {"50", "24"} <= set(texts(ax))  # each number written beside its dot
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["agreed", "delivered"]  # stages only
    ax = plots.plot_reported_quantities(analysis.reported_quantities(claims), ax=new_axes(), markersize=3)
    assert {line.get_markersize() for line in ax.lines} == {3}


def test_reported_quantities_mark_the_registers_numbers_on_each_deal(claims):
    from armsdata import register

    comparison = pd.DataFrame({"deal_id": ["fra-arm-bastion"], "register_ordered": [60],
                               "register_delivered": [24]})
    table = register.with_register_numbers(analysis.reported_quantities(claims), comparison)
    ax = plots.plot_reported_quantities(table, ax=new_axes())
    squares = [(line.get_xdata()[0], line.get_ydata()[0], line.get_markerfacecolor()) for line in ax.lines
               if line.get_marker() == "s"]
    # on the deal's heading row: hollow ordered, filled delivered
    assert squares == [(60, 0, "white"), (24, 0, "black")]
    # reference lines across the deal's two claim rows (0.5 to 2.5): dashed for ordered, solid for delivered
    segments = [(c.get_segments()[0].tolist(), c.get_linestyle()[0][1] is not None) for c in ax.collections]
    assert segments == [([[60, 0.5], [60, 2.5]], True), ([[24, 0.5], [24, 2.5]], False)]
    assert "SIPRI register: 60 ordered □, 24 delivered ■" in texts(ax)
    assert ax.get_xlim()[1] == pytest.approx(72)  # room for the largest number, the register's 60
    # the legend names the register's squares and lines, drawn as on the chart
    entries = dict(zip([t.get_text() for t in ax.get_legend().get_texts()], ax.get_legend().legend_handles))
    assert list(entries) == ["agreed", "delivered", "SIPRI register: ordered\n(dashed line)",
                             "SIPRI register: delivered\n(solid line)"]
    ordered, delivered = (entries[f"SIPRI register: {n}\n({s} line)"] for n, s in (("ordered", "dashed"),
                                                                                    ("delivered", "solid")))
    assert (ordered.get_linestyle(), ordered.get_marker(), ordered.get_markerfacecolor()) == ("--", "s", "white")
    assert (delivered.get_linestyle(), delivered.get_marker(), delivered.get_markerfacecolor()) == ("-", "s", "black")


def test_press_vs_register_puts_the_press_above_and_the_register_below_each_deal(claims):
    from armsdata import register

    ax = plots.plot_press_vs_register(register.quantities_beside_register(claims, COMPARISON), ax=new_axes())
    marks = [(line.get_xdata()[0], round(line.get_ydata()[0], 2), line.get_marker(), line.get_markerfacecolor())
             for line in ax.lines if line.get_marker() not in (None, "None", "")]
    # Bastion (row 0): the press' 50 agreed and 24 delivered above (y -0.2), the register's 24 ordered (hollow)
    # and 24 delivered (filled) below (y 0.2). GM200 has no number on either side.
    assert marks == [(50, -0.2, "o", COLOURS["agreed"]), (24, -0.2, "o", COLOURS["delivered"]),
                     (24, 0.2, "s", "white"), (24, 0.2, "s", "black")]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["France → Armenia: Bastion\n(differs)"]
    assert texts(ax).count("24") == 2 and texts(ax).count("50") == 1  # each lane's numbers, once each
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "press: agreed", "press: delivered", "register: ordered", "register: delivered"]


def beside(deal_id: str, side: str, stage: str, quantity: int) -> dict:
    return {"deal_id": deal_id, "supplier": "France", "recipient": "Armenia", "system": deal_id.upper(),
            "verdict": "differs", "side": side, "stage": stage, "quantity": quantity,
            "quantity_qualifier": "exact" if side == "press" else pd.NA, "n_claims": 1 if side == "press" else pd.NA}


def test_press_vs_register_marks_at_the_same_number_are_all_visible():
    # Bastion: the press says 50 at two stages and 24 delivered; the register 24 ordered and 24 delivered, below
    # the press' 24; five more deals, so that the rows are as high as the report draws six
    rows = [beside("bastion", "press", "intent", 50), beside("bastion", "press", "agreed", 50),
            beside("bastion", "press", "delivered", 24), beside("bastion", "register", "ordered", 24),
            beside("bastion", "register", "delivered", 24)]
    rows += [beside(f"deal{i}", "press", "agreed", 10 * i) for i in range(5)]
    table = pd.DataFrame(rows).astype({"quantity": "Int64", "n_claims": "Int64"})
    for size in [(8, 1.4 + 0.6 * 6), (6.4, 4.8)]:  # the report's size, and matplotlib's default
        ax = plots.plot_press_vs_register(table, ax=Figure(figsize=size).add_subplot())
        said = drawn_texts(ax.figure)
        boxes = mark_boxes(ax)
        assert len(boxes) == 10 and overlapping(boxes) == []
        assert overlapping(said) == []
        # each pair at one number is centred on it: one mark left of it, one right
        centres = sorted((round(b.y0), (b.x0 + b.x1) / 2) for _, b in boxes)
        fifty = [x for _, x in centres if abs(x - ax.transData.transform((50, 0))[0]) < 20]
        assert len(fifty) == 2 and sum(fifty) / 2 == pytest.approx(ax.transData.transform((50, 0))[0])


def test_register_deliveries_colour_each_year_and_mark_the_press_claims(claims):
    from armsdata import register

    table = register.register_deliveries(register_rows(), claims, actors=ACTORS)
    ax = plots.plot_register_deliveries(table, ax=new_axes())
    # Rows: Russia (100 TIV: 50 in 2019 and 50 in 2020), then France (3.84 in 2023), both to Armenia;
    # columns 2019 to 2023.
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Russia → Armenia", "France → Armenia"]
    grid = ax.images[0].get_array()
    assert grid.filled(0).tolist() == [[50, 50, 0, 0, 0], [0, 0, 0, 0, 3.84]]
    assert grid.mask.tolist() == [[False, False, True, True, True], [True, True, True, True, False]]
    # b-1 says Bastion was delivered in 2023-10: a filled dot on France's 2023; no undated claim
    dated, undated = ax.lines
    assert (list(dated.get_xdata()), list(dated.get_ydata()), len(undated.get_xdata())) == ([2023], [1], 0)
    (totals,) = ax.child_axes  # each row's total, on the right
    assert [t.get_text() for t in totals.get_yticklabels()] == ["100", "3.8"]
    assert totals.get_ylabel() == "Total TIV delivered (millions)"


def test_register_deliveries_labels_touch_nothing_whatever_the_years():
    from armsdata import register
    from armsdata.load import typed
    from armsdata.report.registry import FIGURES

    # deliveries from 1993 to 2025, as in the shipped register: the last year's label sits at the grid's corner
    rows = [{"supplier": supplier, "recipient": "Armenia", "designation": "T-72", "delivery_years": years,
             "tiv_delivered": tiv} for supplier, years, tiv in (("Russia", "1993; 2010", "902"),
                                                                 ("France", "2025", "3.84"), ("India", "2021", "88"))]
    text = pd.DataFrame(rows, columns=schema.REGISTER.columns)
    table = register.register_deliveries(typed(text.mask(text.isna()), schema.REGISTER),
                                         make_claims([{"claim_id": "a-1", "deal_id": "fra-arm-bastion",
                                                       "source_id": "a", "status": "delivered"}]),
                                         actors=pd.DataFrame({"name": ["Armenia", "France", "India", "Russia"],
                                                              "aliases": [pd.NA] * 4}))
    (spec,) = [f for f in FIGURES if f.name == "register_deliveries"]
    ax = plots.plot_register_deliveries(table, ax=Figure(figsize=spec.size.inches(table)).add_subplot())
    said = drawn_texts(ax.figure)
    assert "2025" in [text for text, _ in said]
    assert overlapping(said, margin=1) == []  # not even touching


def test_register_deliveries_mark_dated_claims_filled_and_undated_ones_hollow():
    from armsdata import register

    claims = make_claims([
        {"claim_id": "a-1", "deal_id": "rus-arm-t72", "source_id": "a", "supplier": "Russia", "status": "delivered",
         "event_date": "2019", "system": "T-72"},
        {"claim_id": "b-1", "deal_id": "fra-arm-bastion", "source_id": "b", "status": "delivered"},
    ], sources={"a": {"published": "2023-12-08"}, "b": {"published": "2024-01"}})
    ax = plots.plot_register_deliveries(register.register_deliveries(register_rows(), claims, actors=ACTORS),
                                        ax=new_axes())
    dated, undated = ax.lines
    assert (list(dated.get_xdata()), list(dated.get_ydata()), dated.get_markerfacecolor()) == (
        [2019], [0], COLOURS["delivered"])
    # Bastion is placed at 2024, the year its source was published: a column with no register delivery
    assert (list(undated.get_xdata()), list(undated.get_ydata()), undated.get_markerfacecolor()) == (
        [2024], [1], "white")
    assert ax.images[0].get_extent() == [2018.5, 2024.5, 1.5, -0.5]


#: A crowded timeline: Bastion has three claims dating 2023 (two agreed, one delivered), one dating a day in
#: October, and five dating nothing, in two sources published the same day (three agreed, an alleged one,
#: a delivered one) and one published later; TB2 has a claim dating 2020 and two dating nothing.
CROWDED = [
    {"claim_id": "a-1", "deal_id": "fra-arm-bastion", "source_id": "a", "status": "agreed", "event_date": "2023"},
    {"claim_id": "a-2", "deal_id": "fra-arm-bastion", "source_id": "a", "status": "agreed", "event_date": "2023"},
    {"claim_id": "a-3", "deal_id": "fra-arm-bastion", "source_id": "a", "status": "delivered", "event_date": "2023"},
    {"claim_id": "a-4", "deal_id": "fra-arm-bastion", "source_id": "a", "status": "delivered",
     "event_date": "2023-10-23"},
    {"claim_id": "a-5", "deal_id": "fra-arm-bastion", "source_id": "a", "status": "agreed"},
    {"claim_id": "a-6", "deal_id": "fra-arm-bastion", "source_id": "a", "status": "alleged"},
    {"claim_id": "b-1", "deal_id": "fra-arm-bastion", "source_id": "b", "status": "agreed"},
    {"claim_id": "b-2", "deal_id": "fra-arm-bastion", "source_id": "b", "status": "agreed"},
    {"claim_id": "b-3", "deal_id": "fra-arm-bastion", "source_id": "b", "status": "delivered"},
    {"claim_id": "c-1", "deal_id": "fra-arm-bastion", "source_id": "c", "status": "agreed"},
    {"claim_id": "a-7", "deal_id": "tur-aze-tb2", "source_id": "a", "supplier": "Turkey", "recipient": "Azerbaijan",
     "system": "TB2", "status": "delivered", "event_date": "2020"},
    {"claim_id": "a-8", "deal_id": "tur-aze-tb2", "source_id": "a", "supplier": "Turkey", "recipient": "Azerbaijan",
     "system": "TB2", "status": "delivered"},
    {"claim_id": "b-4", "deal_id": "tur-aze-tb2", "source_id": "b", "supplier": "Turkey", "recipient": "Azerbaijan",
     "system": "TB2", "status": "unspecified"},
    {"claim_id": "b-5", "deal_id": "fra-arm-bastion", "source_id": "b", "status": "alleged"},
]
#: Ten more deals of one claim each dating 2021, so that the rows are as high as the report draws them.
FILLERS = [{"claim_id": f"d-{i}", "deal_id": f"ind-arm-x{i}", "source_id": "d", "supplier": "India",
            "system": f"X{i}", "status": "agreed", "event_date": "2021"} for i in range(10)]
CROWDED_SOURCES = {"a": {"published": "2023-12-08"}, "b": {"published": "2023-12-08"},
                   "c": {"published": "2024-06-25"}}


def crowded_timeline(fillers: bool = False):
    """The crowded timeline (with the fillers), drawn at the size the report gives it, with its texts on the canvas."""
    from armsdata.report.registry import FIGURES

    events = analysis.timeline(make_claims(CROWDED + (FILLERS if fillers else []), sources=CROWDED_SOURCES),
                               published=True)
    (spec,) = [f for f in FIGURES if f.name == "timeline"]
    ax = plots.plot_timeline(events, ax=Figure(figsize=spec.size.inches(events)).add_subplot())
    return ax, drawn_texts(ax.figure)


def publication_panel(ax):
    (panel,) = [a for a in ax.figure.axes if a.get_label() == "publication"]
    return panel


def test_timeline_draws_every_claim_as_a_mark_of_its_own_and_no_two_overlap():
    ax, said = crowded_timeline(fillers=True)
    panel = publication_panel(ax)
    # event dates: Bastion's 3 year bars and its day, TB2's year, the fillers' years; one mark per claim,
    # none hidden by another
    assert len(mark_boxes(ax)) == 15
    assert overlapping(mark_boxes(ax)) == []
    # dating nothing: Bastion 6 squares on 8 Dec 2023 and 1 on 25 Jun 2024, TB2 2 on 8 Dec; side by side
    assert len(panel.patches) == 9 and overlapping(mark_boxes(panel)) == []
    assert overlapping(said) == []


def test_timeline_sets_the_claims_that_date_no_event_apart_and_counts_them():
    ax, _ = crowded_timeline()
    panel = publication_panel(ax)
    # the event axis spans the event dates (2020 to 2023), not the publications of December 2023 and June 2024
    low, high = (matplotlib.dates.num2date(x).date() for x in ax.get_xlim())
    assert str(low) < "2020-01-01" and "2023-12-31" < str(high) < "2024-03-01"
    assert [t.get_text() for t in panel.get_xticklabels()] == ["8 Dec\n2023", "25 Jun\n2024"]
    # per row (Bastion 0, TB2 1) and column, the squares of its claims, in vocabulary order of their statuses
    squares = sorted((round(p.get_y() + p.get_height() / 2), p.get_x(), p.get_facecolor()) for p in panel.patches)
    columns = {}
    for row, x, colour in squares:
        columns.setdefault((row, x < 6.5), []).append(colour)
    assert columns == {
        (0, True): [to_rgba(COLOURS[s]) for s in ("agreed", "agreed", "agreed", "delivered", "alleged", "alleged")],
        (1, True): [to_rgba(COLOURS[s]) for s in ("delivered", "unspecified")],
        (0, False): [to_rgba(COLOURS["agreed"])]}
    # squares are one claim wide, side by side
    assert {p.get_width() for p in panel.patches} == {1}
    legend = [t.get_text() for t in panel.get_legend().get_texts()]
    assert legend == ["agreed", "delivered", "alleged", "unspecified", "event year (bar spans the year)",
                      "event day (dot)", "a claim dating no event\n(right: when it was published)"]


def test_timeline_counts_publications_by_month_where_days_would_be_too_many_columns():
    days = [f"2023-{month:02d}-{day:02d}" for month, day in ((11, 1), (11, 2), (11, 3), (12, 1), (12, 2),
                                                              (12, 3), (12, 4))]
    sources = {f"s{i}": {"published": day} for i, day in enumerate(days)} | {"t": {"published": "2024"}}
    rows = [{"claim_id": f"{s}-1", "deal_id": "fra-arm-bastion", "source_id": s, "status": "agreed"}
            for s in sources]
    ax = plots.plot_timeline(analysis.timeline(make_claims(rows, sources=sources), published=True),
                             ax=new_axes())
    panel = publication_panel(ax)
    assert [t.get_text() for t in panel.get_xticklabels()] == ["Nov\n2023", "Dec\n2023", "2024"]
    assert len(panel.patches) == 8
    assert ax.texts[0].get_text() == "No claim dates its event"


def test_a_status_or_qualifier_new_to_the_vocabulary_gets_its_own_colour_and_marker(monkeypatch):
    monkeypatch.setattr(schema, "STATUS", {**schema.STATUS, "transferred": ("moved", "moved")})
    monkeypatch.setattr(schema, "QUANTITY_QUALIFIER", {**schema.QUANTITY_QUALIFIER, "estimated": ("est", "est")})
    table = pd.DataFrame({"outlet_country": ["FRA"], **{s: [0] for s in schema.STATUS}, "n_claims": [3],
                          "n_deals": [1]})
    table[["agreed", "transferred"]] = [[1, 2]]
    ax = plots.plot_perspective(table, ax=new_axes())
    colours = facecolours(ax)
    assert colours["agreed"] == to_rgba(COLOURS["agreed"])  # today's colours are kept
    assert colours["transferred"] == to_rgba(plots.status_colours()["transferred"])
    assert colours["transferred"] not in [to_rgba(c) for c in plots.STATUS_COLOURS.values()]
    quantities = pd.DataFrame([{"deal_id": "d", "supplier": "A", "recipient": "B", "system": "S", "claim_id": c,
                                "source": "o", "attributed_to": None, "status": s, "quantity": q,
                                "quantity_qualifier": k}
                               for c, s, q, k in [("x-1", "transferred", 5, "estimated"),
                                                  ("x-2", "agreed", 7, "exact")]])
    ax = plots.plot_reported_quantities(quantities, ax=new_axes())
    assert [(line.get_marker(), line.get_color()) for line in ax.lines] == [
        (plots.qualifier_markers()["estimated"], plots.status_colours()["transferred"]), ("o", COLOURS["agreed"])]
    assert plots.qualifier_markers()["estimated"] not in {"o", "D", ">", "<"}


def test_status_colours_keep_todays_colours_and_give_new_statuses_distinct_ones():
    colours = plots.status_colours([*schema.STATUS, "a_new_one", "another"])
    assert {s: colours[s] for s in [*schema.STATUS, "no_stage"]} == plots.STATUS_COLOURS
    assert len(set(colours.values())) == len(colours)
    assert plots.status_labels(["in_production"]) == {"in_production": "in production",
                                                      "no_stage": "no stage reported"}


#: The least distance (CAM02-UCS) two status colours keep, with normal colour vision and with each
#: full colour-vision deficiency simulated. The palette before this one had intent and agreed 12 apart
#: to normal eyes but considered and intent only 6 apart with protanopia.
LEAST_DISTANCE = 10


def _seen(colour: str, deficiency: str | None):
    import numpy as np
    from colorspacious import cspace_convert
    from matplotlib.colors import to_rgb

    rgb = np.array(to_rgb(colour))
    if deficiency:
        rgb = np.clip(cspace_convert(rgb, {"name": "sRGB1+CVD", "cvd_type": deficiency, "severity": 100}, "sRGB1"),
                      0, 1)
    return cspace_convert(rgb, "sRGB1", "CAM02-UCS")


@pytest.mark.filterwarnings("ignore:invalid escape sequence:DeprecationWarning")  # colorspacious (2018)
@pytest.mark.parametrize("deficiency", [None, "deuteranomaly", "protanomaly", "tritanomaly"])
def test_every_two_status_colours_can_be_told_apart_also_by_colour_blind_eyes(deficiency):
    import numpy as np

    colours = plots.status_colours()
    for (a, first), (b, second) in itertools.combinations(colours.items(), 2):
        distance = float(np.linalg.norm(_seen(first, deficiency) - _seen(second, deficiency)))
        assert distance >= LEAST_DISTANCE, f"{a} and {b} look alike ({deficiency}): {distance:.1f}"


@pytest.mark.filterwarnings("ignore:invalid escape sequence:DeprecationWarning")
def test_stages_run_from_light_to_dark_in_pipeline_order():
    lightness = [_seen(plots.STATUS_COLOURS[s], None)[0] for s in schema.PIPELINE_STAGES]
    assert lightness == sorted(lightness, reverse=True)
    assert plots.stance_colours() == {"supports": COLOURS["delivered"], "disputes": COLOURS["not_delivered"],
                                      "alleges": COLOURS["alleged"]}


def test_without_axes_a_new_figure_of_the_default_size_is_made(claims):
    import matplotlib.pyplot as plt

    ax = plots.plot_supplier_pipeline(analysis.supplier_pipeline(claims))
    try:
        assert tuple(ax.figure.get_size_inches()) == (7, 4) and ax.figure.axes[0] is ax
    finally:
        plt.close(ax.figure)
