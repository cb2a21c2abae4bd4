"""The ``dramagraph`` command: parses arguments, calls one library function, formats the answer.

Data goes to standard output, messages to standard error, always as UTF-8. Exit codes: see
:mod:`graph.errors` (0 ok, 1 "no" answers such as SHACL violations, 2 usage/input errors, 3 timeout,
4 endpoint errors). It imports only :mod:`graph.api`, :mod:`graph.errors` and :mod:`graph.text` (a cell's
width in the terminal, for tables); the API imports the
heavy libraries where they are used, so ``--help`` stays fast.

The parser is :mod:`graph.cli.parser`; the commands are in :mod:`graph.cli.commands` (reading,
asking and showing the graph) and :mod:`graph.cli.loading` (making data and stores). This module runs
them: UTF-8 streams, one-line logs, and each error as one line with its exit code.
"""

from __future__ import annotations

import argparse
import sys

from ..errors import DramagraphError, InternalError
from .commands import _note
from .parser import EXAMPLES, build_parser

__all__ = ["EXAMPLES", "build_parser", "main"]


def _unrecognized(parser: argparse.ArgumentParser, extras: list[str]) -> None:
    import difflib

    options = [o for action in parser._actions for o in action.option_strings]
    hints = []
    for extra in extras:
        close = difflib.get_close_matches(extra.split("=", 1)[0], options, n=1) if extra.startswith("-") else []
        if close:
            hints.append(f"{extra} (did you mean {close[0]}?)")
    parser.error(f"unrecognized arguments: {' '.join(extras)}" + (f"; {'; '.join(hints)}" if hints else ""))


class _OneLine:
    """Library log records and warnings (rdflib, pySHACL, ...) as one line each on standard error, never
    a traceback; a message said before is not said again."""

    def __init__(self):
        self.said: set[str] = set()

    def filter(self, record) -> bool:
        text = " ".join(record.getMessage().split())
        error = record.exc_info[1] if record.exc_info else None
        if error is not None:
            text += f" ({type(error).__name__}: {' '.join(str(error).split())})"
        record.exc_info = record.exc_text = record.stack_info = None
        record.one_line = f"dramagraph: warning: {record.name.split('.')[0]}: {text}"
        if record.one_line in self.said:
            return False
        self.said.add(record.one_line)
        return True


def _one_line_logs() -> None:
    import logging

    if getattr(_one_line_logs, "done", False):
        return
    class Stderr(logging.StreamHandler):  # standard error as it is when a record is written
        stream = property(lambda self: sys.stderr, lambda self, value: None)

    handler = Stderr()
    handler.setLevel(logging.WARNING)
    handler.addFilter(_OneLine())
    handler.setFormatter(logging.Formatter("%(one_line)s"))
    logging.getLogger().addHandler(handler)
    logging.captureWarnings(True)
    _one_line_logs.done = True


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8")
        except (AttributeError, ValueError):
            pass
    _one_line_logs()
    parser = build_parser()
    args, extras = parser.parse_known_args(argv)
    if extras:  # refused by the subcommand's parser, so that its usage is the one shown
        _unrecognized(getattr(args, "parser", parser), extras)
    if not getattr(args, "func", None):
        (getattr(args, "parser", None) or parser).print_help()
        return 2
    try:
        return args.func(args)
    except DramagraphError as e:
        _note(f"dramagraph: error: {e}")
        return e.exit_code
    except RecursionError:
        _note("dramagraph: error: input nested too deeply")
        return 2
    except KeyboardInterrupt:
        _note("dramagraph: interrupted")
        return 130
    except BrokenPipeError:
        return 0
    except Exception as e:  # a bug, not the user's mistake: one line, exit 5 (DRAMAGRAPH_DEBUG=1: traceback)
        import os

        if os.environ.get("DRAMAGRAPH_DEBUG"):
            raise
        _note(f"dramagraph: internal error: {type(e).__name__}: {e} (a bug; DRAMAGRAPH_DEBUG=1 shows where)")
        return InternalError.exit_code


if __name__ == "__main__":
    sys.exit(main())
