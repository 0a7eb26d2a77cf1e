#!/usr/bin/env bash
# Sleeps {"seconds": S} (default 1, fractions allowed), then answers ok.
request=$(cat)
seconds=$(printf '%s' "$request" | sed -n 's/.*"seconds":\([0-9.][0-9.]*\).*/\1/p')
sleep "${seconds:-1}"
echo '{"status":"ok","result":"slept '"${seconds:-1}"'s"}'
