"""`python -m sitegen`, as `make posts` runs it."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*args, cwd):
    return subprocess.run([sys.executable, "-m", "sitegen", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120, env={"PYTHONPATH": str(ROOT), "PATH": ""})


def test_export_error_exits_non_zero_naming_the_notebook(make_notebook, site_root):
    make_notebook([("md", "x")], name="untitled.ipynb", site={"permalink": "/autoint/u", "date": "2024-01-01"})
    result = run("--root", str(site_root), "posts", "--no-execute", cwd=site_root)
    assert result.returncode == 1
    assert "untitled.ipynb" in result.stderr and "title" in result.stderr


def test_posts_without_execution_writes_every_notebook(make_notebook, site_root):
    make_notebook([("md", "one")], name="a.ipynb", site={"title": "A", "permalink": "/autoint/a", "date": "2024-01-01"})
    make_notebook([("md", "two")], name="b.ipynb", site={"title": "B", "permalink": "/autoint/b", "date": "2024-01-02"})
    result = run("--root", str(site_root), "posts", "--no-execute", cwd=site_root)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (site_root / "_posts").iterdir()) == ["2024-01-01-a.md", "2024-01-02-b.md"]


def test_posts_reports_each_notebook_and_its_time_without_kernel_noise(make_notebook, site_root):
    make_notebook([("code", "print('ran')")], name="a.ipynb",
                  site={"title": "A", "permalink": "/autoint/a", "date": "2024-01-01"})
    result = subprocess.run([sys.executable, "-m", "sitegen", "--root", str(site_root), "posts"],
                            cwd=site_root, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"executing {site_root / 'notebooks' / 'a.ipynb'} …"
    assert re.fullmatch(r"  -> .*2024-01-01-a\.md \(\d+\.\d s\)", lines[1])
    assert "TCP" not in result.stdout + result.stderr and "WARNING" not in result.stderr
    assert not list((site_root / "notebooks").glob("kernel-*"))  # no sockets left beside the notebook


def test_an_invalid_notebook_is_reported_in_one_line(site_root):
    (site_root / "notebooks" / "bad.ipynb").write_text("{not json")
    result = run("--root", str(site_root), "posts", "--no-execute", cwd=site_root)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "bad.ipynb: not valid JSON" in result.stderr
