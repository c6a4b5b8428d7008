from armsdata.numbers import stated_numbers


def test_digits_words_and_scales():
    text = "Armenia got twenty-four of 50 vehicles, a dozen radars, 1,200 shells and $250 million in aid."
    assert {24.0, 50.0, 12.0, 1200.0, 250.0, 250_000_000.0} <= stated_numbers(text)


def test_numbers_not_in_the_text_are_absent():
    assert 3.0 not in stated_numbers("thirty vehicles")
    assert 5.0 not in stated_numbers("version 1.5")
    assert stated_numbers("no numbers here") == set()


def test_half_a_billion():
    assert 500_000_000.0 in stated_numbers("close to half a billion dollars")
