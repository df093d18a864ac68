"""QR codes for handing a link to a phone: an SVG as a data: URI, which the strict CSP
allows for images (img-src 'self' data:), so no file is written and no script runs."""

import segno


def qr_data_uri(text: str, *, scale: int = 5) -> str:
    """``text`` as a QR code (error correction M, the usual quiet zone of four modules)."""
    return segno.make(text, error="m").svg_data_uri(scale=scale, border=4, dark="#000000")
