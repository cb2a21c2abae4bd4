"""Issue 12.9: the README cannot drift from the argument parser. Every `dramagraph COMMAND ...` the
README shows names a real command and only options that command has; the Commands table lists every
command, and each `--format a|b|c` it lists is exactly the parser's choice of formats."""

from __future__ import annotations

import argparse
import re

import pytest

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


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
    start = README.index("## Commands")
    return README[start:README.index("\n## ", start + 1)]


@pytest.mark.parametrize("snippet", sorted(set(_snippets(README))))
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
    for command, formats in re.findall(r"`dramagraph ([a-z-]+)[^`]*?--format ((?:[a-z0-9-]+\\\|)+[a-z0-9-]+)",
                                       _table()):
        choices = _options(commands[command])["--format"].choices
        assert formats.split("\\|") == list(choices), command
        checked += 1
    assert checked >= 5
