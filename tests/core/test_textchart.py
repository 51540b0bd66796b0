from amtui.core.textchart import sparkline


def test_sparkline_scales_between_min_and_max_and_blanks_zeros() -> None:
    assert sparkline([80, 90, 100]) == "▁▅█"
    assert sparkline([5, 0, 5]) == "▄ ▄"
    assert sparkline([]) == "" and sparkline([0, 0]) == ""
    assert len(sparkline(list(range(1, 100)), width=10)) == 10
