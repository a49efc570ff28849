#!/usr/bin/env bash
# Build the web site's front-end files from the npm packages into src/healthassets/web/static/.
# Run by `make static` after `npm ci`; the output is not committed.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
nm="$root/node_modules"
out="$root/src/healthassets/web/static"
vendor="$out/vendor"
rm -rf "$vendor" "$out/build"
mkdir -p "$vendor/govuk" "$vendor/leaflet" "$vendor/markercluster" "$vendor/vega" "$vendor/autocomplete" "$vendor/swagger-ui" "$out/build"
cp -r "$nm/govuk-frontend/dist/govuk/assets" "$vendor/govuk/"
cp "$nm/govuk-frontend/dist/govuk/govuk-frontend.min.js" "$vendor/govuk/"
cp -r "$nm/leaflet/dist/leaflet.js" "$nm/leaflet/dist/leaflet.css" "$nm/leaflet/dist/images" "$vendor/leaflet/"
cp "$nm/leaflet.markercluster/dist/leaflet.markercluster.js" "$nm/leaflet.markercluster/dist/MarkerCluster.css" \
   "$nm/leaflet.markercluster/dist/MarkerCluster.Default.css" "$vendor/markercluster/"
cp "$nm/vega/build/vega.min.js" "$nm/vega-lite/build/vega-lite.min.js" "$nm/vega-embed/build/vega-embed.min.js" "$vendor/vega/"
cp "$nm/accessible-autocomplete/dist/accessible-autocomplete.min.js" \
   "$nm/accessible-autocomplete/dist/accessible-autocomplete.min.css" "$vendor/autocomplete/"
# the API documentation page (/api/docs) served from here, not a CDN
cp "$nm/swagger-ui-dist/swagger-ui-bundle.js" "$nm/swagger-ui-dist/swagger-ui.css" "$vendor/swagger-ui/"
"$nm/.bin/sass" --quiet --no-source-map --style=compressed --load-path="$nm" \
  "$root/src/healthassets/web/assets/app.scss" "$out/build/app.css"
touch "$out/build/.stamp"
echo "front-end built into $out"
