"""The label map: codes, ids and numbers as a reader sees them (expected words written by hand)."""

import pandas as pd
import pytest

from helpers.render import labels
from helpers.render.report import Citations, table


@pytest.mark.parametrize(
    "raw, words",
    [
        ("all_ai", "all AI"),
        ("b_plus", "Series B+"),
        ("media_unnamed", "media report"),
        ("lower_bound", "at least"),
        ("some_new_code", "some new code"),
        ("unspecified (gogoai)", "not named (figure carried by gogoai)"),
        (True, "yes"),
        (False, "no"),
        (None, "—"),
        (float("nan"), "—"),
        (11284.695923, "11,285"),
        (3.14159, "3.14"),
        (2.0, "2"),
        ("Plain words stay", "Plain words stay"),
        (["a", "b_plus"], "Series A; Series B+"),
    ],
)
def test_values(raw, words):
    labels._names.clear()
    assert labels.value(raw) == words


def test_ids_become_names_and_sources_citation_numbers():
    labels._names.clear()
    labels._names.update({"moonshot": "Moonshot AI"})
    cite = Citations(
        pd.DataFrame(
            {
                "source_id": ["s-a", "s-b"],
                "publisher": ["A", "B"],
                "title": ["t", "t"],
                "url": ["u", "u"],
                "published": pd.to_datetime(["2024-01-01", None]),
            }
        )
    )
    cite.use(["s-b"])
    df = pd.DataFrame(
        {
            "fact_id": ["f1"],
            "company_id": ["moonshot"],
            "amount_usd_m": [1.23456],
            "headline": [True],
            "source_id": ["s-a"],
        }
    )
    out = labels.reader_frame(df, cite)
    assert list(out.columns) == ["Start-up", "Amount usd m", "Headline", "Source"]
    assert out.iloc[0].tolist() == ["Moonshot AI", "1.23", "yes", "[2]"]  # s-b was cited first


def test_table_aligns_text_left_and_numbers_right():
    Citations.current = None
    html = table(pd.DataFrame({"Start-up": ["Zhipu AI"], "Raised": ["~$1.6B"], "Share": ["≥25%"]})).data
    assert '<td class="text">Zhipu AI</td>' in html
    assert '<td class="num">~$1.6B</td>' in html and '<td class="num">≥25%</td>' in html


def test_a_copy_is_cited_by_its_original_publisher_and_gaps_say_why():
    """s-c is a copy of an FT story on a fence company's site: cited 'Financial Times (copy at fence.example)', with
    the original's link; s-d has no title or date, and the list says the stored page shows none."""
    cite = Citations(
        pd.DataFrame(
            {
                "source_id": ["s-c", "s-d"],
                "publisher": ["fence.example", "Blog"],
                "title": ["FT story", ""],
                "url": ["https://www.fence.example/p/1", "https://blog.example/x"],
                "published": [pd.Timestamp("2024-05-13"), pd.NaT],
                "original_publisher": ["Financial Times", ""],
                "original_url": ["https://www.ft.com/content/x", ""],
            }
        )
    )
    cite.use(["s-c", "s-d"])
    assert cite.publisher("s-c") == "Financial Times (copy at www.fence.example)"
    assert cite.publisher("s-d") == "Blog"
    assert cite.publishers(["s-c", "s-d"]) == "Blog; Financial Times"
    html_text = cite.section().data
    assert '<a href="https://www.ft.com/content/x">original</a>' in html_text
    assert (
        "untitled (the stored page shows no headline)" in html_text and "undated (the page shows no date)" in html_text
    )
