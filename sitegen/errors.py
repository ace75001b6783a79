"""The single error type the exporter raises for problems in a notebook."""


class ExportError(Exception):
    """A notebook cannot be published; the message names the notebook and why."""
