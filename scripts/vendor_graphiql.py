"""Vendor the GraphiQL playground assets into ``api/static/graphiql/``.

Why this exists: the GraphiQL page must work on machines that reach no CDN
(only package registries), and it must not pull third-party code from the
internet at page-load time.  So the app serves pinned copies of the UMD
builds of graphiql, @graphiql/plugin-explorer, react and react-dom itself.
graphiql 4.1.2 is the last release that ships a plain-script (UMD) bundle.

The pinned list (package, version, files) lives in ``PINS`` below and only
there.  ``api/static/graphiql/manifest.json`` is the lock derived from it:
each tarball's sha512 ``integrity`` (from the npm registry metadata) and each
vendored file's sha256 and size.

Usage::

    python scripts/vendor_graphiql.py fetch                    # re-download, verify
    python scripts/vendor_graphiql.py fetch --update-manifest  # after editing PINS
    python scripts/vendor_graphiql.py check                    # offline check

``fetch`` downloads each tarball from the npm registry, verifies its sha512
against the registry metadata (and against the manifest unless
``--update-manifest``), extracts the listed files, verifies their sha256
against the manifest and only then writes them.  ``check`` verifies the
committed files against the manifest without any network access.  Both exit
1 with a message naming the file on any mismatch.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import sys
import tarfile
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict, cast

REGISTRY = "https://registry.npmjs.org"
ROOT = Path(__file__).resolve().parent.parent
DEST = ROOT / "api" / "static" / "graphiql"
MANIFEST = DEST / "manifest.json"
# Files in DEST that are ours, not vendored from a tarball.
LOCAL_FILES = frozenset({"manifest.json", "page.html"})
TIMEOUT_S = 60


@dataclass(frozen=True)
class Pin:
    """One npm package version and the files taken from its tarball."""

    name: str
    version: str
    # (path inside the tarball, local file name in DEST)
    files: tuple[tuple[str, str], ...]
    note: str = ""


PINS: tuple[Pin, ...] = (
    Pin(
        "graphiql",
        "4.1.2",
        (
            ("package/graphiql.min.js", "graphiql.min.js"),
            ("package/graphiql.min.css", "graphiql.min.css"),
            ("package/LICENSE", "LICENSE.graphiql"),
            ("package/LICENSE", "LICENSE.graphiql-plugin-explorer"),
        ),
        note=(
            "LICENSE.graphiql-plugin-explorer is the graphql/graphiql monorepo "
            "LICENSE: @graphiql/plugin-explorer 4.0.6 is MIT (package.json) "
            "but its tarball ships no LICENSE file."
        ),
    ),
    Pin(
        "@graphiql/plugin-explorer",
        "4.0.6",
        (
            ("package/dist/index.umd.js", "graphiql-plugin-explorer.umd.js"),
            ("package/dist/style.css", "graphiql-plugin-explorer.css"),
        ),
    ),
    Pin(
        "graphiql-explorer",
        "0.9.0",
        (("package/LICENSE", "LICENSE.graphiql-explorer"),),
        note=("Bundled inside graphiql-plugin-explorer.umd.js; only its LICENSE is vendored."),
    ),
    Pin(
        "react",
        "18.3.1",
        (
            ("package/umd/react.production.min.js", "react.production.min.js"),
            ("package/LICENSE", "LICENSE.react"),
        ),
    ),
    Pin(
        "react-dom",
        "18.3.1",
        (
            ("package/umd/react-dom.production.min.js", "react-dom.production.min.js"),
            ("package/LICENSE", "LICENSE.react-dom"),
        ),
    ),
)


class FileEntry(TypedDict):
    """One vendored file in manifest.json."""

    path: str
    file: str
    sha256: str
    size: int


class PackageEntry(TypedDict):
    """One npm tarball in manifest.json."""

    name: str
    version: str
    tarball: str
    integrity: str
    note: str
    files: list[FileEntry]


class Manifest(TypedDict):
    """The whole manifest.json."""

    comment: str
    packages: list[PackageEntry]


class VendorError(Exception):
    """A verification or download failure; the message is shown to the user."""


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha512_integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def _str(obj: dict[str, object], key: str, where: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str):
        raise VendorError(f"{where}: '{key}' missing or not a string")
    return value


def load_manifest() -> Manifest:
    """Read and validate manifest.json."""
    try:
        raw: object = json.loads(MANIFEST.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise VendorError(f"{MANIFEST.relative_to(ROOT)} is missing") from None
    except json.JSONDecodeError as exc:
        raise VendorError(f"{MANIFEST.relative_to(ROOT)} is not valid JSON: {exc}") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("packages"), list):
        raise VendorError("manifest.json: expected an object with a 'packages' list")
    packages: list[PackageEntry] = []
    for pkg_raw in cast("list[object]", raw["packages"]):
        if not isinstance(pkg_raw, dict) or not isinstance(pkg_raw.get("files"), list):
            raise VendorError("manifest.json: malformed package entry")
        pkg = cast("dict[str, object]", pkg_raw)
        where = f"manifest.json package {pkg.get('name')!r}"
        files: list[FileEntry] = []
        for f_raw in cast("list[object]", pkg["files"]):
            if not isinstance(f_raw, dict):
                raise VendorError(f"{where}: malformed file entry")
            f = cast("dict[str, object]", f_raw)
            size = f.get("size")
            if not isinstance(size, int):
                raise VendorError(f"{where}: 'size' missing or not an integer")
            files.append(
                FileEntry(
                    path=_str(f, "path", where),
                    file=_str(f, "file", where),
                    sha256=_str(f, "sha256", where),
                    size=size,
                )
            )
        packages.append(
            PackageEntry(
                name=_str(pkg, "name", where),
                version=_str(pkg, "version", where),
                tarball=_str(pkg, "tarball", where),
                integrity=_str(pkg, "integrity", where),
                note=str(pkg.get("note", "")),
                files=files,
            )
        )
    return Manifest(comment=str(raw.get("comment", "")), packages=packages)


def manifest_matches_pins(manifest: Manifest) -> None:
    """Fail if the manifest does not list exactly the pinned packages/files."""
    want = [(p.name, p.version, list(p.files)) for p in PINS]
    have = [(p["name"], p["version"], [(f["path"], f["file"]) for f in p["files"]]) for p in manifest["packages"]]
    if want != have:
        raise VendorError(
            "manifest.json does not match PINS in scripts/vendor_graphiql.py; "
            "run: python scripts/vendor_graphiql.py fetch --update-manifest"
        )


def http_get(url: str) -> bytes:
    """GET an https URL and return the body."""
    if not url.startswith("https://"):
        raise VendorError(f"refusing non-https URL: {url}")
    headers = {"User-Agent": "jingwang-vendor-graphiql"}
    req = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT_S) as resp:
            return cast("bytes", resp.read())
    except OSError as exc:
        raise VendorError(f"download failed: {url}: {exc}") from None


def registry_dist(pin: Pin) -> tuple[str, str]:
    """Return (tarball URL, integrity) from the registry's version metadata."""
    url = f"{REGISTRY}/{urllib.parse.quote(pin.name, safe='@')}/{pin.version}"
    meta: object = json.loads(http_get(url))
    where = f"registry metadata for {pin.name}@{pin.version}"
    if not isinstance(meta, dict) or not isinstance(meta.get("dist"), dict):
        raise VendorError(f"{where}: no 'dist' object")
    dist = cast("dict[str, object]", meta["dist"])
    integrity = _str(dist, "integrity", where)
    if not integrity.startswith("sha512-"):
        raise VendorError(f"{where}: integrity is not sha512: {integrity}")
    return _str(dist, "tarball", where), integrity


