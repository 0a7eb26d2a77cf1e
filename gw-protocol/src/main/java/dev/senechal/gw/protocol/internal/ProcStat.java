package dev.senechal.gw.protocol.internal;

import static java.util.Objects.requireNonNull;

/**
 * The fields of {@code /proc/<pid>/stat} the runner needs (see proc(5)).
 *
 * @param pid field 1
 * @param command field 2, the executable name without its parentheses (may hold spaces and
 *     parentheses)
 * @param state field 3 ({@code R}, {@code S}, {@code D}, {@code Z}, ...)
 * @param parentPid field 4
 * @param processGroupId field 5
 * @param sessionId field 6
 */
public record ProcStat(
    long pid, String command, char state, long parentPid, long processGroupId, long sessionId) {

  public ProcStat {
    requireNonNull(command, "command is null");
  }

  /**
   * Parses one {@code stat} line. The command name sits between the first {@code (} and the LAST
   * {@code )}: it may contain spaces and parentheses itself, so the fields after it are counted
   * from the last {@code )}.
   *
   * @throws IllegalArgumentException when the line is not a stat line
   */
  public static ProcStat parse(String line) {
    requireNonNull(line, "line is null");
    int open = line.indexOf('(');
    int close = line.lastIndexOf(')');
    if (open < 1 || close < open) {
      throw new IllegalArgumentException("not a /proc stat line: " + line);
    }
    String[] rest = line.substring(close + 1).trim().split(" +", 5);
    if (rest.length < 4 || rest[0].length() != 1) {
      throw new IllegalArgumentException("not a /proc stat line: " + line);
    }
    try {
      return new ProcStat(
          Long.parseLong(line.substring(0, open).trim()),
          line.substring(open + 1, close),
          rest[0].charAt(0),
          Long.parseLong(rest[1]),
          Long.parseLong(rest[2]),
          Long.parseLong(rest[3]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a /proc stat line: " + line, e);
    }
  }

  /**
   * Whether the process still runs: not a zombie ({@code Z}) or dead ({@code X}). A zombie has
   * exited and only waits for its parent to collect its status, which an init that never reaps (as
   * in some containers) may never do.
   */
  public boolean isLive() {
    return state != 'Z' && state != 'X' && state != 'x';
  }
}
