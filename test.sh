#!/usr/bin/env bash
# Builds the solution and runs every test project against a real PostgreSQL.
# The last line printed is always "N passed, M failed"; the exit code is non-zero when a test failed,
# the build or `dotnet test` failed, or no test ran at all.
# Set LOYALTY_TEST_PG to use an existing server; otherwise a local Debian cluster is installed/started.
set -euo pipefail
cd "$(dirname "$0")"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
# psql as the postgres OS user: peer authentication needs no password. /tmp: that user may not read our cwd.
as_postgres() { (cd /tmp && if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi); }

start_local_postgres() {
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
  fi
  if [ -z "$(pg_lsclusters -h)" ]; then
    as_root pg_createcluster "$(ls /usr/lib/postgresql | sort -V | tail -n1)" main
  fi
  local version name port status
  read -r version name port status _ < <(pg_lsclusters -h | head -n1)
  if [ "$status" != "online" ]; then
    # pg_ctlcluster as root starts the cluster as its owner; without root, try as the postgres user.
    as_root pg_ctlcluster "$version" "$name" start || as_postgres pg_ctlcluster "$version" "$name" start
  fi
  local tries=0
  until pg_isready -q -h 127.0.0.1 -p "$port"; do
    tries=$((tries + 1))
    if [ "$tries" -ge 30 ]; then
      echo "PostgreSQL $version/$name did not become ready on port $port" >&2
      return 1
    fi
    sleep 1
  done
  as_postgres psql -p "$port" -qc "ALTER USER postgres PASSWORD 'postgres'"
  if ! as_postgres psql -p "$port" -tAc "SELECT 1 FROM pg_database WHERE datname = 'loyalty_test'" | grep -q 1; then
    as_postgres createdb -p "$port" loyalty_test
  fi
  export LOYALTY_TEST_PG="Host=127.0.0.1;Port=$port;Username=postgres;Password=postgres;Database=loyalty_test"
}

if [ -z "${LOYALTY_TEST_PG:-}" ]; then
  start_local_postgres
fi

# Browser tests (tests/Loyalty.Dashboard.Tests) drive Debian's Chromium through Playwright; Playwright cannot
# download its own browser builds here, so the system one is installed when missing.
if [ ! -x /usr/bin/chromium ]; then
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi

rm -rf TestResults
if ! dotnet build Loyalty.Orleans.sln -c Release; then
  echo "build failed"
  echo "0 passed, 0 failed"
  exit 1
fi

test_rc=0
dotnet test Loyalty.Orleans.sln -c Release --no-build --logger trx --results-directory TestResults || test_rc=$?

passed=0
failed=0
failed_names=()
while IFS= read -r -d '' trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n1 || true)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
  while IFS= read -r name; do
    failed_names+=("$name")
  done < <(grep '<UnitTestResult ' "$trx" | grep 'outcome="Failed"' | sed -n 's/.* testName="\([^"]*\)".*/\1/p' || true)
done < <(find TestResults -name '*.trx' -print0 2>/dev/null)

if [ "${#failed_names[@]}" -gt 0 ]; then
  echo "Failed tests:"
  printf '  %s\n' "${failed_names[@]}"
fi
if [ "$test_rc" -ne 0 ]; then
  echo "dotnet test exited with $test_rc"
fi
echo "$passed passed, $failed failed"

if [ "$failed" -gt 0 ] || [ "$test_rc" -ne 0 ] || [ $((passed + failed)) -eq 0 ]; then
  exit 1
fi
