#!/usr/bin/env bash
# Fetches Redis's own Tcl test suite for the compatibility runner (packages/server/compat/):
# Debian's `redis` source package, the same version as Debian's redis-server, unpacked once into
# a cache directory. Later runs find it there and touch nothing.
#
#   scripts/fetch-redis-test-suite.sh <cache-dir>
#
# It needs `deb-src` entries for the Debian suites apt already uses. When apt has none, it writes
# them to /etc/apt/sources.list.d/ballast-redis-source.sources — the same mirrors, suites,
# components and keyring as the configured `deb` entries — and runs `apt-get update`; that needs
# root. It never fetches from anywhere but the configured Debian mirrors. dpkg-source (dpkg-dev)
# is installed from apt when missing (as root).
#
# The tree is unpacked with `dpkg-source -x`, so Debian's patches are applied: besides packaging
# defaults they are upstream's security fixes backported to 7.0.15, and several add or change
# tests (keyspace, auth, hyperloglog, scripting, functions). The suite then matches Debian's
# redis-server binary, which the runner measures next to Ballast. It lands in
# <cache-dir>/redis-<version>; the last line on stdout is that path. It fails unless the version
# is 7.0.x; a version other than 7.0.15 is reported on stderr.
set -euo pipefail

readonly CACHE_DIR=${1:?usage: fetch-redis-test-suite.sh <cache-dir>}
readonly SOURCE_LIST=/etc/apt/sources.list.d/ballast-redis-source.sources
readonly WANTED_VERSION=7.0.15

say() { echo "fetch-redis-test-suite: $*" >&2; }

# An unpacked suite from an earlier run is used as it is.
existing=$(find "$CACHE_DIR" -maxdepth 2 -path '*/redis-*/runtest' -not -path '*.partial/*' -print -quit 2>/dev/null || true)
if [ -n "$existing" ]; then
  dirname "$existing"
  exit 0
fi

have_deb_src() {
  grep -qsE '^[[:space:]]*deb-src[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list ||
    grep -qsE '^[[:space:]]*Types:.*deb-src' /etc/apt/sources.list.d/*.sources
}

# Prints deb-src stanzas mirroring the Debian `deb` entries of apt's configuration: deb822
# stanzas in *.sources files and one-line entries in sources.list and *.list files. Only
# Debian's own archives (a URI ending in /debian or /debian-security) have source packages.
deb_src_stanzas() {
  local file
  for file in /etc/apt/sources.list.d/*.sources; do
    [ -f "$file" ] || continue
    awk '
      function flush() {
        if (types ~ /(^|[[:space:]])deb([[:space:]]|$)/ && uris ~ /\/debian(-security)?\/?([[:space:]]|$)/) {
          print "Types: deb-src"; print "URIs: " uris; print "Suites: " suites; print "Components: " components
          if (signed != "") print "Signed-By: " signed
          print ""
        }
        types = uris = suites = components = signed = ""
      }
      /^[[:space:]]*$/ { flush(); next }
      /^#/ { next }
      { key = $1; sub(/:$/, "", key); value = $0; sub(/^[^:]*:[[:space:]]*/, "", value) }
      key == "Types" { types = value } key == "URIs" { uris = value } key == "Suites" { suites = value }
      key == "Components" { components = value } key == "Signed-By" { signed = value }
      END { flush() }
    ' "$file"
  done
  for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$file" ] || continue
    awk '
      $1 == "deb" {
        options = ""; i = 2
        if ($2 ~ /^\[/) { while ($i !~ /\]$/) { options = options " " $i; i++ } options = options " " $i; i++ }
        uri = $i; suite = $(i + 1); components = ""
        for (j = i + 2; j <= NF; j++) components = components (components == "" ? "" : " ") $j
        if (uri !~ /\/debian(-security)?\/?$/) next
        signed = ""
        if (match(options, /signed-by=[^] ]+/)) signed = substr(options, RSTART + 10, RLENGTH - 10)
        print "Types: deb-src"; print "URIs: " uri; print "Suites: " suite; print "Components: " components
        if (signed != "") print "Signed-By: " signed
        print ""
      }
    ' "$file"
  done
}

if ! have_deb_src; then
  if [ "$EUID" -ne 0 ]; then
    say "apt has no deb-src entry and adding one needs root; run as root, or add deb-src lines for your Debian suites and run 'apt-get update'"
    exit 1
  fi
  stanzas=$(deb_src_stanzas)
  if [ -z "$stanzas" ]; then
    say "found no Debian 'deb' entry in /etc/apt to mirror as deb-src"
    exit 1
  fi
  say "adding deb-src entries in $SOURCE_LIST"
  printf '# Written by Ballast scripts/fetch-redis-test-suite.sh: the source packages of the\n# configured Debian suites, for Redis'"'"'s Tcl test suite (apt-get source redis).\n\n%s\n' "$stanzas" >"$SOURCE_LIST"
  apt-get update -qq
elif ! apt-cache showsrc redis >/dev/null 2>&1; then
  [ "$EUID" -eq 0 ] && apt-get update -qq
fi

if ! command -v dpkg-source >/dev/null 2>&1; then
  if [ "$EUID" -ne 0 ]; then
    say "dpkg-source is missing; run: sudo apt-get install dpkg-dev"
    exit 1
  fi
  say "installing dpkg-dev (dpkg-source) from apt"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dpkg-dev >/dev/null
fi

mkdir -p "$CACHE_DIR"
cd "$CACHE_DIR"
# _apt cannot write into a directory it does not own; download as root without the sandbox user.
apt-get source --download-only -qq -o APT::Sandbox::User=root redis >&2
dsc=$(ls -t redis_*.dsc | head -n 1)
debian_version=$(sed -n 's/^Version: //p' "$dsc")
upstream_version=${debian_version#*:}
upstream_version=${upstream_version%%-*}
say "Debian's redis source package: $debian_version (upstream $upstream_version)"

case "$upstream_version" in
  7.0.*) ;;
  *) say "expected Redis 7.0.x, Debian gives $upstream_version; not using it"; exit 1 ;;
esac
[ "$upstream_version" = "$WANTED_VERSION" ] || say "note: Debian gives $upstream_version, not $WANTED_VERSION"

# apt-get checked the files against the signed archive index; dpkg-source has no keyring for the
# .dsc signature here, hence --no-check.
target="redis-$upstream_version"
rm -rf "$target.partial"
dpkg-source --no-check -x "$dsc" "$target.partial" >&2
grep -q "\"$upstream_version\"" "$target.partial/src/version.h" || { say "src/version.h does not say $upstream_version"; exit 1; }
[ -x "$target.partial/runtest" ] || { say "the source has no runtest"; exit 1; }
echo "$debian_version" >"$target.partial/DEBIAN-VERSION"
rm -rf "$target"
mv "$target.partial" "$target"
echo "$CACHE_DIR/$target"
