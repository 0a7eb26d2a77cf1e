package dev.senechal.gw.dispatch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes small plugins into a temp directory for discovery and dispatch tests. */
final class TestPlugins {
  private TestPlugins() {}

  static final String OK_SCRIPT =
      "#!/usr/bin/env bash\ncat >/dev/null\necho '{\"status\":\"ok\",\"result\":\"fine\"}'\n";

  static Path write(Path pluginsDir, String dirName, String manifest, String script)
      throws IOException {
    Path dir = Files.createDirectories(pluginsDir.resolve(dirName));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(dir.resolve("manifest.yaml"), manifest);
    if (script != null) {
      Path run = dir.resolve("run.sh");
      Files.writeString(run, script);
      Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return dir;
  }

  static String manifest(String name, int protocol, String entrypoint, String extra) {
    return "name: "
        + name
        + "\nversion: 1.0.0\nprotocol: "
        + protocol
        + "\nentrypoint: "
        + entrypoint
        + "\ncommands: [poll, handle]\n"
        + extra;
  }
}
