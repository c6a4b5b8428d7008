"""A quantity is a count its quote states, a value an amount it states in full units."""

from __future__ import annotations

import pytest

from armsdata import schema
from armsdata.validation import validate
from conftest import claim, make_data_dir, where, write_csv


def test_quantity_and_value_must_be_stated_in_the_quote(tmp_path):
    rows = [claim(quantity="4"), claim(claim_id="sa-02", value="250000000", value_qualifier="exact", currency="USD")]
    problems = validate(make_data_dir(tmp_path, transfers=rows))
    assert [(p.line, p.column, p.message, p.value) for p in problems] == [
        (2, "quantity", "quantity 4 not stated in the quote; the counts it states: 3 (three)", "4"),
        (3, "value", "value 250000000 not stated in the quote; the quote states no amount; leave the cell empty "
                     "if the source gives none", "250000000"),
    ]


SALE = "In 2023 France agreed to sell GM200 radars worth US $250 million and 5 lakh rounds to Armenia."


@pytest.mark.parametrize("changes, message", [
    ({"value": "250", "currency": "USD"},
     "value 250 not stated in the quote; the quote states 250000000 (US $250 million): write the value in full units"),
    ({"quantity": "2023", "quantity_qualifier": "exact"},
     "quantity 2023 not stated in the quote; 2023 is a date there (In 2023), not a count"),
    ({"quantity": "250", "quantity_qualifier": "exact"},
     "quantity 250 not stated in the quote; 250 is part of an amount of money there (US $250 million), not a count"),
    ({"quantity": "5", "quantity_qualifier": "exact"},
     "quantity 5 not stated in the quote; the quote states 500000 (5 lakh): write the quantity in full"),
])
def test_numbers_are_stated_with_their_scale_and_years_are_not_counts(tmp_path, changes, message):
    row = claim(quantity="500000", value="250000000", value_qualifier="exact", currency="USD", quote=SALE)
    data = make_data_dir(tmp_path, transfers=[row])
    (data / "archive" / "sa.txt").write_text(SALE + "\n", encoding="utf-8")
    assert validate(data) == []  # in full, both numbers are stated
    write_csv(data / "transfers.csv", [{**row, **changes}], schema.TRANSFERS.columns)
    assert [(p.line, p.column, p.message) for p in validate(data)] == [(2, next(iter(changes)), message)]


def test_a_value_without_currency_is_still_looked_for_in_the_quote(tmp_path):
    row = claim(value="250000000", value_qualifier="exact")  # no currency, and no amount in the quote
    problems = validate(make_data_dir(tmp_path, transfers=[row]))
    assert where(problems) == [("transfers.csv", 2, "value"), ("transfers.csv", 2, "currency")]
    assert problems[0].message.startswith("value 250000000 not stated in the quote")


def test_a_bad_number_is_not_looked_for_in_the_quote_as_well(tmp_path):
    problems = validate(make_data_dir(tmp_path, transfers=[claim(quantity="3.0"), claim(claim_id="sa-02",
                                                                                         quantity="+3")]))
    assert where(problems) == [("transfers.csv", 2, "quantity"), ("transfers.csv", 3, "quantity")]
    assert [p.message.split(" (")[0] for p in problems] == [schema.MESSAGES["integer"].split(" (")[0],
                                                            schema.MESSAGES["formula"].split(" (")[0]]
