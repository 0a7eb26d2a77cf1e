#!/usr/bin/env bash
# java-hello's entrypoint: runs the jar that `./mvnw -pl plugins/java-hello -am package` builds.
# Small-JVM flags: a plugin process lives for one command, so start fast and stay small.
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/target/java-hello.jar"
if [ ! -f "$jar" ]; then
  echo "java-hello: $jar is missing; build it first: run ./mvnw -pl plugins/java-hello -am package (from the repository root)" >&2
  exit 78
fi
exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Xmx64m -jar "$jar"
