"""Figures in a post: the alt text its cell declares, and the size it is shown at.

Alt text lives in the code cell's metadata, written for the figure:
``"alt": "..."``, or a list of strings when the cell makes several figures,
in output order. A figure without one stops the export: a screen-reader user
would otherwise hear only a file name.

Retina PNGs (``InlineBackend.figure_formats = ["retina"]``) carry twice the
pixels of the size they should be shown at; IPython records that size in the
output's metadata (``{"image/png": {"width": w, "height": h}}``). Every image
gets explicit width and height, so the page does not jump when it loads.
"""

import base64
import re
import struct

from nbconvert.preprocessors import Preprocessor

from sitegen.errors import ExportError

# The order nbconvert picks an output's representation in (PostExporter's
# display priority): an output with Markdown or HTML shows that, not an image.
SHOWN_BEFORE_IMAGES = ("text/html", "text/markdown")
IMAGE_TYPES = ("image/svg+xml", "image/png", "image/jpeg")
SVG_UNITS = {"": 1.0, "px": 1.0, "pt": 4 / 3, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4}


def shown_image_type(output):
    """The image MIME type the post shows for this output, or None."""
    data = output.get("data", {})
    if any(kind in data for kind in SHOWN_BEFORE_IMAGES):
        return None
    return next((kind for kind in IMAGE_TYPES if kind in data), None)


def alt_texts(cell, count, where):
    """The cell's alt texts, one per figure; ExportError when they are missing or miscounted."""
    alt = cell.metadata.get("alt")
    texts = [alt] if isinstance(alt, str) else alt
    if not texts or not all(isinstance(t, str) and t.strip() for t in texts):
        raise ExportError(
            f"{where} makes {count} figure{'s' if count > 1 else ''} but has no alt text: add "
            '"alt": "<what the figure shows>" to the cell\'s metadata'
            + (" (a list of strings, one per figure, in output order)" if count > 1 else "")
        )
    if len(texts) != count:
        raise ExportError(
            f"{where} makes {count} figures but its metadata \"alt\" has {len(texts)} texts: "
            "give one per figure, in output order"
        )
    return [t.strip() for t in texts]


def display_size(kind, data, metadata):
    """(width, height) in CSS pixels, or None when the image does not say."""
    declared = metadata.get(kind, {}) if isinstance(metadata.get(kind), dict) else {}
    if declared.get("width") and declared.get("height"):
        return int(declared["width"]), int(declared["height"])
    if kind == "image/png":
        header = base64.b64decode(data[:64])  # the IHDR chunk follows the 8-byte signature
        width, height = struct.unpack(">II", header[16:24])
        return width, height
    if kind == "image/svg+xml":
        return _svg_size(data)
    return None


def _svg_size(svg):
    root = re.search(r"<svg\b[^>]*>", svg)
    if not root:
        return None
    size = []
    for name in ("width", "height"):
        match = re.search(rf'\s{name}="([\d.]+)\s*(px|pt|in|cm|mm|)"', root.group(0))
        if not match:
            return None
        size.append(round(float(match.group(1)) * SVG_UNITS[match.group(2)]))
    return tuple(size)


class FigurePreprocessor(Preprocessor):
    """Record each shown image's alt text and display size in its output metadata.

    Expects resources["notebook_name"]; runs after cells and outputs hidden by
    tags are removed, so only figures a reader sees need alt text. Cells may
    carry metadata "site_cell_number", their number in the whole notebook
    (counted from 1) before any was removed, for error messages.
    """

    def preprocess_cell(self, cell, resources, index):
        figures = [(o, kind) for o in cell.get("outputs", []) if (kind := shown_image_type(o))]
        if not figures:
            return cell, resources
        first_line = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
        number = cell.metadata.get("site_cell_number", index + 1)
        where = f"{resources['notebook_name']}: cell {number} ({first_line[:40]!r})"
        for (output, kind), alt in zip(figures, alt_texts(cell, len(figures), where)):
            output.metadata["alt"] = alt
            size = display_size(kind, output["data"][kind], output.metadata)
            if size:
                output.metadata["display_width"], output.metadata["display_height"] = size
        return cell, resources
