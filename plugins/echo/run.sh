#!/usr/bin/env bash
# The echo plugin: reads the request envelope on stdin, answers one JSON response on stdout.
# stdout is reserved for the protocol; anything for humans goes to stderr.
input=$(cat)
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
echo "echo: received ${#input} bytes" >&2
echo "{\"status\": \"ok\", \"events\": [], \"state_updates\": {\"last_run\": \"$now\"}, \"logs\": [{\"level\": \"info\", \"message\": \"echo plugin ran\"}], \"result\": \"echoed at $now\"}"
