"""Each listed company's dossier states the offer price, the amount raised and the cornerstone total that the
official `listings` rows give (the prospectus, the allotment results, or a page quoting them).

Worked by hand from data/listings.csv (rows graded official):
- Zhipu (HKEX 2513): every offering row gives HK$116.20 a share; zhipu-hkex-052 (the allotment announcement)
  gives gross proceeds of HK$4,348.1M exactly, before the over-allotment; zhipu-hkex-cornerstones gives about
  HK$2,980M from the eleven cornerstones.
- MiniMax (HKEX 0100): every offering row gives HK$165 a share; minimax-hkex-048 gives about HK$4,800M raised
  (the upsized offer before the greenshoe); minimax-hkex-cornerstones gives about HK$2,723M from fourteen.
The page shows the same figures through the one formatter: HK$116.20 a share, HK$4.3B, ~HK$3.0B;
HK$165.00 a share, ~HK$4.8B, ~HK$2.7B.
"""

import html

import pandas as pd
import pytest

from conftest import DATA, ROOT, load_once
from helpers.analysis import dossier as D
from helpers.analysis import figures as F
from helpers.build.runner import load_variants

BY_HAND = {
    # company: (offer price, proceeds (value, currency, qualifier), cornerstone total (value, currency, qualifier))
    "zhipu": (116.20, (4348.1, "HKD", "exact"), (2980, "HKD", "approx")),
    "minimax": (165.0, (4800, "HKD", "approx"), (2723, "HKD", "approx")),
}
PAGE = {
    "zhipu": ("HK$116.20 a share", "HK$4.3B", "~HK$3.0B"),
    "minimax": ("HK$165.00 a share", "~HK$4.8B", "~HK$2.7B"),
}


@pytest.fixture(scope="module")
def pkg():
    return load_once(DATA)


def official(company: str) -> pd.DataFrame:
    ls = pd.read_csv(DATA / "listings.csv", dtype=str, keep_default_na=False)
    return ls[(ls["company_id"] == company) & (ls["grade"] == "official")]


def test_every_listed_dossier_company_is_worked_here():
    """A company that lists later gets its own hand-worked line above, or this fails."""
    dossiers = {v.parameters["company"] for v in load_variants() if "company" in v.parameters}
    ls = pd.read_csv(DATA / "listings.csv", dtype=str, keep_default_na=False)
    assert dossiers & set(ls["company_id"]) == set(BY_HAND)


@pytest.mark.parametrize("company", sorted(BY_HAND))
def test_dossier_listing_figures_equal_the_official_rows(pkg, company):
    price, proceeds, corner = BY_HAND[company]
    rows = official(company)
    offering = rows[rows["offer_price"] != ""]
    assert {float(p) for p in offering["offer_price"]} == {price}, "the official rows disagree on the offer price"
    raised = set(zip(offering["amount_raised_m"].replace("", "nan").astype(float), offering["raised_currency"]))
    stated = rows[rows["cornerstone_m"] != ""]
    assert list(zip(stated["cornerstone_m"].astype(float), stated["cornerstone_currency"])) == [corner[:2]]

    L = D.analyse(pkg, company).listing
    assert (L["offer_price"].value, L["offer_price"].currency) == (price, "HKD")
    got = L["proceeds"]
    assert (got.value, got.currency, got.qualifier) == proceeds
    assert (got.value, got.currency) in raised, "the dossier's amount raised is not an official listings row"
    cs = L["cornerstone_stated"]
    assert (cs.value, cs.currency, cs.qualifier) == corner


@pytest.mark.slow
@pytest.mark.parametrize("company", sorted(PAGE))
def test_the_dossier_page_shows_them(pkg, company):
    page = html.unescape((ROOT / "reports" / f"dossier-{company}.html").read_text(encoding="utf-8"))
    L = D.analyse(pkg, company).listing
    shown = tuple(F.fmt(L[k]) for k in ("offer_price", "proceeds", "cornerstone_stated"))
    assert shown == PAGE[company]
    for text in shown:
        assert text in page, f"dossier-{company}: {text} not on the page"
