"""One pinned dependency list: environment.yml's pip pins equal requirements.txt's."""

import re

import yaml

from conftest import ROOT


def pins_from_requirements():
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    return {l.split("==")[0].lower(): l.split("==")[1] for l in lines if l and not l.startswith("#")}


def test_every_requirement_is_pinned_exactly():
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            assert re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][^ ]*", line), f"not pinned with ==: {line}"


def test_environment_yml_matches_requirements():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    conda_pins = {p.split("==")[0].lower(): p.split("==")[1] for p in pip if "==" in p}
    assert conda_pins == pins_from_requirements()


def _fake_bin(tmp_path, fonts: str):
    """A PATH holding only what sysdeps.sh calls, with a fake fc-list and no chromium or apt-get."""
    import os
    import shutil

    b = tmp_path / "bin"
    b.mkdir()
    for tool in ("id", "mkdir", "dirname", "touch"):
        os.symlink(shutil.which(tool), b / tool)
    (b / "fonts.txt").write_text(fonts + "\n")
    (b / "fc-list").write_text(f"#!/bin/sh\nwhile IFS= read -r line; do echo \"$line\"; done < '{b / 'fonts.txt'}'\n")
    (b / "fc-list").chmod(0o755)
    return str(b)


def test_sysdeps_without_apt_says_what_to_install_and_does_not_stop_the_build(tmp_path):
    import subprocess
    from conftest import ROOT

    stamp = tmp_path / "stamp"
    res = subprocess.run(
        ["/bin/bash", str(ROOT / "scripts" / "sysdeps.sh"), str(stamp)],
        capture_output=True,
        text=True,
        env={"PATH": _fake_bin(tmp_path, "DejaVu Sans")},
    )
    assert res.returncode == 0, res.stderr
    assert "missing chromium fonts-noto-cjk" in res.stderr and "install them with your package manager" in res.stderr
    assert not stamp.exists()  # checked again next time, not marked done


def test_sysdeps_finds_any_cjk_family_every_time(tmp_path):
    """Many font lines with a CJK family among them: found on every run (grep -q under pipefail was not)."""
    import subprocess
    from conftest import ROOT

    fonts = "\n".join(["DejaVu Sans"] * 3000 + ["Source Han Sans SC"])
    path = _fake_bin(tmp_path, fonts)
    for _ in range(5):
        res = subprocess.run(
            ["/bin/bash", str(ROOT / "scripts" / "sysdeps.sh")], capture_output=True, text=True, env={"PATH": path}
        )
        assert "missing chromium," in res.stderr and "fonts-noto-cjk" not in res.stderr and res.returncode == 0
