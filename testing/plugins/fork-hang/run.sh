#!/usr/bin/env bash
# Starts two grandchildren through a double fork (so they are re-parented to init) that,
# like the script, ignore SIGTERM; prints "grandchild PID" on stderr for each, then hangs.
# The first keeps stdout and stderr open, the second points them at /dev/null.
trap '' TERM
( ( exec sleep 1001 ) & echo "grandchild $!" >&2 )
( ( exec sleep 1002 ) </dev/null >/dev/null 2>&1 & echo "grandchild $!" >&2 )
echo "fork-hang: pid $$" >&2
while :; do sleep 1; done
