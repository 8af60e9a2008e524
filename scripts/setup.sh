#!/usr/bin/env bash
# Installs the system libraries Matchpunt links against, when they are missing (Debian/Ubuntu).
set -euo pipefail
needed=()
# libcairo2-dev + fonts-dejavu-core: quote PDFs (cairo, a font with € and —); poppler-utils: the tests read PDFs back (pdftotext).
# postgresql: the PostgreSQL store tests run against a throwaway cluster (initdb/pg_ctl, no system service needed).
# chromium + chromium-driver: the real-browser test of the staff pages (scripts/browser/run.sh).
for package in libsqlite3-dev libcurl4-openssl-dev pkg-config libcairo2-dev fonts-dejavu-core poppler-utils postgresql chromium chromium-driver; do
  dpkg -s "$package" >/dev/null 2>&1 || needed+=("$package")
done
# The feed tests serve their fixtures from a small Python HTTP server.
command -v python3 >/dev/null || needed+=(python3)
# The https → http redirect test makes a throwaway self-signed certificate with openssl.
command -v openssl >/dev/null || needed+=(openssl)
if [ ${#needed[@]} -gt 0 ]; then
  echo "installing: ${needed[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${needed[@]}"
fi
command -v swift >/dev/null || { echo "swift not found: install Swift 6 (https://swift.org)"; exit 1; }
# The API contract check (scripts/schemathesis.sh) runs schemathesis from PyPI.
command -v schemathesis >/dev/null 2>&1 || python3 -m pip install --quiet schemathesis
# The browser test drives Chromium with Selenium and checks accessibility with axe-core (axe-selenium-python).
python3 -c 'import selenium, axe_selenium_python' >/dev/null 2>&1 || python3 -m pip install --quiet selenium axe-selenium-python
# axe-selenium-python 3 carries axe-core 4.10 but needs Python >= 3.12; under an older python3 pip installs 2.1.6,
# whose axe-core 3.1 (2018) does not know the wcag21a tag. Then take axe-core from the 3.0.0 wheel (pip download,
# nothing installed) into .build/axe-core/, where scripts/browser/walk.py looks first.
ROOT=$(cd "$(dirname "$0")/.." && pwd)
AXE_JS="$ROOT/.build/axe-core/axe.min.js"
bundled=$(python3 -c 'import axe_selenium_python, os; print(os.path.join(os.path.dirname(axe_selenium_python.__file__), "node_modules", "axe-core", "axe.min.js"))')
if ! head -c 40 "$bundled" | grep -q 'axe v4' && [ ! -s "$AXE_JS" ]; then
  tmp=$(mktemp -d)
  python3 -m pip download --quiet --no-deps --only-binary=:all: --python-version 3.12 -d "$tmp" 'axe-selenium-python==3.0.0'
  mkdir -p "$(dirname "$AXE_JS")"
  python3 -c 'import sys, zipfile, glob; z = zipfile.ZipFile(glob.glob(sys.argv[1] + "/*.whl")[0]); open(sys.argv[2], "wb").write(z.read("axe_selenium_python/node_modules/axe-core/axe.min.js"))' "$tmp" "$AXE_JS"
  rm -rf "$tmp"
fi
