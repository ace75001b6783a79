"""Turn the tutorial notebooks into Jekyll posts.

This package belongs to the website, not to the ``autoint`` library: it is not
installed with ``pip install autoint`` and is run from the repository root as
``python -m sitegen``.
"""

from sitegen.errors import ExportError
from sitegen.exporter import export_notebook

__all__ = ["ExportError", "export_notebook"]
