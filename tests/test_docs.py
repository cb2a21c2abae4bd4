"""Issue 12.9: the README and the docs site cannot drift from the argument parser. Every
`dramagraph COMMAND ...` the README or a page of docs/ shows names a real command and only options that
command has; the Commands table (docs/commands.md) lists every command, and each `--format a|b|c` any
command table lists is exactly the parser's choice of formats. Issue 28: the site builds with
`mkdocs build --strict` (no broken link, no page left out of the nav)."""

from __future__ import annotations

import argparse
import re

import pytest

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
PAGES = {path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8")
         for path in sorted((ROOT / "docs").glob("*.md"))}
DOCS = {"README.md": README, **PAGES}
COMMANDS_PAGE = PAGES["docs/commands.md"]


def _subparsers():
    import argparse

    from graph.cli import build_parser

    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return parser, action.choices


def _options(subparser) -> dict[str, object]:
    return {option: action for action in subparser._actions for option in action.option_strings}


def _snippets(text: str) -> list[str]:
    """Every command line the README shows: inline code and the lines of console/sh blocks."""
    found = [m.group(1) for m in re.finditer(r"`(dramagraph [^`]+)`", text)]
    for block in re.findall(r"```(?:console|sh)\n(.*?)```", text, re.S):
        for line in block.splitlines():
            line = line.removeprefix("$ ").split(" #")[0]
            for part in re.split(r"&&|\|", line):
                part = part.strip()
                if part.startswith("dramagraph "):
                    found.append(part)
    return found


def _table() -> str:
    """The Commands table: docs/commands.md, from its heading to its first subsection."""
    start = COMMANDS_PAGE.index("# Commands")
    return COMMANDS_PAGE[start:COMMANDS_PAGE.index("\n## ", start + 1)]


def _tables(text: str) -> str:
    """Every table row of a page that names a command (`| `dramagraph ...` | ... |`)."""
    return "\n".join(line for line in text.splitlines() if line.startswith("| `dramagraph "))


def test_the_pages_exist():
    assert {"docs/index.md", "docs/commands.md", "docs/queries.md", "docs/model.md"} <= set(PAGES)
    assert "## Commands" not in README  # the table lives in docs/commands.md, once


@pytest.mark.parametrize("snippet", sorted({s for text in DOCS.values() for s in _snippets(text)}))
def test_every_command_shown_exists_with_its_options(snippet):
    _, commands = _subparsers()
    words = snippet.replace("\\|", "|").split()
    command = words[1]
    if command.startswith("-"):  # `dramagraph --help`, `dramagraph --version`
        assert command in ("--help", "--version", "-h")
        return
    assert command in commands, f"README shows `dramagraph {command}`, which does not exist"
    parser, rest = commands[command], words[2:]
    nested = next((a for a in parser._actions if isinstance(a, argparse._SubParsersAction)), None)
    if nested is not None:  # `dramagraph import imdb ...`
        assert rest and rest[0] in nested.choices, f"README shows `{snippet}`: no such kind of {command}"
        parser, rest = nested.choices[rest[0]], rest[1:]
    options = _options(parser)
    for word in rest:
        option = re.match(r"\[?(--[a-z-]+)", word)
        if option:
            assert option.group(1) in options, f"`dramagraph {command}` has no option {option.group(1)}"


def test_the_commands_table_lists_every_command():
    _, commands = _subparsers()
    listed = set(re.findall(r"`dramagraph ([a-z-]+)", _table()))
    assert listed == set(commands)


def test_the_formats_in_the_commands_table_are_the_parsers():
    _, commands = _subparsers()
    checked = 0
    rows = "\n".join([_table()] + [_tables(text) for text in DOCS.values()])
    for command, formats in re.findall(r"`dramagraph ([a-z-]+)[^`]*?--format ((?:[a-z0-9-]+\\\|)+[a-z0-9-]+)",
                                       rows):
        choices = _options(commands[command])["--format"].choices
        assert formats.split("\\|") == list(choices), command
        checked += 1
    assert checked >= 5


def test_the_docs_build_strictly(tmp_path):
    """`mkdocs build --strict` fails on a broken link, a missing anchor or a page the nav leaves out."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
                          cwd=ROOT, capture_output=True, text=True, env={**__import__("os").environ,
                                                                         "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if line.startswith(("WARNING", "ERROR"))]
    assert not warnings, warnings
    assert (tmp_path / "site" / "commands.html").exists()  # the offline plugin: no directory URLs
    # the site reads offline and asks no one: no script, style sheet or font from another host
    import re

    outside = sorted({(page.name, url) for page in (tmp_path / "site").glob("*.html")
                      for url in re.findall(r'<(?:script|link)[^>]+(?:src|href)="(https?://[^"]+)"',
                                            page.read_text(encoding="utf-8"))})
    assert outside == []


def test_the_readmes_japanese_example_is_real_output():
    """The README's Japanese example (the console block after its ``japanese-example`` marker), command by
    command: standard output and standard error together, as a terminal shows them."""
    import shlex
    import subprocess
    import sys

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- japanese-example.*?-->\n```console\n(.*?)```", text, re.S).group(1)
    runs = re.split(r"^\$ ", block, flags=re.M)[1:]
    assert len(runs) == 3
    for run in runs:
        command, _, shown = run.partition("\n")
        argv = shlex.split(command)
        assert argv[0] == "dramagraph"
        done = subprocess.run([sys.executable, "-m", "graph.cli", *argv[1:], "--no-user-data"], capture_output=True,
                              text=True, encoding="utf-8", cwd=ROOT, timeout=120)
        assert done.stdout + done.stderr == shown, command


READ_ONLY = {"stats", "queries", "query", "sparql", "path", "provenance", "similar", "links", "centrality",
             "co-actors"}


def _console_runs():
    """(file, command, shown output) of every ``$ dramagraph COMMAND`` of a read-only command in the README's
    and the docs' console blocks."""
    import shlex

    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for block in re.findall(r"```console\n(.*?)```", path.read_text(encoding="utf-8"), re.S):
            for run in re.split(r"^\$ ", block, flags=re.M)[1:]:
                command, _, shown = run.partition("\n")
                argv = shlex.split(command)
                if argv[0] == "dramagraph" and argv[1] in READ_ONLY and "--endpoint" not in argv \
                        and "--store" not in argv and "|" not in command and shown.strip():
                    yield pytest.param(argv, shown.rstrip("\n"), id=f"{path.name}: {command[:60]}")


def _matches(shown: list[str], real: list[str]) -> bool:
    """Whether the real lines are the shown ones, where a shown line "…" stands for any lines (trimmed)."""
    if not shown:
        return not real
    if shown[0] == "…":
        return any(_matches(shown[1:], real[i:]) for i in range(len(real) + 1))
    return bool(real) and real[0] == shown[0] and _matches(shown[1:], real[1:])


@pytest.mark.parametrize("argv,shown", list(_console_runs()))
def test_every_example_shows_real_output(argv, shown):
    """The README's and the docs' examples of read-only commands are what the commands print (standard
    output, then standard error, as a terminal shows them), "…" standing for lines left out (issue 30)."""
    import subprocess
    import sys

    isolated = [] if argv[1] == "queries" else ["--no-user-data"]  # queries reads no data
    done = subprocess.run([sys.executable, "-m", "graph.cli", *argv[1:], *isolated], capture_output=True,
                          text=True, encoding="utf-8", cwd=ROOT, timeout=120)
    real = (done.stdout + done.stderr).splitlines()
    assert _matches(shown.splitlines(), real), "\n".join(real)
