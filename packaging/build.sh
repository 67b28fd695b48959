#!/usr/bin/env bash
# Builds Image Desk's one-folder bundle with PyInstaller and checks that it starts.
#
#   packaging/build.sh              builds into dist/imagedesk/ and runs the checks
#   DIST_DIR=/tmp/out packaging/build.sh
#
# Needs the project's venv (make test creates it) and PyInstaller 6 in it; the
# script installs PyInstaller into the venv when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

python="${PYTHON:-.venv/bin/python}"
dist_dir="${DIST_DIR:-dist}"
work_dir="${WORK_DIR:-build/pyinstaller}"

if ! "$python" -c 'import PyInstaller' 2>/dev/null; then
    "$python" -m pip install --quiet 'pyinstaller>=6,<7'
fi

"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$dist_dir" --workpath "$work_dir" packaging/imagedesk.spec

bundle="$dist_dir/imagedesk/imagedesk"

# The checks run offscreen, with fake AWS credentials and no instance metadata, so
# nothing can reach a real account.
export QT_QPA_PLATFORM=offscreen
export AWS_EC2_METADATA_DISABLED=true
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
unset AWS_PROFILE AWS_ROLE_ARN AWS_WEB_IDENTITY_TOKEN_FILE AWS_SESSION_TOKEN

check() {
    echo "build.sh: running imagedesk $*"
    "$bundle" "$@" >/dev/null
}

check --help
check --bundle-selfcheck
# Subcommands land one by one; check those this checkout has.
if "$bundle" --help | grep -qw check; then
    check check --help
fi
if "$bundle" --help | grep -qw host; then
    check host 123456789012.dkr.ecr.us-east-1.amazonaws.com
fi
# The demo flow, headless: the embedded AWS endpoint on 127.0.0.1, a temporary data
# folder and an in-memory keyring; it opens the main window, adds the demo registry,
# imports an image and exits 0.
check --demo --smoke

echo "build.sh: $bundle is ready ($(du -sh "$dist_dir/imagedesk" | cut -f1))"
