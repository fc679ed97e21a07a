#!/usr/bin/env bash
# Generates the sample videos the sample dataset cites (samples/videos/*.mp4) with ffmpeg.
# testsrc2 with the playback time burned in, plus coloured squares at the moments the captions and
# chains describe. H.264, no audio, a keyframe every second, +faststart: plays in VS Code's webview.
# Usage: scripts/make-sample-videos.sh [--force]
set -euo pipefail
cd "$(dirname "$0")/.."
out=samples/videos
mkdir -p "$out"

if ! command -v ffmpeg >/dev/null 2>&1; then
  echo "make-sample-videos: ffmpeg is not installed. Install it with: sudo apt-get install -y ffmpeg (or run .ci/run once)." >&2
  exit 1
fi

clock="drawtext=text='%{pts\\:hms}':x=8:y=h-th-8:fontsize=20:fontcolor=white:box=1:boxcolor=black@0.6"

make() { # name duration filters
  local file="$out/$1.mp4"
  if [[ -s "$file" && "${2:-}" != "--force" && "${FORCE:-}" != 1 ]]; then return; fi
  ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=320x240:rate=25:duration=$2" \
    -vf "$3,$clock" -c:v libx264 -preset veryfast -pix_fmt yuv420p -g 25 -keyint_min 25 -sc_threshold 0 \
    -an -movflags +faststart "$file"
  echo "make-sample-videos: wrote $file"
}

# A file VS Code cannot play as is: MPEG-2 video and MP2 audio in an MPEG program stream whose first
# timestamp is 3 s (as broadcast captures often are). The Inspector plays it through a proxy.
make_mpeg2() { # name duration filters
  local file="$out/$1.mpg"
  if [[ -s "$file" && "${FORCE:-}" != 1 ]]; then return; fi
  ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=320x240:rate=25:duration=$2" \
    -f lavfi -i "sine=frequency=440:duration=$2" -vf "$3,$clock" -c:v mpeg2video -q:v 4 -g 12 \
    -c:a mp2 -output_ts_offset 3 -f mpeg "$file"
  echo "make-sample-videos: wrote $file"
}

[[ "${1:-}" == "--force" ]] && FORCE=1

# coloured-squares: red 00:05-00:12 top-left, green 00:15-00:22 bottom-right, blue 00:24-00:28 centre.
make coloured-squares 30 "drawbox=x=100:y=40:w=70:h=70:color=red:t=fill:enable='between(t,5,12)',drawbox=x=180:y=120:w=70:h=70:color=green:t=fill:enable='between(t,15,22)',drawbox=x=40:y=120:w=70:h=70:color=blue:t=fill:enable='between(t,24,28)'"

# counting-dots: one yellow square 00:02-00:06, two 00:08-00:13, three 00:15-00:19.
make counting-dots 20 "drawbox=x=0:y=60:w=50:h=50:color=yellow:t=fill:enable='between(t,2,6)+between(t,8,13)+between(t,15,19)',drawbox=x=165:y=60:w=45:h=50:color=yellow:t=fill:enable='between(t,8,13)+between(t,15,19)',drawbox=x=270:y=60:w=50:h=50:color=yellow:t=fill:enable='between(t,15,19)'"

# coloured-squares as MPEG-2 in an .mpg starting at 3 s: the same moments, to be proxied.
make_mpeg2 coloured-squares-mpeg2 30 "drawbox=x=100:y=40:w=70:h=70:color=red:t=fill:enable='between(t,5,12)',drawbox=x=180:y=120:w=70:h=70:color=green:t=fill:enable='between(t,15,22)',drawbox=x=40:y=120:w=70:h=70:color=blue:t=fill:enable='between(t,24,28)'"
