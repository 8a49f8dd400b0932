#!/usr/bin/env bash
# What the tests need on a fresh Debian machine, set up before anything runs (`npm test` runs this,
# then `npm run test:suite`; .ci/run calls `npm test`):
#   - Node.js 20.19 or later (not installed here: the one line says so);
#   - Debian packages: coinor-cbc (CBC, the second solver, run for real), chromium (the end-to-end tests drive
#     the browser mode in it through Playwright; Playwright's own browsers are never downloaded), and the
#     toolchain that builds better-sqlite3 from source when no prebuilt binary can be fetched (python3, make, g++);
#   - PostgreSQL answering on 127.0.0.1:5432 (database test, trust auth): started when installed but down;
#   - ../shared/data beside the clone (real market data the tests read at run time, never copied in);
#   - node_modules from package-lock.json (`npm ci`), when missing or older than the lock file.
# As root with apt-get, missing packages are installed. Otherwise it stops before running anything, with one
# line per missing package naming the command that installs it, and exits 1.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()   # "what: how to get it"
packages=()  # Debian packages to install

node_ok=$(node -e 'const [a,b]=process.versions.node.split(".").map(Number); console.log(a>20||(a===20&&b>=19)?1:0)' 2>/dev/null || echo 0)
[ "$node_ok" = 1 ] || missing+=("Node.js 20.19 or later (found: $(node --version 2>/dev/null || echo none)): install it from https://nodejs.org or your package manager")

command -v cbc >/dev/null || packages+=(coinor-cbc)
[ -x /usr/bin/chromium ] || [ -x /usr/bin/chromium-browser ] || [ -n "${JESSICA_E2E_CHROMIUM:-}" ] || packages+=(chromium)
command -v python3 >/dev/null || packages+=(python3)
command -v make >/dev/null || packages+=(make)
command -v g++ >/dev/null || packages+=(g++)

if [ ${#packages[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing ${packages[*]} (apt-get)" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >&2
  else
    for p in "${packages[@]}"; do missing+=("Debian package $p: sudo apt-get install $p"); done
  fi
fi

# The sync, its fault tests and the dashboards' SQL run against a real PostgreSQL on 127.0.0.1:5432 (trust auth,
# database `test`, as this workplace's machines have it). A server that is installed but stopped is started.
postgres_up() { command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432 -d test; }
if ! postgres_up; then
  if [ "$(id -u)" = 0 ] && command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    echo "setup: starting PostgreSQL" >&2
    for version in /etc/postgresql/*; do pg_ctlcluster --skip-systemctl-redirect "$(basename "$version")" main start >&2 || true; done
    for _ in 1 2 3 4 5 6 7 8 9 10; do postgres_up && break; sleep 1; done
  fi
  postgres_up || missing+=("PostgreSQL on 127.0.0.1:5432 with a database test and trust auth for local TCP: sudo apt-get install postgresql, then createdb test (or start it: sudo pg_ctlcluster <version> main start)")
fi

[ -d ../shared/data ] || missing+=("../shared/data (real market data the tests read): place the shared data folder beside this clone")

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: the tests cannot run; missing:" >&2
  for m in "${missing[@]}"; do echo "  $m" >&2; done
  exit 1
fi

# The tests do not need the Electron binary (its launch test skips, saying why), so the install does not try
# to download it; `npm ci` alone (README command 1) still does where the network allows.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci" >&2
  ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund >&2
fi
