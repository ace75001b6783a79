"""Front matter: read from notebook metadata, checked, written as Jekyll YAML.

The one documented place is the notebook's metadata under the key "site":

    "site": {"title": "...", "subtitle": "...", "permalink": "/autoint/<slug>",
             "date": "YYYY-MM-DD", "description": "...", "series_order": 1}

title, permalink and date are required; the date names the post file, so an
export is reproducible whatever day it runs.
"""

import datetime
import re
from dataclasses import dataclass

import yaml

from sitegen.errors import ExportError

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
REQUIRED = ("title", "permalink", "date")
BIBLIOGRAPHY = "auto-int.bib"


@dataclass
class PostInfo:
    """What the exporter needs to know about one post."""

    meta: dict
    slug: str
    date: str

    @property
    def post_filename(self):
        return f"{self.date}-{self.slug}.md"

    @property
    def asset_dir(self):
        return f"assets/posts/{self.slug}"

    @property
    def site_root_prefix(self):
        """Relative path from the post's URL to the site root.

        Posts never go through Liquid (so that code survives), which rules out
        relative_url; a relative path works under any baseurl instead.
        """
        parts = self.meta["permalink"].strip("/").split("/")
        depth = len(parts) if self.meta["permalink"].endswith("/") else len(parts) - 1
        return "../" * depth if depth else "./"


def read_post_info(notebook, notebook_name):
    """Validate the notebook's "site" metadata and return PostInfo."""
    meta = dict(notebook.metadata.get("site") or {})
    missing = [key for key in REQUIRED if not meta.get(key)]
    if missing:
        raise ExportError(
            f"{notebook_name}: front matter is missing {', '.join(missing)} "
            "(set them in the notebook metadata under \"site\")"
        )
    permalink = str(meta["permalink"])
    slug = permalink.rstrip("/").rsplit("/", 1)[-1]
    if not permalink.startswith("/") or not SLUG.match(slug):
        raise ExportError(f"{notebook_name}: permalink {permalink!r} must look like /autoint/<slug>")
    return PostInfo(meta=meta, slug=slug, date=_iso_date(meta["date"], notebook_name))


def jekyll_front_matter(info, notebook_repo_path, uses_math):
    """The YAML block that opens the post."""
    meta = info.meta
    data = {
        "layout": "post",
        "title": meta["title"],
        "subtitle": meta.get("subtitle"),
        "date": info.date,
        "permalink": meta["permalink"],
        "categories": meta.get("categories", ["tutorial"]),
        "description": meta.get("description"),
        "series_order": meta.get("series_order"),
        "math": uses_math,
        # Liquid would eat {{ }} and {% %} in code and outputs.
        "render_with_liquid": False,
        "notebook": notebook_repo_path,
        "notebook_download": f"/assets/notebooks/{info.slug}.ipynb",
        # Kept for jekyll-scholar compatibility; citations are rendered at export.
        "scholar": {"bibliography": BIBLIOGRAPHY},
    }
    data = {key: value for key, value in data.items() if value is not None}
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{body}---\n"


def _iso_date(value, notebook_name):
    if isinstance(value, datetime.date):
        return value.isoformat()
    try:
        return datetime.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise ExportError(f"{notebook_name}: date {value!r} is not YYYY-MM-DD") from None
