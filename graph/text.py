"""Text as a terminal shows it: a cell's width in columns (wcwidth), so that tables line up when a cell
holds Japanese script (三浦春馬 takes eight columns, not four). At the base of the data flow, beside
``errors`` and ``progress``: it imports nothing of graph.

>>> width("三浦春馬"), pad("三浦春馬", 10) + "|"
(8, '三浦春馬  |')
"""

from __future__ import annotations

__all__ = ["width", "pad"]


def width(text: str) -> int:
    """The columns ``text`` takes in a terminal: wide (East Asian) characters two, combining marks none.
    A character wcwidth does not know (a control character) counts one."""
    from wcwidth import wcswidth

    found = wcswidth(text)
    if found >= 0:
        return found
    from wcwidth import wcwidth

    return sum(max(wcwidth(ch), 1) if wcwidth(ch) != 0 else 0 for ch in text)


def pad(text: str, columns: int) -> str:
    """``text`` with spaces after it up to ``columns`` columns (as ``str.ljust`` does, by display width)."""
    return text + " " * max(columns - width(text), 0)
