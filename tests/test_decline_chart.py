"""The decline chart draws a line only between observed consecutive years.

A drawing test: kept out of the files `make mutate` runs, since it imports matplotlib for every mutant of the
decline rules it passes through, and the rules themselves are tested in test_decline.py.
"""

from test_decline import SOURCES, mt, rows_of, year


def test_series_lines_join_consecutive_years_only():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from helpers.render import charts, decline_view

    f = mt([year(2020, 5_000), year(2021, 9_000), year(2024, 3_000), year(2025, 4_000)])
    rows = rows_of(f)
    fig, ax = plt.subplots()
    decline_view._plot_provider(
        ax,
        rows,
        "amount",
        1000,
        "#000",
        charts.Marks("t"),
        lambda r: "x",
        type(
            "C",
            (),
            {"sources": SOURCES.set_index("source_id").assign(publisher="P"), "publisher": lambda self, sid: "P"},
        )(),
        "P",
    )
    lines = [l for l in ax.get_lines() if len(l.get_xdata()) > 1]
    assert [list(map(int, l.get_xdata())) for l in lines] == [[2020, 2021], [2024, 2025]]  # no line across 2022-2023
    plt.close(fig)
