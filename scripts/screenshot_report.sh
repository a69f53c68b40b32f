#!/usr/bin/env bash
# Renders the sample report in headless Chromium and saves its screenshot as
# docs/report.png, after checking that the page renders its charts.
#
#   scripts/screenshot_report.sh
#
# 1. Installs Chromium (Debian package `chromium`), a CJK font (`fonts-noto-cjk`) and
#    an emoji font (`fonts-noto-color-emoji`), so that no text is drawn as boxes, when
#    they are missing; that step needs apt-get and root.
# 2. Builds the report example and writes docs/sample_report.html from
#    data/samples/messages.txt with the current model.
# 3. Loads the page headless: fails unless the rendered DOM has both charts (the
#    label distribution and the intensity histogram, inline <svg> elements with their
#    bars), then takes a 1200x2600 screenshot (the whole page) and fails when the PNG is missing, tiny
#    or of one colour.
set -euo pipefail
cd "$(dirname "$0")/.."

CHROMIUM=${CHROMIUM:-chromium}
WIDTH=${WIDTH:-1200}
HEIGHT=${HEIGHT:-2600}

if ! command -v "$CHROMIUM" >/dev/null; then
    echo "== installing Chromium"
    apt-get update && apt-get install -y chromium
fi
fonts=()
fc-list :lang=zh family | grep -q . || fonts+=(fonts-noto-cjk)
fc-list | grep -qi emoji || fonts+=(fonts-noto-color-emoji)
if [[ ${#fonts[@]} -gt 0 ]]; then
    echo "== installing fonts: ${fonts[*]}"
    apt-get update && apt-get install -y "${fonts[@]}"
fi
"$CHROMIUM" --version

echo "== the sample report"
cargo build --release --example report
target/release/examples/report data/samples/messages.txt --out docs/sample_report.html

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
page="file://$PWD/docs/sample_report.html"
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$work/profile")

echo "== the rendered page has its charts"
"$CHROMIUM" "${flags[@]}" --dump-dom "$page" >"$work/dom.html" 2>"$work/chromium.log" || {
    cat "$work/chromium.log" >&2
    exit 1
}
for chart in "label distribution" "intensity histogram"; do
    # The chart's <svg> with at least one bar (<rect>) in it.
    if ! grep -o "<svg[^>]*aria-label=\"$chart\".*</svg>" "$work/dom.html" | grep -q "<rect"; then
        echo "the rendered report has no $chart chart (an <svg> with bars)" >&2
        exit 1
    fi
done

echo "== screenshot ${WIDTH}x${HEIGHT}"
rm -f docs/report.png
"$CHROMIUM" "${flags[@]}" --screenshot="$PWD/docs/report.png" --window-size="$WIDTH,$HEIGHT" \
    "$page" 2>"$work/chromium.log" || {
    cat "$work/chromium.log" >&2
    exit 1
}
python3 - docs/report.png "$WIDTH" "$HEIGHT" <<'PY'
import struct, sys, zlib

path, width, height = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
data = open(path, "rb").read()
if len(data) < 20_000 or data[:8] != b"\x89PNG\r\n\x1a\n":
    sys.exit(f"{path}: not a PNG or too small ({len(data)} bytes)")
w, h, depth, colour = struct.unpack(">IIBB", data[16:26])
if (w, h) != (width, height):
    sys.exit(f"{path}: {w}x{h}, not {width}x{height}")
# Decompress the image data and count the distinct byte values of the rows (filter
# bytes aside, roughly): a blank page has a handful, a rendered report hundreds.
chunks, i = [], 8
while i < len(data):
    n = struct.unpack(">I", data[i:i + 4])[0]
    if data[i + 4:i + 8] == b"IDAT":
        chunks.append(data[i + 8:i + 8 + n])
    i += 12 + n
raw = zlib.decompress(b"".join(chunks))
values = len(set(raw))
if values < 64:
    sys.exit(f"{path}: looks blank ({values} distinct byte values)")
print(f"{path}: {w}x{h}, {len(data)} bytes, {values} distinct byte values")
PY
