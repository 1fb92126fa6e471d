"""Progress reporting for sweeps: a rich bar with ETA, or a callback.

``progress=True`` shows a :mod:`rich.progress` bar (worlds done, rate,
elapsed, ETA) when the output is a terminal or a Jupyter notebook (rich
renders there itself) and stays silent otherwise (pipes, CI logs);
``progress=False`` is silent; a callable is called as ``progress(done, total)``
in worlds after every batch, so a CLI or web app can drive its own display.

Examples
--------
>>> seen = []
>>> bar = make_progress(lambda done, total: seen.append((done, total)), total=10, done=4)
>>> bar.advance(3); bar.close()
>>> seen
[(4, 10), (7, 10)]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["Progress", "make_progress"]


class Progress:
    """Silent progress: the base of the others."""

    def __init__(self, total: int, done: int = 0):
        self.total = total
        self.done = done

    def advance(self, worlds: int) -> None:
        self.done += worlds

    def close(self) -> None:
        pass


class _Callback(Progress):
    def __init__(self, fn: Callable[[int, int], Any], total: int, done: int = 0):
        super().__init__(total, done)
        self.fn = fn
        fn(done, total)

    def advance(self, worlds: int) -> None:
        super().advance(worlds)
        self.fn(self.done, self.total)


class _Rich(Progress):
    def __init__(self, total: int, done: int = 0, description: str = "sweep"):
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.progress import (
            Progress as RichProgress,
        )

        super().__init__(total, done)
        self.bar = RichProgress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("worlds"), TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
            transient=False, console=Console(stderr=True),
        )
        self.task = self.bar.add_task(description, total=total, completed=done, rate="")
        self.bar.start()

    def advance(self, worlds: int) -> None:
        super().advance(worlds)
        task = self.bar.tasks[0]
        speed = task.speed
        rate = f"{speed:,.0f}/s" if speed else ""
        self.bar.update(self.task, advance=worlds, rate=rate)

    def close(self) -> None:
        self.bar.stop()


def make_progress(progress: bool | Callable[[int, int], Any], total: int, done: int = 0) -> Progress:
    """A progress reporter for ``total`` worlds of which ``done`` are done (resume)."""
    if callable(progress):
        return _Callback(progress, total, done)
    if progress is True:
        from rich.console import Console

        console = Console(stderr=True)
        if console.is_terminal or console.is_jupyter:
            return _Rich(total, done)
        return Progress(total, done)
    if progress is False or progress is None:
        return Progress(total, done)
    raise ValueError(f"progress must be True, False or a callable(done, total), got {progress!r}")
