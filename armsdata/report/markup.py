"""Markdown's building blocks for the report: text made safe in a table cell, and a heading's anchor."""

from __future__ import annotations

import html
import re

import pandas as pd

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_NEWLINE = re.compile(r"\r\n|\r|\n")


def md_escape(text: object) -> str:
    """``text`` made safe inside a markdown table cell: no markup, no HTML, one line.

    >>> md_escape('a | b <script>\\n*c*')
    'a \\\\| b &lt;script&gt;<br>\\\\*c\\\\*'
    """
    if text is None or text is pd.NA or (isinstance(text, float) and pd.isna(text)):
        return ""
    escaped = _MD_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=False))
    return _NEWLINE.sub("<br>", escaped).strip()


def anchor(heading: str) -> str:
    """The anchor GitHub gives a markdown heading: lower case, punctuation dropped, spaces as hyphens.

    >>> anchor("Pipeline: how far each deal has got"), anchor("fra-arm-bastion: quantity (stage difference)")
    ('pipeline-how-far-each-deal-has-got', 'fra-arm-bastion-quantity-stage-difference')
    """
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
