#!/usr/bin/env bash
# Makes the simulator's committed MP4 files (run once by hand; CI only reads the results, it needs no ffmpeg).
# Needs Debian's ffmpeg (apt-get install -y ffmpeg) with libx264 and drawtext. Small on purpose: a few KB each.
#   result.mp4           what every completed video task returns: frames stamped "SIMULATED - no real face swap"
#   target.mp4           a valid target video: 640x360, 48 frames (2 s at 24 fps), H.264
#   portrait.mp4         valid too: 720x1280 (720p upright), 2 frames
#   frames-600.mp4       valid: 600 frames, the most PiAPI takes, 160x90
#   landscape-720p.mp4   valid: 1280x720, the largest PiAPI takes, 2 frames
#   too-many-frames.mp4  601 frames (PiAPI: at most 600), 160x90
#   too-large-dims.mp4   1920x1080 (over 720p), 2 frames
#   just-over-720p.mp4   1282x720 (over 1280 wide by 2 pixels: x264 needs even sizes), 2 frames
#   audio-only.mp4       an MP4 with one AAC track and no video track
#   webm-renamed.mp4     a WebM file named .mp4 (not MP4)
#   moov-at-end.mp4      valid: 320x180, 24 frames, the index (moov) after the media data (mdat)
#   fragmented.mp4       valid: the same frames as a fragmented MP4 (moof boxes, empty moov)
#   truncated.mp4        moov-at-end.mp4 cut in half: no index, unreadable
#   quicktime.mp4        the same frames in a QuickTime (.mov, brand "qt  ") file named .mp4 (not MP4)
set -euo pipefail
cd "$(dirname "$0")"
font=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
h264=(-c:v libx264 -pix_fmt yuv420p -preset veryslow -crf 40 -map_metadata -1 -fflags +bitexact -flags:v +bitexact)
x264=("${h264[@]}" -movflags +faststart)
ff() { ffmpeg -hide_banner -loglevel error -y "$@"; }

ff -f lavfi -i "color=c=0x3b6ea5:s=480x270:r=12:d=2" -vf \
"drawtext=fontfile=$font:text='SIMULATED':fontsize=64:fontcolor=0xffdd00:x=(w-tw)/2:y=(h-th)/2-30,\
drawtext=fontfile=$font:text='no real face swap':fontsize=28:fontcolor=white:x=(w-tw)/2:y=(h-th)/2+30,\
drawtext=fontfile=$font:text='PiAPI simulator  frame %{frame_num}':fontsize=16:fontcolor=white:x=10:y=h-26" \
  "${x264[@]}" result.mp4
ff -f lavfi -i "testsrc2=s=640x360:r=24:d=2" -vf \
"drawtext=fontfile=$font:text='PiAPI simulator sample - target video':fontsize=22:fontcolor=white:box=1:boxcolor=black@0.6:x=10:y=h-34" \
  "${x264[@]}" target.mp4
ff -f lavfi -i "color=c=0x4a8c3f:s=720x1280:r=24" -frames:v 2 "${x264[@]}" portrait.mp4
ff -f lavfi -i "color=c=0x7a4a8c:s=160x90:r=30" -frames:v 600 "${x264[@]}" frames-600.mp4
ff -f lavfi -i "color=c=0x7a4a8c:s=160x90:r=30" -frames:v 601 "${x264[@]}" too-many-frames.mp4
ff -f lavfi -i "color=c=0x4a7a8c:s=1280x720:r=24" -frames:v 2 "${x264[@]}" landscape-720p.mp4
ff -f lavfi -i "color=c=0x8c4a4a:s=1920x1080:r=24" -frames:v 2 "${x264[@]}" too-large-dims.mp4
ff -f lavfi -i "color=c=0x8c7a4a:s=1282x720:r=24" -frames:v 2 "${x264[@]}" just-over-720p.mp4
ff -f lavfi -i "sine=frequency=440:duration=1" -c:a aac -b:a 32k -map_metadata -1 -fflags +bitexact audio-only.mp4
ff -f lavfi -i "color=c=0x333333:s=64x64:r=10" -frames:v 3 -c:v libvpx-vp9 -fflags +bitexact -flags:v +bitexact -f webm webm-renamed.mp4
small=(-f lavfi -i "testsrc2=s=320x180:r=12:d=2")
ff "${small[@]}" "${h264[@]}" -movflags +empty_moov+frag_keyframe fragmented.mp4
ff "${small[@]}" "${h264[@]}" moov-at-end.mp4
ff "${small[@]}" "${h264[@]}" -f mov quicktime.mp4
head -c "$(($(stat -c %s moov-at-end.mp4) / 2))" moov-at-end.mp4 > truncated.mp4
ls -l ./*.mp4