def read_member(tar: tarfile.TarFile, path: str, label: str) -> bytes:
    try:
        member = tar.getmember(path)
    except KeyError:
        raise VendorError(f"{label}: {path} not found in tarball") from None
    fobj = tar.extractfile(member) if member.isfile() else None
    if fobj is None:
        raise VendorError(f"{label}: {path} is not a regular file in the tarball")
    return fobj.read()


def fetch(*, update_manifest: bool) -> int:
    """Download, verify and write the vendored files (all or nothing)."""
    old = None if update_manifest else load_manifest()
    if old is not None:
        manifest_matches_pins(old)
    outputs: dict[str, bytes] = {}
    packages: list[PackageEntry] = []
    for i, pin in enumerate(PINS):
        label = f"{pin.name}@{pin.version}"
        tarball_url, integrity = registry_dist(pin)
        if old is not None and old["packages"][i]["integrity"] != integrity:
            raise VendorError(
                f"{label}: registry integrity {integrity} differs from manifest {old['packages'][i]['integrity']}"
            )
        print(f"downloading {tarball_url}")
        blob = http_get(tarball_url)
        actual = sha512_integrity(blob)
        if actual != integrity:
            raise VendorError(f"{label}: tarball integrity mismatch: got {actual}, want {integrity}")
        files: list[FileEntry] = []
        with tarfile.open(fileobj=io.BytesIO(blob), mode="r:gz") as tar:
            for j, (path, local) in enumerate(pin.files):
                data = read_member(tar, path, label)
                digest = sha256_hex(data)
                if old is not None:
                    want = old["packages"][i]["files"][j]
                    if digest != want["sha256"] or len(data) != want["size"]:
                        got = f"sha256 {digest} / {len(data)} bytes"
                        exp = f"{want['sha256']} / {want['size']} bytes"
                        raise VendorError(
                            f"{local} ({label} {path}): {got} does not match manifest {exp}; refusing to write it"
                        )
                outputs[local] = data
                files.append(FileEntry(path=path, file=local, sha256=digest, size=len(data)))
        packages.append(
            PackageEntry(
                name=pin.name,
                version=pin.version,
                tarball=tarball_url,
                integrity=integrity,
                note=pin.note,
                files=files,
            )
        )
    DEST.mkdir(parents=True, exist_ok=True)
    for local, data in outputs.items():
        (DEST / local).write_bytes(data)
        print(f"wrote {(DEST / local).relative_to(ROOT)} ({len(data)} bytes)")
    if update_manifest:
        manifest = Manifest(
            comment=(
                "Lock for the vendored GraphiQL assets. Generated by "
                "'python scripts/vendor_graphiql.py fetch --update-manifest' from PINS "
                "in that script; do not edit by hand."
            ),
            packages=packages,
        )
        MANIFEST.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {MANIFEST.relative_to(ROOT)}")
    stale = sorted(p.name for p in DEST.iterdir() if p.name not in outputs and p.name not in LOCAL_FILES)
    if stale:
        print(
            f"error: files not in the manifest, remove them: {', '.join(stale)}",
            file=sys.stderr,
        )
        return 1
    return 0


