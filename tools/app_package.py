"""`python -m bot package`: fill in the Teams app manifest, validate it against Microsoft's
official JSON schema for its version (from the npm package @microsoft/app-manifest), check the
icons, and write appPackage.zip. Any violation stops the build with the schema path."""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path

from tools import PROJECT_ROOT
from tools.png import PngError, read_png

MANIFEST_DIR = PROJECT_ROOT / "manifest"
SCHEMAS_DIR = (
    PROJECT_ROOT
    / "node_modules"
    / "@microsoft"
    / "app-manifest"
    / "build"
    / "json-schemas"
    / "teams"
)
_GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
_HOSTNAME = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_VERSION = re.compile(r"^\d+\.\d+\.\d+$")


class PackageError(ValueError):
    """The app package cannot be built; the message says what and where."""


def _fill(text: str, values: Mapping[str, str]) -> str:
    filled = re.sub(r"\{\{([A-Z_]+)\}\}", lambda m: values[m.group(1)], text)
    return filled


def _validate(document: dict, schema_file: Path, label: str) -> None:
    from jsonschema import Draft7Validator

    if not schema_file.is_file():
        raise PackageError(
            f"schema {schema_file} is missing: run `npm ci` (make run/test install it)"
        )
    validator = Draft7Validator(json.loads(schema_file.read_text(encoding="utf-8")))
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        path = "/".join(str(p) for p in first.absolute_path) or "(root)"
        raise PackageError(f"{label}: {path}: {first.message}")


def check_icons(folder: Path) -> None:
    for name, size, outline in (("color.png", 192, False), ("outline.png", 32, True)):
        try:
            width, height, _colour, pixels = read_png(folder / name)
        except (OSError, PngError) as error:
            raise PackageError(f"icon {name}: {error}") from None
        if (width, height) != (size, size):
            raise PackageError(f"icon {name}: must be {size}x{size} pixels, is {width}x{height}")
        if outline:
            if pixels is None:
                raise PackageError(
                    f"icon {name}: must be an 8-bit RGBA PNG with a transparent background"
                )
            flat = [px for row in pixels for px in row]
            if not any(a == 0 for *_rgb, a in flat):
                raise PackageError(f"icon {name}: the background must be transparent")
            if any(a and (r, g, b) != (255, 255, 255) for r, g, b, a in flat):
                raise PackageError(f"icon {name}: the symbol must be white on transparent")


def build_package(values: Mapping[str, str], output: Path, folder: Path = MANIFEST_DIR) -> Path:
    if not _GUID.match(values.get("APP_ID", "")):
        raise PackageError(
            "MICROSOFT_APP_ID must be the bot's app id (a GUID) to build the app package"
        )
    if not _HOSTNAME.match(values.get("HOSTNAME", "")):
        raise PackageError(
            "MELDROUTE_PUBLIC_HOSTNAME must be the bot's public host name, e.g. meldroute.gemeente.nl"
        )
    if not _VERSION.match(values.get("VERSION", "")):
        raise PackageError("the app version must look like 1.2.3")
    manifest = json.loads(_fill((folder / "manifest.json").read_text(encoding="utf-8"), values))
    version = manifest["manifestVersion"]
    _validate(manifest, SCHEMAS_DIR / f"v{version}" / "MicrosoftTeams.schema.json", "manifest.json")
    files = {"manifest.json": json.dumps(manifest, ensure_ascii=False, indent=2)}
    for language in manifest.get("localizationInfo", {}).get("additionalLanguages", []):
        localisation = json.loads((folder / language["file"]).read_text(encoding="utf-8"))
        _validate(
            localisation,
            SCHEMAS_DIR / f"v{version}" / "MicrosoftTeams.Localization.schema.json",
            language["file"],
        )
        files[language["file"]] = json.dumps(localisation, ensure_ascii=False, indent=2)
    check_icons(folder)
    output.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
        for icon in ("color.png", "outline.png"):
            archive.write(folder / icon, icon)
    return output
