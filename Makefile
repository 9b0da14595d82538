# tensorkernel — the two commands a newcomer needs:
#   make demo   install what is missing, build, install the kernel into .venv, run examples/tour.ipynb
#   make test   the same bootstrap, then every test suite
# Also: make build, make bench, make fuzz, make sanitize, make clean.

SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
BUILD ?= build
APT_PACKAGES := build-essential pkg-config libzmq3-dev libjansson-dev libsodium-dev libopenblas-dev zlib1g-dev
# For the browser test (tests/py/test_browser.py, which skips without it): Playwright drives
# Debian's Chromium, as it cannot download its own browsers here.
BROWSER_PACKAGES := chromium
export TK_BUILD_DIR := $(abspath $(BUILD))

.PHONY: all deps sysdeps pydeps build demo test test-c test-py test-conformance bench fuzz sanitize clean install-kernel

all: build

# ---- bootstrap ---------------------------------------------------------------------
sysdeps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing system packages:$$missing"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "missing system packages; run: sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi
	@for p in $(BROWSER_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 && continue; \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing $$p for the browser test"; \
	    { DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$p >/dev/null; } || \
	      echo "could not install $$p: the browser test will be skipped"; \
	  else \
	    echo "note: $$p is not installed, so the browser test will be skipped (sudo apt-get install -y $$p)"; \
	  fi; \
	done

$(VENV)/.stamp: requirements-dev.txt
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	@touch $@

pydeps: $(VENV)/.stamp

deps: sysdeps pydeps

# ---- build -------------------------------------------------------------------------
$(BUILD)/build.ninja: | deps
	PATH=$(abspath $(VENV))/bin:$$PATH $(VENV)/bin/meson setup $(BUILD) --buildtype=release

build: deps $(BUILD)/build.ninja
	PATH=$(abspath $(VENV))/bin:$$PATH $(VENV)/bin/ninja -C $(BUILD)

# pip install . puts the executable, the kernelspec and the Python package into .venv;
# tensorkernel.install then writes the executable's absolute path into the kernelspec so
# Jupyter finds it without .venv/bin on PATH.
install-kernel: build
	$(PY) -m pip install -q --no-build-isolation --disable-pip-version-check .
	$(PY) -m tensorkernel.install --sys-prefix

# ---- demo --------------------------------------------------------------------------
demo: install-kernel
	@$(PY) tools/demo.py

# ---- tests -------------------------------------------------------------------------
test-c: build
	PATH=$(abspath $(VENV))/bin:$$PATH $(VENV)/bin/meson test -C $(BUILD) --print-errorlogs

test-py: build
	$(PY) -m pytest -q tests/py

test-conformance: install-kernel
	$(PY) tests/conformance/run.py --kernel tensorkernel tests/conformance

test: build
	@bash tools/run-tests.sh

bench: build
	@bash tools/run-bench.sh

# Also the differential random-program test against CPython, long: TK_DIFF_PROGRAMS programs
# (default 200000, about 15 minutes on 2 cores) from TK_DIFF_SEED, with a summary of each
# class of discrepancy.
fuzz: build
	@bash tools/run-fuzz.sh long; s=$$?; \
	TK_DIFF_PROGRAMS=$${TK_DIFF_PROGRAMS:-200000} $(PY) tests/py/test_language_random.py --show 2 || s=1; \
	exit $$s

# ASan+UBSan build in build-asan/: C unit tests, protocol, language and conformance suites.
sanitize: deps
	@bash tools/sanitize.sh

clean:
	rm -rf $(BUILD)
