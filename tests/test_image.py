"""The container image's inputs: secrets stay out, every dependency is pinned by hash, the base
image can be pinned by digest."""

from __future__ import annotations

import re
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from bot.settings import PROJECT_ROOT


def locked() -> dict[str, str]:
    """Package -> version from requirements.lock, checking each has at least one hash."""
    text = (PROJECT_ROOT / "requirements.lock").read_text()
    pins: dict[str, str] = {}
    for block in re.split(r"\n(?=\S)", text):
        match = re.match(r"([A-Za-z0-9_.\-]+)==(\S+)", block)
        if match:
            assert "--hash=sha256:" in block, f"{match.group(1)} has no hash"
            pins[canonicalize_name(match.group(1))] = match.group(2)
    return pins


def test_every_dependency_is_locked_at_an_allowed_version_with_hashes() -> None:
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    pins = locked()
    for line in project["dependencies"]:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not in requirements.lock (run the pip-compile in it)"
        assert requirement.specifier.contains(pins[name], prereleases=True), (name, pins[name])
    assert {"setuptools", "wheel"} <= set(pins)  # the project itself builds from the lock too


def test_the_image_installs_from_the_lock_and_keeps_secrets_out() -> None:
    dockerfile = (PROJECT_ROOT / "Dockerfile").read_text()
    assert "--require-hashes -r requirements.lock" in dockerfile
    assert "--no-deps" in dockerfile  # the project adds nothing unlocked
    assert re.search(r"^ARG BASE_IMAGE=", dockerfile, re.MULTILINE)
    assert all(
        line.split()[1].startswith("${BASE_IMAGE}")
        for line in dockerfile.splitlines()
        if line.startswith("FROM ")
    )
    ignored = (PROJECT_ROOT / ".dockerignore").read_text().splitlines()
    for secret in (".env", "*.key", "var"):
        assert secret in ignored, secret
