"""nbconvert preprocessors that prepare markdown cells for kramdown."""

from nbconvert.preprocessors import Preprocessor

from sitegen.mathrewrite import has_math, rewrite_math


class KramdownMarkdownPreprocessor(Preprocessor):
    """Rewrite math delimiters and citations in every markdown cell, and math in markdown outputs.

    Expects resources["citations"] (a sitegen.citations.Citations) and records
    in resources["uses_math"] whether any cell contains math, so that only
    pages with math load MathJax.
    """

    def preprocess(self, nb, resources):
        resources.setdefault("uses_math", False)
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "markdown":
            resources["uses_math"] = resources["uses_math"] or has_math(cell.source)
            source = rewrite_math(cell.source)
            cell.source = resources["citations"].replace(source)
        for output in cell.get("outputs", []):
            # Markdown that code displays (evaluation-trace tables, say) is
            # written for Jupyter, with $…$ math: kramdown needs the same rewrite.
            markdown = output.get("data", {}).get("text/markdown")
            if markdown is not None:
                resources["uses_math"] = resources["uses_math"] or has_math(markdown)
                output["data"]["text/markdown"] = rewrite_math(markdown)
        return cell, resources
