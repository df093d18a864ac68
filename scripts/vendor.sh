#!/usr/bin/env bash
# Copy the pinned front-end assets (see package.json / package-lock.json)
# from node_modules into static/vendor/<package>/, each with its licence
# and a VERSION file. Called by `make vendor`. Re-running is idempotent.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

NM="$ROOT/node_modules"
VENDOR="$ROOT/static/vendor"

# Exact install from package-lock.json; none of these packages need install scripts.
npm ci --no-audit --no-fund --ignore-scripts

# vendor_pkg <npm-name> <target-dir-name> <file in package>... (LICENSE* files are copied automatically)
vendor_pkg() {
  local name="$1" target="$2"
  shift 2
  local src="$NM/$name" dest="$VENDOR/$target"
  [[ -f "$src/package.json" ]] || { echo "vendor.sh: $name not installed" >&2; exit 1; }
  rm -rf "$dest"
  mkdir -p "$dest"
  local f
  for f in "$@"; do
    [[ -f "$src/$f" ]] || { echo "vendor.sh: missing $name/$f" >&2; exit 1; }
    cp "$src/$f" "$dest/$(basename "$f")"
  done
  local found=0
  for f in "$src"/LICENSE* "$src"/LICENCE*; do
    [[ -f "$f" ]] || continue
    cp "$f" "$dest/"
    found=1
  done
  (( found )) || { echo "vendor.sh: no LICENSE file in $name" >&2; exit 1; }
  local version
  version="$(node -p "require(process.argv[1]).version" "$src/package.json")"
  printf '%s %s\nsource: npm package %s@%s, files: %s\n' \
    "$name" "$version" "$name" "$version" "$*" > "$dest/VERSION"
  echo "vendored $name@$version -> static/vendor/$target/"
}

# Compiled component CSS (utrecht-*, nl-*, rhc-*, ams-* classes).
vendor_pkg @rijkshuisstijl-community/components-css components-css dist/index.css
# Design tokens as custom properties scoped to the `.rhc-theme` class.
vendor_pkg @rijkshuisstijl-community/design-tokens design-tokens dist/index.css
vendor_pkg axe-core axe-core axe.min.js
vendor_pkg htmx.org htmx.org dist/htmx.min.js
