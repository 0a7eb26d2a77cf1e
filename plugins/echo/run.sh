#!/usr/bin/env bash
# The echo plugin: reads the request envelope on stdin, answers one JSON response on stdout.
# stdout is reserved for the protocol; anything for humans goes to stderr.
input=$(cat)
# A request of a protocol this plugin does not speak: exit 78 (EX_CONFIG), never retried.
protocol=1
if [[ $input =~ \"protocol\"[[:space:]]*:[[:space:]]*([0-9]+) ]]; then
  protocol=${BASH_REMATCH[1]}
fi
if [ "$protocol" != "1" ]; then
  echo "echo: protocol ${protocol} is not supported (only 1)" >&2
  exit 78
fi
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
echo "echo: received ${#input} bytes" >&2
echo "{\"status\": \"ok\", \"events\": [], \"state_updates\": {\"last_run\": \"$now\"}, \"logs\": [{\"level\": \"info\", \"message\": \"echo plugin ran\"}], \"result\": \"echoed at $now\"}"
