#!/usr/bin/env bash
# Writes {"mb":N} MB (default 200) of 'x' to stdout, then exits 0.
request=$(cat)
mb=$(printf '%s' "$request" | sed -n 's/.*"mb":\([0-9][0-9]*\).*/\1/p')
head -c $(( ${mb:-200} * 1024 * 1024 )) /dev/zero | tr '\0' 'x'
