package dev.senechal.gw.engine;

/** Where a plugin's {@code init} stands (SPEC §6), as {@code senechal-gw plugins} shows it. */
public enum InitStatus {
  /** Init succeeded with the plugin's current config and manifest version. */
  OK("ok"),
  /**
   * Init failed with the current config and manifest version; it is not retried, and the plugin is
   * unhealthy until its config (or manifest version) changes and init succeeds.
   */
  FAILED("failed"),
  /** The manifest declares no {@code init}: nothing to run, healthy. */
  NOT_DECLARED("not_declared"),
  /**
   * The manifest declares {@code init} but it has not run with the current config: the daemon has
   * not started since the plugin appeared or its config changed. It runs at the next start or
   * reload.
   */
  PENDING("pending");

  private final String wireName;

  InitStatus(String wireName) {
    this.wireName = wireName;
  }

  /** The name in JSON output: {@code ok}, {@code failed}, {@code not_declared}, {@code pending}. */
  public String wireName() {
    return wireName;
  }
}
