#!/usr/bin/env bash
# Used by the crash-recovery test. The request payload names a directory: {"dir": "/tmp/..."}.
input=$(cat)
dir=$(printf '%s' "$input" | sed -n 's/.*"dir" *: *"\([^"]*\)".*/\1/p')
if [ -z "$dir" ]; then
  echo '{"status":"error","error":"payload.dir is required","retry":false}'
  exit 0
fi
if [ ! -e "$dir/first-run.pid" ]; then
  echo $$ > "$dir/first-run.pid.tmp" && mv "$dir/first-run.pid.tmp" "$dir/first-run.pid"
  trap '' TERM
  while true; do sleep 1; done
fi
echo "second run after a crash" >&2
echo '{"status":"ok","state_updates":{"recovered":true},"result":"ran again after the crash"}'
