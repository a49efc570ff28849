#!/usr/bin/env bash
# Install the Debian packages the project needs when they are missing (fresh machine).
#   system_deps.sh test   → PostgreSQL (second test pass), Chromium + ChromeDriver (browser tests), Node.js/npm
#   system_deps.sh node   → Node.js and npm (front-end build)
#   system_deps.sh bench  → wrk (HTTP benchmarks) and what `test` needs
#   system_deps.sh run    → what the site itself needs: Pango and fonts with Welsh letters (ŵ, ŷ) for
#                           the PDF reports (WeasyPrint); `test` and `bench` include these
set -euo pipefail
want="${1:-test}"
need=()
missing() { ! command -v "$1" >/dev/null 2>&1; }
no_package() { ! dpkg -s "$1" >/dev/null 2>&1; }
if [ "$want" != node ]; then
  for package in libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core; do
    if no_package "$package"; then need+=("$package"); fi
  done
fi
if missing node || missing npm; then need+=(nodejs npm); fi
if [ "$want" != node ] && [ "$want" != run ]; then
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && missing initdb; then need+=(postgresql); fi
  if missing chromium; then need+=(chromium); fi
  if missing chromedriver; then need+=(chromium-driver); fi
  # fonts for readable screenshots and charts in the headless browser
  if ! fc-list 2>/dev/null | grep -qi 'liberation'; then need+=(fonts-liberation); fi
fi
if [ "$want" = bench ] && missing wrk; then need+=(wrk); fi
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing Debian packages: ${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
