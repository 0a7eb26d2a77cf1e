#!/usr/bin/env bash
# Breaks the protocol: a log line on stdout before an otherwise valid response.
cat >/dev/null
echo "starting noise plugin"
echo '{"status":"ok","result":"noisy"}'
