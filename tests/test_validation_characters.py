"""What a person cannot see in a value (look-alike and invisible characters) is named, and the nearest
valid value is suggested, a bounded number of times."""

from __future__ import annotations

import pytest

from armsdata.validation import validate
from conftest import claim, make_data_dir


def test_a_look_alike_letter_is_made_visible(tmp_path):
    (problem,) = validate(make_data_dir(tmp_path, transfers=[claim(supplier="Frаnce")]))  # Cyrillic а
    assert problem.column == "supplier"
    assert "U+0430 CYRILLIC SMALL LETTER A at position 3" in problem.message
    assert "did you mean 'France'?" in problem.message


def test_an_invisible_character_is_made_visible(tmp_path):
    (problem,) = validate(make_data_dir(tmp_path, transfers=[claim(status="agreed\u200b")]))
    assert "U+200B ZERO WIDTH SPACE at position 7" in problem.message and "did you mean 'agreed'?" in problem.message


@pytest.mark.parametrize("changes, column, suggestion", [
    ({"status": "Delivered"}, "status", "delivered"),
    ({"category": "air_defense"}, "category", "air_defence"),
    ({"supplier": "Frnace"}, "supplier", "France"),
    ({"supplier": "turkey", "deal_id": "tur-arm-x"}, "supplier", "Turkey"),
])
def test_unknown_values_get_the_nearest_valid_one(tmp_path, changes, column, suggestion):
    problems = validate(make_data_dir(tmp_path, transfers=[claim(**changes)]))
    assert [(p.column, f"did you mean {suggestion!r}?" in p.message) for p in problems] == [(column, True)]


def test_nearest_values_are_looked_for_a_bounded_number_of_times(tmp_path, monkeypatch):
    # each look-up compares a value with every valid one: once per row, with all the keys hashed again, a file
    # of many misspellings cost far more than a valid one; now once per distinct value, a bounded number of times
    import difflib

    from armsdata.validation import characters
    calls = []
    plain = difflib.get_close_matches
    monkeypatch.setattr(difflib, "get_close_matches", lambda word, *a, **k: calls.append(word) or plain(word, *a, **k))
    rows = [claim(claim_id=f"sa-{k:03d}", deal_id=f"x-{k}", supplier=f"Frnace{k}", status="shipd") for k in range(300)]
    problems = validate(make_data_dir(tmp_path, transfers=rows))
    by_column = {column: [p.message for p in problems if p.column == column] for column in ("supplier", "status")}
    assert [len(by_column["supplier"]), len(by_column["status"])] == [300, 300]
    assert sorted(calls) == sorted({f"frnace{k}" for k in range(characters.SIMILAR_LOOKUPS)} | {"shipd"})
    assert all("did you mean 'shipped'?" in m for m in by_column["status"])  # the same misspelling, once
    said = ["did you mean 'France'?" in m for m in by_column["supplier"]]
    assert said == [True] * characters.SIMILAR_LOOKUPS + [False] * (300 - characters.SIMILAR_LOOKUPS)


def test_among_very_many_keys_only_another_case_is_suggested(tmp_path, monkeypatch):
    from armsdata.validation import characters

    monkeypatch.setattr(characters, "SIMILAR_AMONG", 1)  # five names: as if there were too many to compare
    rows = [claim(supplier="france", deal_id="x-1"), claim(claim_id="sa-02", supplier="Frnace", deal_id="x-2")]
    problems = validate(make_data_dir(tmp_path, transfers=rows))
    assert [(p.line, p.message) for p in problems] == [
        (2, "unknown actor; did you mean 'France'? (add it to actors.csv, or use a name listed there)"),
        (3, "unknown actor (add it to actors.csv, or use a name listed there)")]
