#!/usr/bin/env bash
# Installs everything ortkit needs to build and test on Debian 12 (bookworm).
#
# Idempotent and non-interactive: run it as often as you like; it only does what is missing and
# says what it did. It needs root (or sudo) for apt. It never edits the system's apt configuration:
# the extra suites it needs (bookworm-backports for a newer Vulkan driver, experimental and
# unstable for the ONNX Runtime headers) go into a private sources list and a private lists
# directory under the cache, and their mirror is read from the apt sources this machine already has.
#
# Cache: ${XDG_CACHE_HOME:-$HOME/.cache}/ortkit (override with ORTKIT_CACHE_DIR).
# Result: $CACHE/ort/1.30.0/{lib,include} — the default ORTKIT_ORT_ROOT of the CMake build.
set -euo pipefail

readonly ORT_VERSION=1.30.0
readonly ORT_NPM_PACKAGE="onnxruntime-node@${ORT_VERSION}"
readonly ORT_LIB_IN_PACKAGE="package/bin/napi-v6/linux/x64/libonnxruntime.so.1"
readonly ORT_LIB_SHA256=ffb75a925ba05e47b235bb66e3e3911714a80b328a9c9425539feb204aa32a23
# The C/C++ API headers: Debian's libonnxruntime-dev at C API 27 (the 1.30 library serves it).
# The pinned version is used while the mirror has it (experimental packages get replaced); else
# the newest version of at least ORT_HEADERS_MIN_VERSION in experimental or unstable, checked for
# ORT_HEADERS_MIN_API (its hashes checked by apt against the signed index).
readonly ORT_HEADERS_PACKAGE=libonnxruntime-dev
readonly ORT_HEADERS_VERSION=1.27.1+dfsg-1
readonly ORT_HEADERS_DEB_SHA256=521b439b4674dbd71da1d0bc3016f29075c6ad572f4a1c13beb011dee893f8f3
readonly ORT_HEADERS_MIN_VERSION=1.27
readonly ORT_HEADERS_MIN_API=27
readonly MESA_MIN_MAJOR=25

readonly BOOKWORM_PACKAGES=(
  cmake ninja-build g++ pkg-config make
  # ccache: CI runs on the machine of the session that just stopped, so its compiles are reused.
  ccache
  libonnx-dev libprotobuf-dev protobuf-compiler
  nlohmann-json3-dev libcli11-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libjs-chart.js libonnx-testdata valgrind libvulkan1
  # elfutils' libdw: `ortkit trace` (src/trace) symbolises call sites to file:line at exit.
  libdw-dev
  # Graphviz's C library (cgraph + gvc): `ortkit graph` (src/view) lays the model out with dot and
  # renders the SVG in memory.
  libgraphviz-dev
  # xxHash: check and graph read a model without its weights and compare payloads by hash.
  libxxhash-dev
  # clang and its runtimes: the libFuzzer targets (tests/fuzz) and the sanitizer builds.
  clang libclang-rt-14-dev
  # Headless Chromium: the test that opens `ortkit doctor`'s HTML report in a real browser (a font
  # of its own: Chromium only recommends one, and the apt call here skips recommendations).
  chromium fonts-liberation
)

CACHE="${ORTKIT_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ortkit}"
ORT_ROOT="$CACHE/ort/$ORT_VERSION"
APT_PRIVATE="$CACHE/apt"

say() { printf 'bootstrap: %s\n' "$*"; }
die() { printf 'bootstrap: error: %s\n' "$*" >&2; exit 2; }

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || die "run as root or install sudo"
  SUDO=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive

# The Debian mirror this machine already uses, from its deb822 or one-line apt sources.
system_debian_mirror() {
  local f uri
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -r $f ]] || continue
    # A deb822 stanza: the URIs line of the stanza whose Suites include "bookworm".
    uri=$(awk '
      BEGIN { RS=""; FS="\n" }
      {
        u=""; s=0
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^URIs:/) { split($i, a, /[ \t]+/); u=a[2] }
          if ($i ~ /^Suites:/ && $i ~ /[ \t]bookworm([ \t]|$)/) s=1
        }
        if (s && u != "") { print u; exit }
      }' "$f")
    [[ -n $uri ]] && { echo "${uri%/}"; return 0; }
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -r $f ]] || continue
    uri=$(awk '$1 == "deb" {
        i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
        if ($(i+1) == "bookworm") { print $i; exit }
      }' "$f")
    [[ -n $uri ]] && { echo "${uri%/}"; return 0; }
  done
  return 1
}

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

