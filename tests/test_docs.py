"""The README is tested: every GraphQL example returns exactly the JSON shown after it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from api import settings
from api.cli import cli

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
EXAMPLES = re.findall(r"```graphql\n(.*?)```\s*```json\n(.*?)```", README, flags=re.DOTALL)

#: Shell and JavaScript examples, each followed by the JSON it prints (a block of its own right after it).
HTTP_EXAMPLES = re.findall(
    r"^```(sh|js)\n((?:(?!```).)*?)```\n\n```json\n(.*?)```", README, flags=re.DOTALL | re.MULTILINE
)
RUNNERS = {"sh": ["curl", "bash", "-c"], "js": ["node", "node", "--input-type=module", "-e"]}

Gql = Callable[..., dict[str, Any]]


def test_the_readme_opens_with_the_two_commands() -> None:
    commands = re.findall(r"```sh\n(.*?)\n```", README, flags=re.DOTALL)
    assert commands[:2] == [
        "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/jingwang serve",
        "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest",
    ]
    assert README.index("```sh") < README.index("\n## ")


def test_every_graphql_block_has_its_answer() -> None:
    assert len(EXAMPLES) == README.count("```graphql") >= 9


@pytest.mark.parametrize(("query", "expected"), EXAMPLES, ids=[f"example-{n}" for n in range(1, len(EXAMPLES) + 1)])
def test_readme_example_returns_the_json_shown(gql: Gql, query: str, expected: str) -> None:
    assert gql(query) == json.loads(expected)


def test_every_command_and_setting_is_documented() -> None:
    commands = CliRunner().invoke(cli, ["--help"]).output
    for name in ("seed", "serve", "export-schema"):
        assert f"  {name} " in commands
        assert f"`jingwang {name}" in README
    serve_help = CliRunner().invoke(cli, ["serve", "--help"]).output
    for name in settings.names():
        option, envvar = settings.option_name(name), settings.envvar_for(name)
        assert f"| `{option}` | `{envvar}` |" in README
        assert option in serve_help and envvar in serve_help


def test_the_plain_http_examples_are_curl_and_fetch_by_post_and_get() -> None:
    assert [(language, code.split("(")[0].split()[0]) for language, code, _ in HTTP_EXAMPLES] == [
        ("sh", "curl"),
        ("js", "const"),
        ("js", "const"),
    ]
    assert 'method: "POST"' in HTTP_EXAMPLES[1][1] and "searchParams" in HTTP_EXAMPLES[2][1]


@pytest.mark.parametrize(
    ("language", "code", "expected"), HTTP_EXAMPLES, ids=[f"http-{n}" for n in range(1, len(HTTP_EXAMPLES) + 1)]
)
def test_plain_http_example_prints_the_json_shown(live_server: str, language: str, code: str, expected: str) -> None:
    tool, *command = RUNNERS[language]
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed here; the README's {language} examples need it")
    run = subprocess.run(
        [*command, code.replace("http://127.0.0.1:8000", live_server)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == json.loads(expected)
