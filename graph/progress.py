"""Progress bars on standard error, for the library functions that take long (``load_store``, ``push``,
``generate``): one mechanism, tqdm's.

Where it sits: a foundation, beside errors and iris (it imports nothing from the package), used by any
step that reports progress. A bar is drawn only when asked for and when standard error is a terminal,
so tests, pipes and logs never see one. tqdm is imported only when a bar is made.
"""

from __future__ import annotations

import sys

__all__ = ["bar"]


def bar(total: int | float | None, desc: str, unit: str = "file", enabled: bool = True, **options):
    """A tqdm bar over ``total`` items of ``unit`` written to standard error; a disabled bar (one that
    draws nothing) when not ``enabled`` or when standard error is not a terminal. Use it as a context
    manager, ``update(n)`` it, and ``set_postfix_str`` for what it is on; ``options`` go to tqdm.

    >>> with bar(3, "loading", enabled=False) as b:
    ...     b.update(2)
    >>> b.disable
    True
    """
    from tqdm import tqdm

    # disable=None: tqdm disables itself when its output is not a terminal
    return tqdm(total=total, desc=desc, unit=unit, file=sys.stderr, disable=None if enabled else True,
                dynamic_ncols=True, leave=True, **options)
