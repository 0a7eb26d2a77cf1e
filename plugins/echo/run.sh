#!/usr/bin/env bash
# The echo plugin: reads the request envelope on stdin, answers one JSON response on stdout.
# stdout is reserved for the protocol; anything for humans goes to stderr.
input=$(cat)
# stdin closed without a request: the gateway stopped before handing one over. Do nothing.
if [ -z "$input" ]; then
  echo "echo: no request on stdin" >&2
  exit 64
fi
# A request of a protocol this plugin does not speak: exit 78 (EX_CONFIG), never retried.
protocol=1
if [[ $input =~ \"protocol\"[[:space:]]*:[[:space:]]*([0-9]+) ]]; then
  protocol=${BASH_REMATCH[1]}
fi
if [ "$protocol" != "1" ]; then
  echo "echo: protocol ${protocol} is not supported (only 1)" >&2
  exit 78
fi
# config.mode makes it misbehave on purpose, to see how the gateway (or a conformance check)
# reacts: error (an error response, exit 1), hang (never answers), broken (not JSON on stdout).
mode=
if [[ $input =~ \"mode\"[[:space:]]*:[[:space:]]*\"([a-z]+)\" ]]; then
  mode=${BASH_REMATCH[1]}
fi
case "$mode" in
  error)
    echo "echo: failing on purpose (mode error)" >&2
    echo '{"status": "error", "error": "echo was asked to fail (config mode: error)", "retry": false}'
    exit 1 ;;
  hang)
    echo "echo: hanging on purpose (mode hang)" >&2
    while true; do sleep 1; done ;;
  broken)
    echo "this is not JSON (mode broken)"
    exit 0 ;;
esac
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
echo "echo: received ${#input} bytes" >&2
echo "{\"status\": \"ok\", \"events\": [], \"state_updates\": {\"last_run\": \"$now\"}, \"logs\": [{\"level\": \"info\", \"message\": \"echo plugin ran\"}], \"result\": \"echoed at $now\"}"
