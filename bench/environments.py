"""What a run needs before it starts: the two databases and datasette's virtualenv, cached in bench/out/.

A database is rebuilt only when it is missing or stale: each carries a fingerprint of the
files that decide its content (the seeds, the table layout, the generator) and its
parameters, so editing a fact file or the generator rebuilds it and nothing else does.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import venv
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from seeds.build import build

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
#: The peer as published on PyPI, pinned so that runs on different days compare like with like.
DATASETTE_REQUIREMENTS = ("datasette==0.65.5", "datasette-graphql==2.2")
DATASETTE_VENV = OUT / "datasette-venv"

#: Files whose content decides a database's content.
SEED_INPUTS = ("seeds/*.py", "seeds/*.txt", "seeds/facts/*.toml", "db/tables.py", "db/fts.py")
SYNTHETIC_INPUTS = (*SEED_INPUTS, "bench/synthetic.py", "bench/generator.py", "bench/names.py")


def fingerprint(patterns: Iterable[str], parameters: str = "") -> str:
    digest = hashlib.sha256(parameters.encode())
    for pattern in patterns:
        for path in sorted(ROOT.glob(pattern)):
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _fresh(db_path: Path, expected: str) -> bool:
    stamp = db_path.with_name(db_path.name + ".fingerprint")
    return db_path.exists() and stamp.exists() and stamp.read_text() == expected


def _stamp(db_path: Path, value: str) -> None:
    db_path.with_name(db_path.name + ".fingerprint").write_text(value)


def article_db() -> Path:
    """The real database, built by `seeds.build.build` as `jingwang seed` builds it."""
    path = OUT / "article.db"
    expected = fingerprint(SEED_INPUTS)
    if not _fresh(path, expected):
        click.echo(f"Building {path.relative_to(ROOT)}")
        build(path)
        _stamp(path, expected)
    return path


def synthetic_db(regions: int, cases: int, seed: int) -> Path:
    """The large database; built in a child process so its progress bar shows and its memory is freed."""
    path = OUT / f"synthetic-r{regions}-c{cases}-s{seed}.db"
    expected = fingerprint(SYNTHETIC_INPUTS, f"{regions} {cases} {seed}")
    if not _fresh(path, expected):
        click.echo(f"Building {path.relative_to(ROOT)} (about a minute per 200,000 cases)")
        command = [sys.executable, "-m", "bench.synthetic", "--db", str(path)]
        command += ["--regions", str(regions), "--cases", str(cases), "--seed", str(seed)]
        subprocess.run(command, cwd=ROOT, check=True)
        _stamp(path, expected)
    return path


def default_db(database: str) -> Path:
    """The database a benchmark query names ("article" or "large"), at bench.run's default size."""
    return article_db() if database == "article" else synthetic_db(300, 200_000, 2018)


def datasette_python() -> Path:
    """The python of datasette's own virtualenv, made with the pinned requirements if missing."""
    python = DATASETTE_VENV / "bin" / "python"
    marker = DATASETTE_VENV / "bench-requirements.txt"
    wanted = "\n".join(DATASETTE_REQUIREMENTS)
    if not (python.exists() and marker.exists() and marker.read_text() == wanted):
        click.echo(f"Installing {', '.join(DATASETTE_REQUIREMENTS)} into {DATASETTE_VENV.relative_to(ROOT)}")
        venv.EnvBuilder(with_pip=True, clear=True).create(DATASETTE_VENV)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", *DATASETTE_REQUIREMENTS], check=True)
        marker.write_text(wanted)
    return python


def save_record(name: str, record: dict[str, Any]) -> None:
    """Write a benchmark's figures to bench/out/<name>-<time>.json and say where."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    out = OUT / f"{name}-{stamp}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(record, indent=1) + "\n")
    click.echo(f"Saved to {out.relative_to(ROOT)}")
