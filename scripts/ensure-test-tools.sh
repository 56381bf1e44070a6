#!/usr/bin/env bash
# Runs before `npm test` (the root `pretest` script), so that the README's test command works on
# a fresh machine: the differential, client and bench tests drive the real redis-server,
# redis-cli and redis-benchmark, and the docs site's browser test drives Debian's
# /usr/bin/chromium (through playwright-core, which never downloads a browser), and the
# protected-mode test connects from a network namespace of its own (`ip`, iproute2), and the
# compatibility ratchet runs Redis's own Tcl test suite (`tclsh`, tcl; the suite itself is fetched
# by scripts/fetch-redis-test-suite.sh when the test first needs it), and the service-file test
# verifies the systemd unit with `systemd-analyze` (systemd), and the TLS tests make their
# certificates with `openssl` and drive redis-py (Debian's python3-redis, run by /usr/bin/python3,
# as PyPI may be out of reach). When one is
# missing, it installs them from apt if it can (root, apt-get present) and otherwise stops at
# once, naming the command to run. Debian's redis-server package also starts a service on 6379;
# the tests start their own servers on free ports, so it is left alone.
set -euo pipefail

readonly PACKAGES=(redis-server redis-tools chromium iproute2 tcl systemd openssl python3-redis)
readonly CHROMIUM=/usr/bin/chromium

missing=()
findMissing() {
  missing=()
  local tool
  for tool in redis-server redis-cli redis-benchmark; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  # ip lives in /usr/sbin, which a user's PATH may leave out.
  command -v ip >/dev/null 2>&1 || [ -x /usr/sbin/ip ] || [ -x /sbin/ip ] || missing+=(ip)
  [ -x "$CHROMIUM" ] || missing+=("$CHROMIUM")
  # Redis's runtest looks for tclsh8.5 to tclsh8.7.
  command -v tclsh8.6 >/dev/null 2>&1 || command -v tclsh8.7 >/dev/null 2>&1 || command -v tclsh8.5 >/dev/null 2>&1 || missing+=(tclsh)
  command -v systemd-analyze >/dev/null 2>&1 || missing+=(systemd-analyze)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  /usr/bin/python3 -c 'import redis' >/dev/null 2>&1 || missing+=("python3-redis (/usr/bin/python3 -c 'import redis')")
}

findMissing
if [ "${#missing[@]}" -gt 0 ]; then
  echo "pretest: missing what the tests need: ${missing[*]}" >&2
  if [ "$EUID" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "pretest: cannot install them here (that needs root and apt-get); run:" >&2
    echo "  sudo apt-get install ${PACKAGES[*]}" >&2
    exit 1
  fi
  echo "pretest: installing ${PACKAGES[*]} from apt" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${PACKAGES[@]}" >/dev/null
  findMissing
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "pretest: still missing after apt-get install: ${missing[*]}" >&2
    exit 1
  fi
fi

echo "pretest: $(redis-server --version | cut -d' ' -f1-3); $("$CHROMIUM" --version 2>/dev/null)"