verify_sha256() {  # file expected
  local got
  got=$(sha256_of "$1")
  [[ $got == "$2" ]] || die "checksum mismatch for $1: expected $2, got $got"
}

missing_packages() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' || echo "$p"
  done
}

# apt-get with a private sources list and lists directory: the system's configuration is untouched.
private_apt() {  # name, then apt-get arguments
  local name=$1; shift
  "${SUDO[@]}" apt-get -q \
    -o Dir::Etc::SourceList="$APT_PRIVATE/$name.list" \
    -o Dir::Etc::SourceParts=/dev/null \
    -o Dir::State::Lists="$APT_PRIVATE/lists-$name" \
    -o APT::Sandbox::User=root \
    "$@"
}

write_private_sources() {
  local mirror keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  mirror=$(system_debian_mirror) || die "no Debian bookworm mirror found in /etc/apt sources"
  mkdir -p "$APT_PRIVATE/lists-backports/partial" "$APT_PRIVATE/lists-sid/partial"
  cat >"$APT_PRIVATE/backports.list" <<EOF
deb [signed-by=$keyring] $mirror bookworm main
deb [signed-by=$keyring] $mirror bookworm-updates main
deb [signed-by=$keyring] $mirror bookworm-backports main
EOF
  cat >"$APT_PRIVATE/sid.list" <<EOF
deb [signed-by=$keyring] $mirror experimental main
deb [signed-by=$keyring] $mirror unstable main
EOF
}

