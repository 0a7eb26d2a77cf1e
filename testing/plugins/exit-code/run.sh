#!/usr/bin/env bash
# Payload {"code": N} exits N. "respond":"ok" or "respond":"error" prints that response
# first ("retry":false is copied into the error response); "signal":"KILL" kills itself.
request=$(cat)
code=$(printf '%s' "$request" | sed -n 's/.*"code":\([0-9][0-9]*\).*/\1/p')
respond=$(printf '%s' "$request" | sed -n 's/.*"respond":"\([a-z]*\)".*/\1/p')
signal=$(printf '%s' "$request" | sed -n 's/.*"signal":"\([A-Z]*\)".*/\1/p')
retry=true
case "$request" in *'"retry":false'*) retry=false ;; esac
echo "exit-code: exiting ${code:-0}" >&2
case "$respond" in
  ok) echo '{"status":"ok","result":"exit-code answered ok"}' ;;
  error) echo '{"status":"error","error":"exit-code plugin failed","retry":'"$retry"'}' ;;
esac
if [ -n "$signal" ]; then kill -s "$signal" $$; fi
exit "${code:-0}"
