#!/usr/bin/env bash
# Ignores SIGTERM (its children inherit that) and never answers; only SIGKILL ends it.
trap '' TERM
echo "hang: pid $$ ignoring SIGTERM" >&2
while :; do sleep 1; done
