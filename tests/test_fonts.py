"""Chinese glyphs in charts: any installed font that has them is found; with none, charts warn and show the
English names instead of stopping the build or drawing empty boxes."""

from types import SimpleNamespace

import matplotlib.pyplot as plt
import pytest

from helpers.render import charts


def entry(name, fname):
    return SimpleNamespace(name=name, fname=fname)


def installed_cjk_file():
    from matplotlib import font_manager

    for f in font_manager.fontManager.ttflist:
        if charts.has_glyphs(f.fname):
            return f.fname
    pytest.skip("no font with Chinese glyphs on this machine (make sysdeps installs one)")


def dejavu():
    from matplotlib import font_manager

    return font_manager.findfont("DejaVu Sans")


def test_a_known_family_wins_and_an_unknown_family_with_the_glyphs_is_found_by_its_file():
    cjk = installed_cjk_file()
    assert charts.find_cjk_font([entry("DejaVu Sans", dejavu()), entry("Noto Sans CJK JP", cjk)]) == "Noto Sans CJK JP"
    # a family the list does not know (as on a Mac or a custom install) is used when its file has the glyphs
    assert charts.find_cjk_font([entry("DejaVu Sans", dejavu()), entry("House Sans", cjk)]) == "House Sans"
    assert charts.find_cjk_font([entry("DejaVu Sans", dejavu())]) == ""
    assert charts.has_glyphs(cjk) and not charts.has_glyphs(dejavu())
    assert not charts.has_glyphs("/no/such/font.ttf")


@pytest.mark.parametrize(
    "text,latin",
    [
        ("ITJuzi (IT桔子)", "ITJuzi"),
        ("ifuun (甲子光年); ITJuzi (IT桔子)", "ifuun; ITJuzi"),
        ("Zhipu（智谱）, $1.0B", "Zhipu, $1.0B"),
        ("Alibaba (incl. Ant) 2024", "Alibaba (incl. Ant) 2024"),  # no Chinese: unchanged
    ],
)
def test_latin_only_drops_the_chinese_aside(text, latin):
    assert charts.latin_only(text) == latin


@pytest.fixture
def restore(monkeypatch):
    """setup() changes matplotlib's settings and the module's font: both are put back after the test."""
    monkeypatch.setattr(charts, "CJK_FONT", charts.CJK_FONT)
    with plt.rc_context():
        yield monkeypatch


def test_without_a_cjk_font_setup_warns_and_charts_show_english_names(restore):
    restore.setattr(charts, "find_cjk_font", lambda fonts=None: "")
    with pytest.warns(UserWarning, match="English names only"):
        assert charts.setup() == ""
    fig, ax = plt.subplots()
    ax.bar(["ITJuzi (IT桔子)", "PitchBook"], [1, 2])
    label = ax.set_xlabel("provider (数据来源)")
    svg = charts._svg(fig, charts.Marks("t"), "alt", "title")
    assert svg.startswith("<svg") and label.get_text() == "provider"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["ITJuzi", "PitchBook"]


def test_with_a_cjk_font_names_keep_their_chinese(restore):
    restore.setattr(charts, "find_cjk_font", lambda fonts=None: "Noto Sans CJK JP")
    assert charts.setup() == "Noto Sans CJK JP"
    fig, ax = plt.subplots()
    label = ax.set_xlabel("ITJuzi (IT桔子)")
    charts._svg(fig, charts.Marks("t"), "alt", "title")
    assert label.get_text() == "ITJuzi (IT桔子)"
