"""Progress reporting: callbacks, silence off a terminal, argument checks."""

from __future__ import annotations

import pytest

from zopa.sweep.progress import Progress, make_progress


def test_a_callback_receives_done_and_total():
    seen = []
    bar = make_progress(lambda d, t: seen.append((d, t)), total=100)
    bar.advance(40)
    bar.advance(60)
    bar.close()
    assert seen == [(0, 100), (40, 100), (100, 100)]


def test_auto_progress_is_silent_off_a_terminal(capsys):
    bar = make_progress(True, total=10)
    assert type(bar) is Progress
    bar.advance(10)
    bar.close()
    assert capsys.readouterr() == ("", "")


def test_the_rich_bar_reports_worlds(monkeypatch):
    from rich.console import Console

    monkeypatch.setattr(Console, "is_terminal", property(lambda self: True))
    bar = make_progress(True, total=10, done=2)
    assert type(bar).__name__ == "_Rich"
    bar.advance(8)
    assert bar.bar.tasks[0].completed == 10
    bar.close()


def test_bad_progress_values_are_rejected():
    with pytest.raises(ValueError, match="progress must be"):
        make_progress("yes", total=1)
