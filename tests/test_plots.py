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


def charts(claims):
    """(plot function, its input table, extra options) for every chart."""
    from armsdata import register

    return [
        (plots.plot_arms_matrix, analysis.who_arms_whom(claims), {}),
        (plots.plot_supplier_pipeline, analysis.supplier_pipeline(claims), {}),
        (plots.plot_timeline, analysis.timeline(claims), {}),
        (plots.plot_reported_quantities, analysis.reported_quantities(claims), {}),
        (plots.plot_perspective, analysis.perspective(claims, by="outlet_country"), {"by": "outlet_country"}),
        (plots.plot_perspective, analysis.perspective(claims, by="source_type"), {"by": "source_type"}),
        (plots.plot_provenance, analysis.provenance(claims), {}),
        (plots.plot_press_vs_register, register.quantities_beside_register(claims, COMPARISON), {}),
        (plots.plot_register_deliveries, register.register_deliveries(register_rows(), claims, actors=ACTORS), {}),
    ]


N_CHARTS = 9


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


@pytest.mark.parametrize("index", range(N_CHARTS))
def test_chart_draws_on_the_given_axes_with_labels_and_source_note(claims, index):
    plot, table, options = charts(claims)[index]
    assert not table.empty
    ax = new_axes()
    assert plot(table, ax=ax, **options) is ax
    assert ax.get_title(loc="left") and ax.get_xlabel() and ax.get_ylabel()
    assert plots.SOURCE_NOTE in texts(ax) or plots.REGISTER_NOTE in texts(ax)
    ax.figure.savefig(io.BytesIO(), format="png")  # draws without error


@pytest.mark.parametrize("index", range(N_CHARTS))
def test_chart_of_an_empty_table_says_so(claims, index):
    plot, table, options = charts(claims)[index]
    ax = new_axes()
    plot(table.iloc[0:0], ax=ax, **options)
    said = [t for t in texts(ax) if t.startswith("No ")]
    assert said and said[0].endswith("to show") or said == ["No deal with a number to compare"]
    assert not ax.patches and not ax.lines and not ax.images


@pytest.mark.parametrize("index", range(N_CHARTS))
def test_chart_refuses_a_table_of_another_analysis(claims, index):
    plot = charts(claims)[index][0]
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
    ax = plots.plot_perspective(analysis.perspective(claims, by="outlet_country"), ax=new_axes(),
                                by="outlet_country")
    # FRA (outlet of a): a-1 agreed. Not stated (b, c, d, e): b-1 delivered, b-2 intent, e-1 not delivered,
    # d-1 alleged, c-1 unspecified, stacked in vocabulary order. Most claims on top.
    assert [t.get_text() for t in ax.get_yticklabels()] == ["France (FRA)", "(not stated)"]
    assert "(not stated): claims whose source\nrecords no outlet country" in texts(ax)
    assert bars(ax) == {"intent": [(0, 0, 0), (1, 0, 1)], "agreed": [(0, 0, 1), (1, 1, 0)],
                        "delivered": [(0, 1, 0), (1, 1, 1)], "not delivered": [(0, 1, 0), (1, 2, 1)],
                        "alleged": [(0, 1, 0), (1, 3, 1)], "unspecified": [(0, 1, 0), (1, 4, 1)]}
    assert facecolours(ax)["alleged"] == to_rgba(COLOURS["alleged"])


def test_stacked_bar_kwargs_go_to_every_barh(claims):
    ax = plots.plot_perspective(analysis.perspective(claims, by="source_type"), ax=new_axes(), by="source_type",
                                edgecolor="red", height=0.5, alpha=0.3)
    patches = [p for c in ax.containers for p in c]
    assert {(p.get_edgecolor(), round(p.get_height(), 2), p.get_alpha()) for p in patches} == {
        (to_rgba("red", 0.3), 0.5, 0.3)}


def test_provenance_draws_claims_sources_and_origins_of_each_stance_per_deal(claims):
    ax = plots.plot_provenance(analysis.provenance(claims), ax=new_axes(), min_claims=1)
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
    only_two = plots.plot_provenance(analysis.provenance(claims), ax=new_axes())  # default: at least 2 claims
    assert len(only_two.patches) == 5 and len(only_two.get_yticklabels()) == 1


