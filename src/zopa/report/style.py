"""Matplotlib settings shared by zopa's figures (Agg backend, readable in print)."""

from __future__ import annotations

import io
from contextlib import contextmanager

__all__ = ["use", "svg", "png_base64", "COLORS", "actor_colors"]

COLORS = ["#b2182b", "#2166ac", "#1b7837", "#762a83", "#e08214", "#4d4d4d", "#01665e", "#c51b7d"]

RC = {
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.25,
    "legend.frameon": False,
    "svg.fonttype": "none",
    "figure.autolayout": False,
}


@contextmanager
def use():
    """Agg backend and zopa's rc settings, restored afterwards."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    with plt.rc_context(RC):
        yield plt


def actor_colors(ids) -> dict[str, str]:
    """A stable colour per actor id."""
    return {a: COLORS[i % len(COLORS)] for i, a in enumerate(ids)}


def svg(fig) -> str:
    """A figure as an inline SVG string (no XML header), closing the figure."""
    import matplotlib.pyplot as plt

    buf = io.StringIO()
    # no RDF metadata block (creator, date, licence URIs): smaller, deterministic, nothing to look up
    fig.savefig(buf, format="svg", bbox_inches="tight",
                metadata={"Creator": None, "Date": None, "Format": None, "Type": None})
    plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg"):]


def png_base64(fig) -> str:
    """A figure as a base64 PNG (for places that cannot take SVG), closing the figure."""
    import base64

    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight", dpi=120)
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode()
