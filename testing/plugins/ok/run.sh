#!/usr/bin/env bash
# Answers ok. state_updates.runs counts runs (from state.runs); a request containing
# "emit":"TYPE" (payload or event payload) makes it emit one event of that TYPE.
request=$(cat)
command=$(printf '%s' "$request" | sed -n 's/.*"command":"\([^"]*\)".*/\1/p')
runs=$(printf '%s' "$request" | sed -n 's/.*"state":{[^}]*"runs":\([0-9][0-9]*\).*/\1/p')
emit=$(printf '%s' "$request" | sed -n 's/.*"emit":"\([^"]*\)".*/\1/p')
read -r stat < /proc/$$/stat
set -- ${stat##*) }
pgid=$3
events='[]'
if [ -n "$emit" ]; then
  events='[{"type":"'"$emit"'","payload":{"from":"ok","command":"'"$command"'"}}]'
fi
echo "ok plugin: $command" >&2
printf '{"status":"ok","state_updates":{"runs":%d,"last_command":"%s"},' "$(( ${runs:-0} + 1 ))" "$command"
printf '"events":%s,"logs":[{"level":"info","message":"ok ran %s"}],' "$events" "$command"
printf '"result":"ok %s pid=%s pgid=%s"}\n' "$command" "$$" "$pgid"
