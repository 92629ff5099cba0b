#!/usr/bin/env bash
# Installs the Debian packages the console needs when any is missing: Qt's libraries
# (offscreen and xcb); with --with-xvfb a virtual screen; with --with-postgres the
# PostgreSQL server the relay's tests start in a temporary directory.
# As root it runs apt-get; otherwise it prints the exact command and fails.
set -euo pipefail
packages=(
  libegl1 libgl1 libfontconfig1 libxkbcommon0 libglib2.0-0 libdbus-1-3 libx11-6 fonts-dejavu-core
  libxkbcommon-x11-0 libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0 libxcb-sync1
  libxcb-util1 libxcb-xfixes0 libxcb-xkb1
)
for option in "$@"; do
  case "$option" in
    --with-xvfb) packages+=(xvfb xauth) ;;
    --with-postgres) packages+=(postgresql) ;;
    *) echo "system-deps: unknown option $option" >&2; exit 2 ;;
  esac
done

command -v dpkg-query >/dev/null 2>&1 || { echo "system-deps: not a Debian system; install Qt 6's runtime libraries yourself" >&2; exit 0; }

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  echo "system-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "system-deps: Qt needs these packages; run:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
