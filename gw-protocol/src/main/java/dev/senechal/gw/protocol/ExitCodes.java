package dev.senechal.gw.protocol;

/** The exit codes the protocol gives a meaning to (SPEC §6; values from BSD sysexits.h). */
public final class ExitCodes {
  /** Success; the response on stdout decides the outcome. */
  public static final int OK = 0;

  /** EX_TEMPFAIL: a temporary failure, retried. */
  public static final int TEMPFAIL = 75;

  /** EX_CONFIG: a configuration problem, permanent (the job goes straight to dead). */
  public static final int CONFIG = 78;

  private ExitCodes() {}
}
