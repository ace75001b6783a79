"""Export one notebook to a Jekyll post, its figures and a downloadable copy."""

import copy
import json
import tempfile
from pathlib import Path

import nbformat
import yaml
from nbconvert.exporters import TemplateExporter
from traitlets.config import Config
from nbconvert.preprocessors import ExtractOutputPreprocessor, TagRemovePreprocessor

from sitegen import publish
from sitegen.citations import Citations
from sitegen.execute import execute_notebook
from sitegen.deploy import point_install_cells
from sitegen.errors import ExportError
from sitegen.figures import FigurePreprocessor
from sitegen.filters import fence, latex_display
from sitegen.frontmatter import BIBLIOGRAPHY, jekyll_front_matter, read_post_info
from sitegen.mathrewrite import has_math
from sitegen.preprocessors import KramdownMarkdownPreprocessor

TEMPLATES = Path(__file__).parent / "templates"


class PostExporter(TemplateExporter):
    """Markdown for kramdown, through the template in templates/post."""

    export_from_notebook = None  # not offered in Jupyter's "Download as" menu

    def __init__(self, **kwargs):
        super().__init__(template_name="post", extra_template_basedirs=[str(TEMPLATES)], **kwargs)
        self.register_filter("fence", fence)
        self.register_filter("latex_display", latex_display)
        tags = TagRemovePreprocessor(
            remove_cell_tags={"remove-cell"},
            remove_input_tags={"hide-input"},
            remove_all_outputs_tags={"hide-output"},
        )
        for preprocessor in (tags, KramdownMarkdownPreprocessor(), FigurePreprocessor(), ExtractOutputPreprocessor()):
            self.register_preprocessor(preprocessor, enabled=True)

    @property
    def default_config(self):
        # HTML before Markdown: an object offering both (an evaluation trace)
        # has a caption and header cells only in HTML, which Markdown tables
        # cannot express; its \( \) math is typeset like the rest of the page.
        priority = ["text/html", "text/markdown", "image/svg+xml", "image/png", "image/jpeg", "text/latex", "text/plain"]
        config = super().default_config.copy()
        config.merge(Config({"NbConvertBase": {"display_data_priority": priority}}))
        return config

    def _file_extension_default(self):
        return ".md"

    def _template_file_default(self):
        return "index.md.j2"


def export_notebook(notebook_path, source_root, out_root=None, execute=True):
    """Publish notebook_path as a post under out_root (default: source_root).

    source_root holds _bibliography/ and is what the notebook's repository
    path is relative to. With execute=True the notebook is run first and, once
    the post is in place, saved back with its fresh outputs. Nothing under
    out_root changes unless the whole export succeeds.
    """
    notebook_path, source_root = Path(notebook_path), Path(source_root)
    out_root = Path(out_root) if out_root else source_root
    notebook = read_notebook(notebook_path)
    info = read_post_info(notebook, notebook_path.name)
    if execute:
        _point_install_cells(notebook, source_root)
        execute_notebook(notebook, notebook_path)
    notebook_text = _notebook_text(notebook) if execute else notebook_path.read_text()
    post_text, figures = _render(notebook, info, notebook_path, source_root)
    out_root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out_root, prefix=".sitegen-") as staging:
        staged = publish.stage(Path(staging), info, post_text, figures, notebook_text)
        publish.move_into_place(staged, out_root, info)
        if execute:
            publish.replace_text(notebook_path, notebook_text)
    return out_root / "_posts" / info.post_filename


def _point_install_cells(notebook, source_root):
    """Install cells name the repository _config.yml names (Colab runs the committed notebook)."""
    config = source_root / "_config.yml"
    repository = yaml.safe_load(config.read_text()).get("repository") if config.exists() else None
    if repository:
        point_install_cells(notebook, repository)


def read_notebook(path):
    """The notebook at path; ExportError in one line naming it when it is not a valid notebook."""
    try:
        text = Path(path).read_text(encoding="utf-8")
        json.loads(text)
    except json.JSONDecodeError as error:
        raise ExportError(f"{path}: not valid JSON ({error.msg}, line {error.lineno} column {error.colno})") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ExportError(f"{path}: cannot be read ({error})") from None
    try:
        notebook = nbformat.reads(text, as_version=4)
        nbformat.validate(notebook)
    except (ValueError, nbformat.ValidationError, KeyError, TypeError, AttributeError) as error:
        reason = getattr(error, "message", None) or str(error)
        raise ExportError(f"{path}: not a valid notebook ({reason.splitlines()[0]})") from None
    return notebook


def _render(notebook, info, notebook_path, source_root):
    citations = Citations(source_root / "_bibliography" / BIBLIOGRAPHY, notebook_path.name)
    uses_math = any(has_math(text) for text in _markdown_texts(notebook))
    resources = {
        "output_files_dir": info.asset_dir,
        "unique_key": "fig",
        "citations": citations,
        "notebook_name": notebook_path.name,
        "post": {
            "front_matter": jekyll_front_matter(info, _repo_path(notebook_path, source_root), uses_math),
            "root_prefix": info.site_root_prefix,
            "citations": citations,
        },
    }
    numbered = copy.deepcopy(notebook)
    for number, cell in enumerate(numbered.cells, start=1):
        cell.metadata["site_cell_number"] = number  # error messages count every cell
    body, resources = PostExporter().from_notebook_node(numbered, resources)
    return body, resources.get("outputs", {})


def _markdown_texts(notebook):
    """Every piece of markdown the post will show: markdown cells and markdown outputs."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            yield cell.source
        for output in cell.get("outputs", []):
            markdown = output.get("data", {}).get("text/markdown")
            if markdown is not None:
                yield markdown


def _notebook_text(notebook):
    """The notebook as nbformat.write would save it."""
    text = nbformat.writes(notebook)
    return text if text.endswith("\n") else text + "\n"


def _repo_path(notebook_path, source_root):
    try:
        return notebook_path.resolve().relative_to(source_root.resolve()).as_posix()
    except ValueError:
        return f"notebooks/{notebook_path.name}"
