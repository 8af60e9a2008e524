#!/usr/bin/env bash
# Installs the system libraries Matchpunt links against, when they are missing (Debian/Ubuntu).
set -euo pipefail
needed=()
# libcairo2-dev + fonts-dejavu-core: quote PDFs (cairo, a font with € and —); poppler-utils: the tests read PDFs back (pdftotext).
# postgresql: the PostgreSQL store tests run against a throwaway cluster (initdb/pg_ctl, no system service needed).
for package in libsqlite3-dev libcurl4-openssl-dev pkg-config libcairo2-dev fonts-dejavu-core poppler-utils postgresql; do
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
