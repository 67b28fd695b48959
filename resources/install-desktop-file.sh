#!/usr/bin/env bash
# Installs Image Desk's desktop entry, icon and AppStream metainfo on Linux, so the
# app appears in the application menu.
#
#   install-desktop-file.sh                       into ~/.local/share (or $XDG_DATA_HOME)
#   install-desktop-file.sh --prefix /usr/local   into /usr/local/share
#   install-desktop-file.sh --exec /opt/imagedesk/imagedesk
#                                                 for a build that is not on the PATH
#   install-desktop-file.sh --uninstall           removes what an install put there
set -euo pipefail

app_id="io.imagedesk.ImageDesk"
here="$(cd "$(dirname "$0")" && pwd)"
data_dir="${XDG_DATA_HOME:-$HOME/.local/share}"
exec_command=""
uninstall=false

usage() {
    sed -n '2,10s/^# \{0,1\}//p' "$0"
}

while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) data_dir="${2:?--prefix needs a folder}/share"; shift 2 ;;
        --exec) exec_command="${2:?--exec needs a command}"; shift 2 ;;
        --uninstall) uninstall=true; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "install-desktop-file.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
done

desktop_file="$data_dir/applications/$app_id.desktop"
icon_file="$data_dir/icons/hicolor/scalable/apps/$app_id.svg"
metainfo_file="$data_dir/metainfo/$app_id.metainfo.xml"

refresh_caches() {
    # Both tools are optional: desktops without them rescan the folders themselves.
    if command -v update-desktop-database >/dev/null; then
        update-desktop-database -q "$data_dir/applications" || true
    fi
    if command -v gtk-update-icon-cache >/dev/null && [ -f "$data_dir/icons/hicolor/index.theme" ]
    then
        gtk-update-icon-cache -q -t -f "$data_dir/icons/hicolor" || true
    fi
}

if $uninstall; then
    rm -f "$desktop_file" "$icon_file" "$metainfo_file"
    refresh_caches
    echo "Removed Image Desk's desktop entry from $data_dir"
    exit 0
fi

install -D -m 644 "$here/$app_id.svg" "$icon_file"
install -D -m 644 "$here/$app_id.metainfo.xml" "$metainfo_file"
install -D -m 644 "$here/$app_id.desktop" "$desktop_file"

if [ -n "$exec_command" ]; then
    # The desktop entry spec wants arguments with spaces quoted, and these four
    # characters escaped inside the quotes.
    quoted="$(printf '%s' "$exec_command" | sed -e 's/[\\"`$]/\\&/g')"
    case "$exec_command" in
        *" "*) quoted="\"$quoted\"" ;;
    esac
    escaped_for_sed="$(printf '%s' "$quoted" | sed -e 's/[\\&|]/\\&/g')"
    sed -i "s|^Exec=.*|Exec=$escaped_for_sed|" "$desktop_file"
elif ! command -v imagedesk >/dev/null; then
    echo "Note: imagedesk is not on the PATH; install it (pipx install .) or pass --exec." >&2
fi

refresh_caches
echo "Installed Image Desk's desktop entry into $data_dir"
