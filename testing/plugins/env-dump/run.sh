#!/usr/bin/env bash
# Answers ok; result is the space-separated, sorted names of the exported variables.
cat >/dev/null
names=$(compgen -e | sort | tr '\n' ' ')
echo '{"status":"ok","result":"'"${names% }"'"}'
