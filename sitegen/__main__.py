"""Command line: `python -m sitegen posts`, `python -m sitegen api` and `python -m sitegen vendor`."""

import argparse
import os
import sys
import time
from pathlib import Path

from sitegen.errors import ExportError
from sitegen.exporter import export_notebook
from sitegen.vendor import vendor_mathjax


def main(argv=None):
    args = _parser().parse_args(argv)
    root = Path(args.root)
    if args.command == "vendor":
        print(f"copied MathJax to {vendor_mathjax(root)}")
        return 0
    if args.command == "config":
        from sitegen.deploy import write_deploy_config

        path, settings = write_deploy_config(os.environ, root)
        repository = settings["launch_repository"] or "unknown (no Colab/Binder links)"
        print(f"{path}: repository {repository}, url {settings['url'] or '(relative)'}")
        _warn_if_notebooks_name_another(root, settings["launch_repository"])
        return 0
    if args.command == "finish":
        return _finish(root, args.site)
    if args.command == "api":
        from sitegen.apidoc import write_page  # imports autoint, which only this command needs

        print(f"API reference -> {write_page(root)}")
        return 0
    notebooks = args.notebooks or sorted((root / "notebooks").glob("*.ipynb"))
    if not notebooks:
        print("no notebooks to export", file=sys.stderr)
        return 1
    failures = 0
    for notebook in notebooks:
        print(f"{'exporting' if args.no_execute else 'executing'} {notebook} …", flush=True)
        start = time.perf_counter()
        try:
            post = export_notebook(notebook, root, args.out, execute=not args.no_execute)
            print(f"  -> {post} ({time.perf_counter() - start:.1f} s)", flush=True)
        except ExportError as error:
            failures += 1
            print(f"error: {error}", file=sys.stderr, flush=True)
    return 1 if failures else 0


def _warn_if_notebooks_name_another(root, deployed):
    import yaml

    config = root / "_config.yml"
    committed = yaml.safe_load(config.read_text()).get("repository") if config.exists() else None
    if deployed and committed and deployed != committed:
        # The ::warning:: prefix shows the line as a warning in a GitHub Actions run.
        print(f"::warning::Colab opens the committed notebooks, whose install cells name {committed}: "
              f"set `repository: {deployed}` in _config.yml and run `make posts`")


def _finish(root, site_dir):
    import yaml

    from sitegen.deploy import DEPLOY_CONFIG, finish_site
    from sitegen.mathtypeset import typeset_site
    from sitegen.search import build_index

    config = root / DEPLOY_CONFIG
    settings = yaml.safe_load(config.read_text()) if config.exists() else {}
    repository = settings.get("launch_repository")
    if repository:
        changed = finish_site(site_dir, repository)
        print(f"{len(changed)} notebook cop{'y' if len(changed) == 1 else 'ies'} install autoint from {repository}")
    else:
        print("repository unknown: notebook install cells left as committed")
    print(f"math typeset at build time in {len(typeset_site(site_dir, root))} pages")
    print(f"search index -> {build_index(site_dir, root)}")
    return 0


def _parser():
    parser = argparse.ArgumentParser(prog="python -m sitegen", description=__doc__)
    parser.add_argument("--root", default=".", help="repository root (default: .)")
    commands = parser.add_subparsers(dest="command", required=True)
    posts = commands.add_parser("posts", help="execute notebooks and export them as posts")
    posts.add_argument("notebooks", nargs="*", type=Path, help="default: notebooks/*.ipynb")
    posts.add_argument("--no-execute", action="store_true", help="export the stored outputs as they are")
    posts.add_argument("--out", type=Path, help="write _posts/ and assets/ here (default: --root)")
    commands.add_parser("config", help="write _config.deploy.yml: the deploy-time repository and URL")
    finish = commands.add_parser("finish", help="after jekyll build: point notebook copies at the deploy-time repository, index the site for search")
    finish.add_argument("site", type=Path, nargs="?", default=Path("_site"), help="the built site (default: _site)")
    commands.add_parser("api", help="generate the API reference page (api.md) from autoint's docstrings")
    commands.add_parser("vendor", help="copy MathJax from node_modules into assets/vendor")
    return parser


if __name__ == "__main__":
    sys.exit(main())