def test_timeline_draws_year_and_month_as_spans_and_a_day_as_a_dot(claims):
    ax = plots.plot_timeline(analysis.timeline(claims), ax=new_axes())
    spans = sorted((round(p.get_width()), p.get_facecolor()) for p in ax.patches)
    # October 2023 (delivered, b-1) and the year 2023 (agreed, a-1), in days, in their status colours
    assert spans == [(31, to_rgba(COLOURS["delivered"], 0.9)), (365, to_rgba(COLOURS["agreed"], 0.9))]
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


def test_press_vs_register_puts_the_press_above_and_the_register_below_each_deal(claims):
    from armsdata import register

    ax = plots.plot_press_vs_register(register.quantities_beside_register(claims, COMPARISON), ax=new_axes())
    marks = [(line.get_xdata()[0], round(line.get_ydata()[0], 2), line.get_marker(), line.get_markerfacecolor())
             for line in ax.lines]
    # Bastion (row 0): the press' 50 agreed and 24 delivered above (y -0.2), the register's 24 ordered (hollow)
    # and 24 delivered (filled) below (y 0.2), those two set 0.12 apart. GM200 has no number on either side.
    assert marks == [(50, -0.2, "o", COLOURS["agreed"]), (24, -0.2, "o", COLOURS["delivered"]),
                     (24, 0.14, "s", "white"), (24, 0.26, "s", "black")]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["France → Armenia: Bastion\n(differs)"]
    assert texts(ax).count("24") == 2 and texts(ax).count("50") == 1  # each lane's numbers, once each
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "press: agreed", "press: delivered", "register: ordered", "register: delivered"]


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
    assert {"100", "3.8"} <= set(texts(ax))  # each row's total


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


def test_timeline_draws_publication_dates_hollow_and_says_so_in_the_legend():
    claims = make_claims([
        {"claim_id": "a-1", "deal_id": "fra-arm-bastion", "source_id": "a", "status": "delivered",
         "event_date": "2023-10-23"},
        {"claim_id": "a-2", "deal_id": "fra-arm-bastion", "source_id": "a", "status": "agreed"},
        {"claim_id": "b-1", "deal_id": "fra-arm-bastion", "source_id": "b", "status": "agreed"},
        {"claim_id": "b-2", "deal_id": "fra-arm-bastion", "source_id": "b", "status": "alleged"},
    ], sources={"a": {"published": "2023-12-08"}, "b": {"published": "2023-12-08"}})
    ax = plots.plot_timeline(analysis.timeline(claims, published=True), ax=new_axes())
    dots = [(str(pd.Timestamp(line.get_xdata()[0]).date()), round(line.get_ydata()[0], 2), line.get_markerfacecolor(),
             line.get_markeredgecolor()) for line in ax.lines]
    # the delivery on its day, filled; on 2023-12-08, two agreed claims (one mark, "×2") and an alleged one,
    # hollow in their colours and set apart
    assert dots == [("2023-10-23", 0, COLOURS["delivered"], "black"),
                    ("2023-12-08", -0.11, "white", COLOURS["agreed"]),
                    ("2023-12-08", 0.11, "white", COLOURS["alleged"])]
    assert "×2" in texts(ax)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    # only what is drawn: no year or month entries
    assert legend == ["agreed", "delivered", "alleged", "exact day known (dot)",
                      "hollow: the claim dates no event;\nplaced at the day its source\nwas published"]


def test_a_status_or_qualifier_new_to_the_vocabulary_gets_its_own_colour_and_marker(monkeypatch):
    monkeypatch.setattr(schema, "STATUS", {**schema.STATUS, "transferred": ("moved", "moved")})
    monkeypatch.setattr(schema, "QUANTITY_QUALIFIER", {**schema.QUANTITY_QUALIFIER, "estimated": ("est", "est")})
    table = pd.DataFrame({"outlet_country": ["FRA"], **{s: [0] for s in schema.STATUS}, "n_claims": [3],
                          "n_deals": [1]})
    table[["agreed", "transferred"]] = [[1, 2]]
    ax = plots.plot_perspective(table, ax=new_axes(), by="outlet_country")
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
