#!/usr/bin/env bash
# The greeter plugin: protocol 2, one request on stdin, one response on stdout.
input=$(cat)
protocol=0
[[ $input =~ \"protocol\"[[:space:]]*:[[:space:]]*([0-9]+) ]] && protocol=${BASH_REMATCH[1]}
if [ "$protocol" != "2" ]; then
  echo "greeter: protocol $protocol is not supported" >&2
  exit 78
fi
name=
[[ $input =~ \"name\"[[:space:]]*:[[:space:]]*\"([^\"]*)\" ]] && name=${BASH_REMATCH[1]}
count=0
[[ $input =~ \"greetings\"[[:space:]]*:[[:space:]]*([0-9]+) ]] && count=${BASH_REMATCH[1]}
if [[ $input == *'"command":"health"'* ]]; then
  echo '{"status":"ok","result":"healthy"}'
  exit 0
fi
count=$((count + 1))
echo "greeter: greeting $name" >&2
printf '{"status":"ok","events":[{"type":"greeted","payload":{"name":"%s"}}],' "$name"
printf '"state_updates":{"greetings":%d},"result":"hello %s"}\n' "$count" "$name"
