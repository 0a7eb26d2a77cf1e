package dev.senechal.gw.engine;

import java.nio.file.Path;

/** Another daemon holds the instance lock on this store (SPEC §9). */
public class InstanceLockedException extends GatewayException {
  private final Path lockFile;
  private final String holderPid;

  public InstanceLockedException(Path lockFile, String holderPid) {
    super(
        "another senechal-gw is already running on this store (pid "
            + holderPid
            + ", lock "
            + lockFile
            + "); stop it first or point state.path elsewhere");
    this.lockFile = lockFile;
    this.holderPid = holderPid;
  }

  public Path lockFile() {
    return lockFile;
  }

  /** The PID written by the holder, or {@code "unknown"}. */
  public String holderPid() {
    return holderPid;
  }
}
