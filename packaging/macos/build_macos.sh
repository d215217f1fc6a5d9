#!/usr/bin/env bash
# Tiflux Chats.app and its .dmg, on a Mac (Xcode command line tools, Python 3.11+).
# See docs/packaging.md, "macOS".
#
#   packaging/macos/build_macos.sh                 unsigned: for trying it on this Mac
#   CODESIGN_IDENTITY="Developer ID Application: Tiflux (TEAMID)" \
#   NOTARY_PROFILE=tiflux-notary packaging/macos/build_macos.sh
#                                                  signed, notarised and stapled
#
# NOTARY_PROFILE names credentials stored once with
#   xcrun notarytool store-credentials tiflux-notary --apple-id ... --team-id ... --password ...
# (an app-specific password), so no secret is written in this script or its environment.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

PYTHON="${PYTHON:-.venv/bin/python}"
NAME="$("$PYTHON" packaging/appinfo.py name)"
VERSION="$("$PYTHON" packaging/appinfo.py version)"
EXECUTABLE="$("$PYTHON" packaging/appinfo.py executable)"
APP="dist/$NAME.app"
DMG="dist/Tiflux_Chats-$VERSION.dmg"

echo "== $NAME $VERSION"
# The catalogues the app loads (make translations does the same).
for ts in tiflux_desktop/ui/resources/translations/*.ts; do
    "$(dirname "$PYTHON")/pyside6-lrelease" -silent "$ts" -qm "${ts%.ts}.qm"
done
"$PYTHON" packaging/make_icons.py
# build.spec signs every binary and the .app when CODESIGN_IDENTITY is set (hardened
# runtime, packaging/macos/entitlements.plist).
"$PYTHON" -m PyInstaller --noconfirm --clean --workpath build/pyinstaller --distpath dist build.spec

echo "== self-test of the .app"
QT_QPA_PLATFORM=offscreen "$APP/Contents/MacOS/$EXECUTABLE" --self-test

if [ -n "${CODESIGN_IDENTITY:-}" ]; then
    echo "== signature"
    codesign --verify --deep --strict --verbose=2 "$APP"
fi

echo "== $DMG"
STAGING="build/dmg"
rm -rf "$STAGING" "$DMG"
mkdir -p "$STAGING"
cp -R "$APP" "$STAGING/"
ln -s /Applications "$STAGING/Applications"   # drag the app onto it to install
hdiutil create -volname "$NAME" -srcfolder "$STAGING" -fs HFS+ -format UDZO -ov "$DMG"

if [ -n "${CODESIGN_IDENTITY:-}" ]; then
    codesign --sign "$CODESIGN_IDENTITY" --timestamp "$DMG"
    if [ -n "${NOTARY_PROFILE:-}" ]; then
        echo "== notarisation (a few minutes)"
        xcrun notarytool submit "$DMG" --keychain-profile "$NOTARY_PROFILE" --wait
        # The ticket goes into the image and the app, so Gatekeeper accepts them offline.
        xcrun stapler staple "$DMG"
        xcrun stapler staple "$APP"
        spctl --assess --type open --context context:primary-signature --verbose "$DMG"
        spctl --assess --type execute --verbose "$APP"
    else
        echo "NOTARY_PROFILE not set: signed but not notarised (Gatekeeper will warn)."
    fi
else
    echo "CODESIGN_IDENTITY not set: unsigned build (right-click > Open to start it)."
fi
echo "$DMG"
