#!/usr/bin/env bash
# {{name}}: runs the jar that `mvn package` builds in this directory.
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/target/{{name}}.jar"
if [ ! -f "$jar" ]; then
  echo "{{name}}: $jar is missing; build it first: run mvn package in $here" >&2
  exit 78
fi
exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Xmx64m -jar "$jar"
