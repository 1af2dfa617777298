#!/bin/sh
# `npm run demo` on a fresh clone: install if needed (the machine's own Node may be older
# than 22; the node@22 devDependency brings the right one), build, then run the demo.
set -e
cd "$(dirname "$0")/.."
if [ ! -x node_modules/.bin/node ] || [ ! -d node_modules/jsforce ]; then
  echo "Installing dependencies (first run)…"
  npm install --no-audit --no-fund
fi
npm run build --silent
exec node_modules/.bin/node lib/scripts/demo/main.js "$@"
