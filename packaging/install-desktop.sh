#!/usr/bin/env bash
# Adds the packaged app to the desktop's menu for this user: the .desktop entry (run
# from this folder), the icons, the AppStream metadata and a `centralita` command in
# ~/.local/bin. `make package` copies this script next to the program.
# Usage: ./install-desktop.sh [--uninstall]
set -euo pipefail
app="$(cd "$(dirname "$0")" && pwd)"
resources="$app/_internal/resources"
share="${XDG_DATA_HOME:-$HOME/.local/share}"
bin="$HOME/.local/bin"
sizes=(16 32 48 64 128 256)
metainfo=io.github.centralita.Centralita.metainfo.xml

if [ "${1:-}" = "--uninstall" ]; then
  rm -f "$share/applications/centralita.desktop" "$share/metainfo/$metainfo" "$bin/centralita" \
    "$share/icons/hicolor/scalable/apps/centralita.svg"
  for s in "${sizes[@]}"; do rm -f "$share/icons/hicolor/${s}x$s/apps/centralita.png"; done
  exit 0
fi

mkdir -p "$share/applications" "$share/metainfo" "$bin" "$share/icons/hicolor/scalable/apps"
sed "s|^Exec=centralita|Exec=\"$app/centralita\"|" "$resources/centralita.desktop" > "$share/applications/centralita.desktop"
for s in "${sizes[@]}"; do
  install -Dm644 "$resources/icons/centralita-$s.png" "$share/icons/hicolor/${s}x$s/apps/centralita.png"
done
install -m644 "$resources/icons/centralita.svg" "$share/icons/hicolor/scalable/apps/centralita.svg"
install -m644 "$resources/$metainfo" "$share/metainfo/$metainfo"
ln -sf "$app/centralita" "$bin/centralita"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$share/applications" || true
echo "Centralita is in the desktop's menu; \`centralita\` runs it from a terminal (with ~/.local/bin on PATH)."