def check() -> int:
    """Verify the committed files against the manifest, offline."""
    manifest = load_manifest()
    manifest_matches_pins(manifest)
    problems: list[str] = []
    expected: set[str] = set()
    for pkg in manifest["packages"]:
        for f in pkg["files"]:
            expected.add(f["file"])
            target = DEST / f["file"]
            rel = target.relative_to(ROOT)
            if not target.is_file():
                problems.append(f"missing: {rel} ({pkg['name']}@{pkg['version']} {f['path']})")
                continue
            data = target.read_bytes()
            if len(data) != f["size"] or sha256_hex(data) != f["sha256"]:
                problems.append(
                    f"changed: {rel}: sha256 {sha256_hex(data)} / {len(data)} bytes, "
                    f"manifest says {f['sha256']} / {f['size']} bytes"
                )
    for local in sorted(LOCAL_FILES - {"manifest.json"}):
        if not (DEST / local).is_file():
            rel = (DEST / local).relative_to(ROOT)
            problems.append(f"missing: {rel} (hand-written, not vendored)")
    for p in sorted(DEST.iterdir()):
        if p.name not in expected and p.name not in LOCAL_FILES:
            problems.append(f"extra: {p.relative_to(ROOT)} is not in the manifest")
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        print("fix with: python scripts/vendor_graphiql.py fetch", file=sys.stderr)
        return 1
    print(f"ok: {len(expected)} vendored files match {MANIFEST.relative_to(ROOT)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    sub = parser.add_subparsers(dest="command", required=True)
    fetch_p = sub.add_parser("fetch", help="download from the npm registry and verify")
    fetch_p.add_argument(
        "--update-manifest",
        action="store_true",
        help="rewrite manifest.json from PINS and the registry (after changing PINS)",
    )
    sub.add_parser("check", help="verify the committed files against the manifest (offline)")
    args = parser.parse_args(argv)
    try:
        if args.command == "fetch":
            return fetch(update_manifest=bool(args.update_manifest))
        return check()
    except VendorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