install_bookworm_packages() {
  local missing
  mapfile -t missing < <(missing_packages "${BOOKWORM_PACKAGES[@]}")
  command -v npm >/dev/null || missing+=(npm)
  if ((${#missing[@]} == 0)); then
    say "Debian packages: all present"
    return
  fi
  say "Debian packages: installing ${missing[*]}"
  "${SUDO[@]}" apt-get -q update
  "${SUDO[@]}" apt-get -q install -y --no-install-recommends "${missing[@]}"
}

# Bookworm's own lavapipe (22.3) makes Dawn report "No supported adapters"; 25.x from backports
# lets the WebGPU execution provider run on the CPU.
install_vulkan_driver() {
  local version
  version=$(dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null || true)
  if [[ -n $version && ${version%%.*} -ge $MESA_MIN_MAJOR ]]; then
    say "software Vulkan driver: mesa-vulkan-drivers $version present"
    return
  fi
  say "software Vulkan driver: installing mesa-vulkan-drivers from bookworm-backports"
  private_apt backports update
  private_apt backports install -y --no-install-recommends -t bookworm-backports mesa-vulkan-drivers
}

install_ort_library() {
  local lib="$ORT_ROOT/lib/libonnxruntime.so.1"
  mkdir -p "$CACHE/downloads"
  # onnxruntime-node's one dependency, for the Node.js test of `ortkit trace` (tests/trace).
  if [[ ! -f $CACHE/downloads/onnxruntime-common-$ORT_VERSION.tgz ]]; then
    (cd "$CACHE/downloads" && npm pack --ignore-scripts --silent "onnxruntime-common@$ORT_VERSION" >/dev/null) ||
      say "onnxruntime-common $ORT_VERSION: npm pack failed (the Node.js trace test will be skipped)"
  fi
  if [[ -f $lib ]] && [[ $(sha256_of "$lib") == "$ORT_LIB_SHA256" ]]; then
    say "ONNX Runtime $ORT_VERSION library: present in $ORT_ROOT/lib"
    return
  fi
  local tgz="$CACHE/downloads/onnxruntime-node-$ORT_VERSION.tgz"
  mkdir -p "$CACHE/downloads" "$ORT_ROOT/lib"
  if [[ ! -f $tgz ]]; then
    say "ONNX Runtime $ORT_VERSION library: fetching $ORT_NPM_PACKAGE (package scripts are not run)"
    (cd "$CACHE/downloads" && npm pack --ignore-scripts --silent "$ORT_NPM_PACKAGE" >/dev/null)
  fi
  local tmp
  tmp=$(mktemp -d)
  tar -xzf "$tgz" -C "$tmp" "$ORT_LIB_IN_PACKAGE"
  verify_sha256 "$tmp/$ORT_LIB_IN_PACKAGE" "$ORT_LIB_SHA256"
  install -m 0644 "$tmp/$ORT_LIB_IN_PACKAGE" "$lib"
  ln -sf libonnxruntime.so.1 "$ORT_ROOT/lib/libonnxruntime.so"
  rm -rf "$tmp"
  say "ONNX Runtime $ORT_VERSION library: installed in $ORT_ROOT/lib (sha256 verified)"
}

# The C API version a header directory declares (ORT_API_VERSION), or 0.
headers_api_version() {
  sed -n 's/^#define ORT_API_VERSION \([0-9][0-9]*\).*/\1/p' "$1/onnxruntime_c_api.h" 2>/dev/null | head -1 | grep . || echo 0
}

# The version to fetch: the pinned one while the mirror has it, else the newest at least
# ORT_HEADERS_MIN_VERSION that experimental or unstable offers.
choose_headers_version() {
  local versions
  versions=$(private_apt sid update >/dev/null && apt-cache \
    -o Dir::Etc::SourceList="$APT_PRIVATE/sid.list" -o Dir::Etc::SourceParts=/dev/null \
    -o Dir::State::Lists="$APT_PRIVATE/lists-sid" madison "$ORT_HEADERS_PACKAGE" | awk -F'|' '{gsub(/ /, "", $2); print $2}')
  if grep -qxF "$ORT_HEADERS_VERSION" <<<"$versions"; then
    echo "$ORT_HEADERS_VERSION"
    return
  fi
  local v
  while read -r v; do
    [[ -n $v ]] && dpkg --compare-versions "$v" ge "$ORT_HEADERS_MIN_VERSION" && { echo "$v"; return; }
  done < <(sort -r -V <<<"$versions")
  die "no $ORT_HEADERS_PACKAGE >= $ORT_HEADERS_MIN_VERSION in experimental or unstable (offered: ${versions//$'\n'/, })"
}

# The headers are unpacked, never installed: the package would need a newer libc.
install_ort_headers() {
  local include="$ORT_ROOT/include" marker
  marker=$(find "$include" -maxdepth 1 -name '.from-*' 2>/dev/null | head -1 || true)
  if [[ -n $marker && $(headers_api_version "$include") -ge $ORT_HEADERS_MIN_API ]]; then
    say "ONNX Runtime headers: $ORT_HEADERS_PACKAGE ${marker##*/.from-} present (C API $(headers_api_version "$include"))"
    return
  fi
  local version deb tmp
  version=$(choose_headers_version) || exit 2
  deb="$CACHE/downloads/${ORT_HEADERS_PACKAGE}_${version}_amd64.deb"
  if [[ ! -f $deb ]] || { [[ $version == "$ORT_HEADERS_VERSION" ]] && [[ $(sha256_of "$deb") != "$ORT_HEADERS_DEB_SHA256" ]]; }; then
    say "ONNX Runtime headers: fetching $ORT_HEADERS_PACKAGE $version"
    tmp=$(mktemp -d)
    (cd "$tmp" && private_apt sid download "$ORT_HEADERS_PACKAGE=$version")
    mkdir -p "$CACHE/downloads"
    mv "$tmp"/*.deb "$deb"
    rm -rf "$tmp"
  fi
  if [[ $version == "$ORT_HEADERS_VERSION" ]]; then
    verify_sha256 "$deb" "$ORT_HEADERS_DEB_SHA256"
  else
    say "ONNX Runtime headers: $ORT_HEADERS_VERSION is gone from the mirror; using $version (checked by apt, not pinned)"
  fi
  tmp=$(mktemp -d)
  dpkg-deb -x "$deb" "$tmp"
  local api
  api=$(headers_api_version "$tmp/usr/include/onnxruntime")
  if [[ $api -lt $ORT_HEADERS_MIN_API ]]; then
    rm -rf "$tmp"
    die "$ORT_HEADERS_PACKAGE $version declares C API $api; ortkit needs $ORT_HEADERS_MIN_API or later"
  fi
  rm -rf "$include"
  mkdir -p "$include"
  cp -r "$tmp/usr/include/onnxruntime/." "$include/"
  touch "$include/.from-$version"
  rm -rf "$tmp"
  say "ONNX Runtime headers: $ORT_HEADERS_PACKAGE $version (C API $api) unpacked into $include"
}

main() {
  mkdir -p "$CACHE"
  install_bookworm_packages
  write_private_sources
  install_vulkan_driver
  install_ort_library
  install_ort_headers
  say "done: ORTKIT_ORT_ROOT=$ORT_ROOT"
}

main "$@"
