"""The Teams app package: built from the manifest, validated against Microsoft's schema."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from tools.app_package import MANIFEST_DIR, SCHEMAS_DIR, PackageError, build_package
from tools.png import read_png, write_png

pytestmark = pytest.mark.skipif(
    not SCHEMAS_DIR.is_dir(),
    reason="@microsoft/app-manifest is not installed (make test runs npm ci)",
)
VALUES = {
    "APP_ID": "11111111-2222-4333-8444-555555555555",
    "HOSTNAME": "meldroute.gemeente.example",
    "ORGANISATION": "Gemeente Voorbeeld",
    "VERSION": "1.0.0",
}


def copy_manifest(tmp_path: Path) -> Path:
    folder = tmp_path / "manifest"
    shutil.copytree(MANIFEST_DIR, folder)
    return folder


def test_the_package_builds_and_holds_what_teams_needs(tmp_path: Path) -> None:
    path = build_package(VALUES, tmp_path / "appPackage.zip")
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == [
            "color.png",
            "en-us.json",
            "manifest.json",
            "outline.png",
        ]
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["id"] == VALUES["APP_ID"] and manifest["bots"][0]["botId"] == VALUES["APP_ID"]
    assert float(manifest["manifestVersion"]) >= 1.24
    bot = manifest["bots"][0]
    assert bot["scopes"] == ["personal", "team"] and bot["supportsFiles"] is False
    titles = {c["title"] for lst in bot["commandLists"] for c in lst["commands"]}
    assert {
        "melden",
        "vraag",
        "mijn meldingen",
        "help",
        "koppel dit kanaal",
        "open zaken",
    } <= titles
    assert "authorization" not in manifest and "ChannelMessage.Read.Group" not in json.dumps(
        manifest
    )
    assert manifest["validDomains"] == [VALUES["HOSTNAME"]]


def test_a_manifest_that_breaks_the_schema_is_refused_with_its_path(tmp_path: Path) -> None:
    folder = copy_manifest(tmp_path)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["bots"][0]["scopes"] = ["personal", "everywhere"]
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(PackageError, match=r"manifest.json: bots/0/scopes/1"):
        build_package(VALUES, tmp_path / "x.zip", folder)
    assert not (tmp_path / "x.zip").exists()


def test_wrong_settings_are_refused(tmp_path: Path) -> None:
    with pytest.raises(PackageError, match="MICROSOFT_APP_ID"):
        build_package({**VALUES, "APP_ID": "not-a-guid"}, tmp_path / "x.zip")
    with pytest.raises(PackageError, match="MELDROUTE_PUBLIC_HOSTNAME"):
        build_package({**VALUES, "HOSTNAME": "https://x"}, tmp_path / "x.zip")


def test_icons_are_checked_for_size_and_transparency(tmp_path: Path) -> None:
    width, height, _colour, pixels = read_png(MANIFEST_DIR / "outline.png")
    assert (width, height) == (32, 32) and pixels is not None
    folder = copy_manifest(tmp_path)
    write_png(folder / "color.png", [[(0, 0, 0, 255)] * 100 for _ in range(100)])
    with pytest.raises(PackageError, match="192x192"):
        build_package(VALUES, tmp_path / "x.zip", folder)
    folder = copy_manifest(tmp_path / "again")
    write_png(folder / "outline.png", [[(0, 82, 147, 255)] * 32 for _ in range(32)])
    with pytest.raises(PackageError, match="transparent"):
        build_package(VALUES, tmp_path / "x.zip", folder)
