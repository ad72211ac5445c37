"""The label map: codes, ids and numbers as a reader sees them (expected words written by hand)."""
import pandas as pd
import pytest

from helpers.render import labels
from helpers.render.report import Citations, table


@pytest.mark.parametrize("raw, words", [
    ("all_ai", "all AI"), ("b_plus", "Series B+"), ("media_unnamed", "media report"), ("lower_bound", "at least"),
    ("some_new_code", "some new code"), ("unspecified (gogoai)", "not named (figure carried by gogoai)"),
    (True, "yes"), (False, "no"), (None, "—"), (float("nan"), "—"), (11284.695923, "11,285"), (3.14159, "3.14"),
    (2.0, "2"), ("Plain words stay", "Plain words stay"), (["a", "b_plus"], "Series A; Series B+"),
])
def test_values(raw, words):
    labels._names.clear()
    assert labels.value(raw) == words


def test_ids_become_names_and_sources_citation_numbers():
    labels._names.clear()
    labels._names.update({"moonshot": "Moonshot AI"})
    cite = Citations(pd.DataFrame({"source_id": ["s-a", "s-b"], "publisher": ["A", "B"], "title": ["t", "t"],
                                   "url": ["u", "u"], "published": pd.to_datetime(["2024-01-01", None])}))
    cite.use(["s-b"])
    df = pd.DataFrame({"fact_id": ["f1"], "company_id": ["moonshot"], "amount_usd_m": [1.23456], "headline": [True],
                       "source_id": ["s-a"]})
    out = labels.reader_frame(df, cite)
    assert list(out.columns) == ["Start-up", "Amount usd m", "Headline", "Source"]
    assert out.iloc[0].tolist() == ["Moonshot AI", "1.23", "yes", "[2]"]  # s-b was cited first


def test_table_aligns_text_left_and_numbers_right():
    Citations.current = None
    html = table(pd.DataFrame({"Start-up": ["Zhipu AI"], "Raised": ["~$1.6B"], "Share": ["≥25%"]})).data
    assert '<td class="text">Zhipu AI</td>' in html
    assert '<td class="num">~$1.6B</td>' in html and '<td class="num">≥25%</td>' in html
