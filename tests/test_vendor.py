"""The vendored browser assets are exactly the released files the manifest names."""
from __future__ import annotations

import hashlib
import json

from paris_kg.rendering import STATIC

VENDOR = STATIC / "vendor"


def test_manifest_checksums_match_the_vendored_files():
    manifest = json.loads((VENDOR / "MANIFEST.json").read_text(encoding="utf-8"))
    assert manifest["yasgui"]["package"] == "@zazuko/yasgui" and manifest["yasgui"]["licence"] == "MIT"
    listed = set()
    for folder, entry in manifest.items():
        assert entry["version"] and entry["licence"] and "LICENSE" in entry["files"]
        for name, info in entry["files"].items():
            data = (VENDOR / folder / name).read_bytes()
            assert hashlib.sha256(data).hexdigest() == info["sha256"], f"{folder}/{name} differs from the manifest"
            assert len(data) == info["bytes"]
            listed.add(f"{folder}/{name}")
    on_disk = {str(p.relative_to(VENDOR)) for p in VENDOR.rglob("*") if p.is_file() and p.name != "MANIFEST.json"}
    assert on_disk == listed  # nothing vendored without a manifest entry
