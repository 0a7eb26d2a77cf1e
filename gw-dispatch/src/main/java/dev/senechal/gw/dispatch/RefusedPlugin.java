package dev.senechal.gw.dispatch;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/** A plugin directory that was found but will not run, and why (SPEC §6 trust rules). */
public record RefusedPlugin(String name, Path directory, String reason) {
  public RefusedPlugin {
    requireNonNull(name, "name is null");
    requireNonNull(directory, "directory is null");
    requireNonNull(reason, "reason is null");
  }
}
