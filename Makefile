# autoint: the package, the notebooks and the site built from them.
#
#   make serve   set everything up, build the site and serve it on http://127.0.0.1:4000
#   make test    set everything up and run every test (package, notebooks, exporter, site, browser; package again with AUTOINT_REFERENCE=1)
#   make posts   regenerate the API page, execute the notebooks and export them to _posts/ and assets/
#   make site    build the site into _site/ (BASEURL=/name for a project site)
#   make lab     install JupyterLab into .venv and open the notebooks in it
#
# Set-up is incremental: stamp files record what is done, so repeated runs are fast.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMPS := .stamps
HOST ?= 127.0.0.1
PORT ?= 4000
BASEURL ?=
PYTEST_ARGS ?=

# Debian packages behind `jekyll`, the theme and plugins, the browser for the
# browser tests, and graphviz's `dot` for graph drawings.
APT_PACKAGES := jekyll jekyll-theme-minima ruby-jekyll-feed ruby-jekyll-seo-tag bundler \
                chromium chromium-driver graphviz
MATHJAX := assets/vendor/mathjax/tex-chtml.js
JEKYLL_BASEURL := $(if $(BASEURL),--baseurl "$(BASEURL)")

.PHONY: help setup serve site posts api lab test clean distclean

help:
	@sed -n '3,8p' Makefile | sed 's/^# *//'

setup: $(STAMPS)/system $(STAMPS)/gems $(VENV)/.installed node_modules/.installed $(MATHJAX)

# _config.deploy.yml: the repository and URL known where the site is built
# (the Pages workflow's GITHUB_REPOSITORY and SITE_URL, else the clone's
# GitHub origin), layered over _config.yml.
JEKYLL_CONFIG := --config _config.yml,_config.deploy.yml

serve: setup
	$(PY) -m sitegen config
	jekyll serve --host $(HOST) --port $(PORT) $(JEKYLL_BASEURL) $(JEKYLL_CONFIG)

# Built beside _site/ and swapped in whole: a failed build leaves the last good site.
site: setup
	$(PY) -m sitegen config
	rm -rf _site.new
	jekyll build $(JEKYLL_BASEURL) $(JEKYLL_CONFIG) --destination _site.new
	$(PY) -m sitegen finish _site.new
	rm -rf _site && mv _site.new _site

posts: api
	$(PY) -m sitegen posts

api: setup
	$(PY) -m sitegen api

lab: setup $(VENV)/.lab
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks

$(VENV)/.lab: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[dev,lab]'
	@touch $@

test: setup
	$(PY) -m pytest tests notebooks --nbval --nbval-current-env \
	    --nbval-sanitize-with notebooks/nbval-sanitize.cfg $(PYTEST_ARGS) && \
	AUTOINT_REFERENCE=1 $(PY) -m pytest tests/autoint $(PYTEST_ARGS)

# System packages: installed with apt-get when running as root on Debian,
# otherwise the exact command is printed and the build stops.
$(STAMPS)/system:
	@missing=""; \
	if command -v dpkg-query >/dev/null; then \
	  for pkg in $(APT_PACKAGES); do \
	    dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$pkg"; \
	  done; \
	else \
	  for cmd in jekyll bundle chromium dot; do command -v $$cmd >/dev/null || missing="$$missing $$cmd"; done; \
	fi; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	$(PYTHON) -c "import ensurepip" 2>/dev/null || missing="$$missing python3-venv"; \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing system packages:$$missing"; \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $$missing; \
	else \
	  echo "Missing system packages:$$missing"; \
	  echo "On Debian 12 install them with:"; \
	  echo "  sudo apt-get install -y$$missing"; \
	  exit 1; \
	fi
	@mkdir -p $(STAMPS) && touch $@

# The Gemfile admits Debian's gem versions, so this never needs RubyGems.
$(STAMPS)/gems: Gemfile Gemfile.lock $(STAMPS)/system
	bundle check >/dev/null || bundle install --local
	@touch $@

$(VENV)/.installed: pyproject.toml $(STAMPS)/system
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

node_modules/.installed: package.json package-lock.json $(STAMPS)/system
	npm ci --no-audit --no-fund
	@touch $@

$(MATHJAX): node_modules/.installed $(VENV)/.installed
	$(PY) -m sitegen vendor

clean:
	rm -rf _site _site.new _config.deploy.yml .jekyll-cache .jekyll-metadata screenshots assets/vendor .pytest_cache

distclean: clean
	rm -rf $(VENV) node_modules $(STAMPS) *.egg-info
