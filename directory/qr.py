"""QR codes drawn here, as inline SVG (the ``qrcode`` package): nothing is loaded from
elsewhere, and the markup has no style attribute, which the Content Security Policy forbids."""

from __future__ import annotations

import re

import qrcode
import qrcode.image.svg
from markupsafe import Markup


def qr_svg(data: str, label: str, css_class: str = "qr-code") -> Markup:
    """``data`` as an accessible SVG image of paths; ``label`` is its text alternative."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    svg = image.to_string(encoding="unicode")
    svg = re.sub(r"^<\?xml[^>]*\?>\s*", "", svg)
    svg = svg.replace(' id="qr-path"', "", 1)  # a page may hold several: ids must be unique
    # Our own markup from our own data: the data is encoded in the path, never as text.
    accessible = (
        f'<svg role="img" aria-label="{Markup.escape(label)}" class="{Markup.escape(css_class)}" '
    )
    return Markup(svg.replace("<svg ", accessible, 1))  # noqa: S704  # nosec B704 - see above
