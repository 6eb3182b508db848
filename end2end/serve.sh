#!/usr/bin/env bash
# Starts the debug server for the end-to-end tests: a fresh SQLite file, the demo teams with a
# known password, the site built by .ci/build-site. Playwright stops it after the run.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${1:-3917}"
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
WERKZAAM_DEMO_PASSWORD=e2e-wachtwoord-123 target/debug/werkzaam-server \
  --addr "127.0.0.1:$port" \
  --database-url "sqlite://$data/e2e.db" \
  --site-root site \
  --recovery-key-file "$data/herstelsleutels.key" \
  --demo
