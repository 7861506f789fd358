#!/usr/bin/env python3
"""Refresh the third-party browser assets in paris_kg/static/vendor/ from the npm registry.

Each asset is a released npm package, fetched with ``npm pack`` (the ordinary client, no
build step, no dependency tree): the files we serve are copied out of the tarball as
published, and ``paris_kg/static/vendor/MANIFEST.json`` records for every file the package
name, version, licence and SHA-256, so a reviewer can compare them with the registry and
``tests/test_vendor.py`` can tell when a file was changed by hand.

Usage: python3 scripts/refresh_vendor.py [--version X.Y.Z]

A package that ships no licence file (``@zazuko/yasgui`` ships only ``build/``) keeps the
``LICENSE`` already in its folder, copied once from the package's source repository; the
licence name itself always comes from the package's ``package.json``.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "paris_kg" / "static" / "vendor"
MANIFEST = VENDOR / "MANIFEST.json"

#: folder under vendor/ -> (npm package, pinned version, {file in the tarball: file we serve})
PACKAGES = {
    "yasgui": ("@zazuko/yasgui", "4.6.2", {
        "package/build/yasgui.min.js": "yasgui.min.js",
        "package/build/yasgui.min.css": "yasgui.min.css",
    }),
}
LICENCE_NAMES = ("package/LICENSE", "package/LICENSE.md", "package/LICENSE.txt", "package/license")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fetch(package: str, version: str, work: Path) -> tarfile.TarFile:
    done = subprocess.run(["npm", "pack", f"{package}@{version}", "--silent"], cwd=work,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"npm pack {package}@{version} failed: {done.stderr.strip()}")
    return tarfile.open(work / done.stdout.strip().splitlines()[-1], "r:gz")


def refresh(folder: str, package: str, version: str, files: dict[str, str]) -> dict:
    target = VENDOR / folder
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tar = fetch(package, version, Path(tmp))
        names = set(tar.getnames())
        meta = json.load(tar.extractfile("package/package.json"))
        if meta.get("version") != version:
            sys.exit(f"{package}: asked for {version}, npm gave {meta.get('version')}")
        for inside, served in files.items():
            if inside not in names:
                sys.exit(f"{package}@{version} has no {inside}")
            with tar.extractfile(inside) as src, open(target / served, "wb") as out:
                shutil.copyfileobj(src, out)
        licence_file = next((n for n in LICENCE_NAMES if n in names), None)
        if licence_file is not None:
            with tar.extractfile(licence_file) as src, open(target / "LICENSE", "wb") as out:
                shutil.copyfileobj(src, out)
        elif not (target / "LICENSE").is_file():
            sys.exit(f"{package} ships no licence file and {target}/LICENSE is missing: add it from the source repository")
    served = sorted([*files.values(), "LICENSE"])
    return {"package": package, "version": version, "licence": meta.get("license", "UNKNOWN"),
            "homepage": meta.get("homepage", ""),
            "licence_file": "from the package" if licence_file else "from the source repository (the package ships none)",
            "files": {name: {"sha256": sha256(target / name), "bytes": (target / name).stat().st_size}
                      for name in served}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", help="another version of @zazuko/yasgui than the pinned one")
    args = parser.parse_args()
    manifest = {}
    for folder, (package, version, files) in PACKAGES.items():
        if args.version and folder == "yasgui":
            version = args.version
        manifest[folder] = refresh(folder, package, version, files)
        print(f"{package}@{manifest[folder]['version']} ({manifest[folder]['licence']}) -> {VENDOR / folder}")
    MANIFEST.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
