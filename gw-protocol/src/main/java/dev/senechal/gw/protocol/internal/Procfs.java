package dev.senechal.gw.protocol.internal;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads process information from {@code /proc} (Linux). */
public final class Procfs {
  private static final Logger log = LoggerFactory.getLogger(Procfs.class);

  private final Path root;

  public Procfs() {
    this(Path.of("/proc"));
  }

  /** A reader over another proc tree (tests). */
  public Procfs(Path root) {
    this.root = root;
  }

  /** The stat of one process; empty when it does not exist (or vanished while read). */
  public Optional<ProcStat> stat(long pid) {
    return read(root.resolve(Long.toString(pid)).resolve("stat"));
  }

  /** The stat of every process; processes that vanish during the scan are skipped. */
  public List<ProcStat> all() {
    List<ProcStat> stats = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Procfs::isPidDirectory)) {
      for (Path dir : dirs) {
        read(dir.resolve("stat")).ifPresent(stats::add);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + root + ": " + e, e);
    }
    return stats;
  }

  /**
   * The live members (zombies excluded) of a process group, by pid in ascending order. The runner
   * asks after every run, so this reads each {@code stat} into one reused buffer and parses only
   * the state and group fields.
   */
  public List<Long> members(long processGroupId) {
    return members(processGroupId, 0);
  }

  /**
   * Like {@link #members(long)}, but reads the {@code stat} only of pids at or above {@code
   * lowestPid}. Every member of a plugin's group descends from its leader and so got a larger pid
   * than the leader, unless pid allocation wrapped around since: callers pass the leader's pid only
   * when {@link #lastAllocatedPid()} shows no wrap. Reading a few {@code stat} files instead of one
   * per process is what makes the check after every run cheap (about 10 µs a file).
   */
  public List<Long> members(long processGroupId, long lowestPid) {
    String[] names = root.toFile().list();
    if (names == null) {
      throw new IllegalStateException("cannot list " + root);
    }
    List<Long> members = new ArrayList<>();
    byte[] buffer = new byte[1024];
    for (String name : names) {
      if (!isPid(name) || (lowestPid > 0 && Long.parseLong(name) < lowestPid)) {
        continue;
      }
      int length = readStat(root.toString() + "/" + name + "/stat", buffer);
      if (length > 0 && isLiveMember(buffer, length, processGroupId)) {
        members.add(Long.parseLong(name));
      }
    }
    members.sort(null);
    return members;
  }

  /**
   * The live members of a process group among the pids {@code lowestPid..highestPid}, found by
   * reading {@code /proc/PID/stat} of each pid in the range instead of listing {@code /proc}: for
   * the few pids allocated during a short plugin run that is cheaper than listing every process of
   * the machine. A pid in the range may also be a thread id of a member (it shares the group), which
   * never makes an empty group look occupied.
   */
  public List<Long> members(long processGroupId, long lowestPid, long highestPid) {
    List<Long> members = new ArrayList<>();
    byte[] buffer = new byte[1024];
    String prefix = root.toString() + "/";
    for (long pid = Math.max(1, lowestPid); pid <= highestPid; pid++) {
      String stat = prefix + pid + "/stat";
      // Most pids of a short run belong to processes already reaped: a stat() call says so
      // without the exception a failed open costs.
      if (!new File(stat).exists()) {
        continue;
      }
      int length = readStat(stat, buffer);
      if (length > 0 && isLiveMember(buffer, length, processGroupId)) {
        members.add(pid);
      }
    }
    return members;
  }

  /**
   * The pid the kernel handed out last in this pid namespace ({@code /proc/sys/kernel/ns_last_pid});
   * empty when it cannot be read.
   */
  public OptionalLong lastAllocatedPid() {
    // Not Files.readString: sysctl files report size 0, and the NIO read then returns 1 byte.
    try (FileInputStream in = new FileInputStream(root.resolve("sys/kernel/ns_last_pid").toFile())) {
      byte[] buffer = new byte[32];
      int length = in.read(buffer); // one read: the file is a single short line
      String text = new String(buffer, 0, Math.max(0, length), StandardCharsets.US_ASCII);
      return OptionalLong.of(Long.parseLong(text.strip()));
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * Field 22 of {@code /proc/PID/stat}: when the process started, in clock ticks after boot; empty
   * when the process does not exist.
   */
  public OptionalLong startTicks(long pid) {
    byte[] buffer = new byte[1024];
    int length = readStat(root.toString() + "/" + pid + "/stat", buffer);
    return length > 0 ? field(buffer, length, 22) : OptionalLong.empty();
  }

  /** The {@code btime} line of {@code /proc/stat}: the boot time in seconds since the epoch. */
  public OptionalLong bootTimeSeconds() {
    try {
      for (String line : Files.readAllLines(root.resolve("stat"), StandardCharsets.US_ASCII)) {
        if (line.startsWith("btime ")) {
          return OptionalLong.of(Long.parseLong(line.substring(6).strip()));
        }
      }
    } catch (IOException | NumberFormatException e) {
      log.debug("cannot read btime from {}/stat: {}", root, e.toString());
    }
    return OptionalLong.empty();
  }

  /** The numeric field {@code n} (counted as in proc(5), n > 2) of a stat line. */
  static OptionalLong field(byte[] stat, int length, int n) {
    int close = length - 1;
    while (close >= 0 && stat[close] != ')') {
      close--;
    }
    if (close < 0) {
      return OptionalLong.empty();
    }
    int i = close + 2; // field 3
    for (int field = 3; field < n; field++) {
      while (i < length && stat[i] != ' ') {
        i++;
      }
      i++;
    }
    long value = 0;
    boolean digits = false;
    while (i < length && stat[i] >= '0' && stat[i] <= '9') {
      value = value * 10 + (stat[i] - '0');
      digits = true;
      i++;
    }
    return digits ? OptionalLong.of(value) : OptionalLong.empty();
  }

  /** Whether a stat line's state is not Z/X and its field 5 (pgrp) is {@code group}. */
  static boolean isLiveMember(byte[] stat, int length, long group) {
    int close = length - 1;
    while (close >= 0 && stat[close] != ')') {
      close--;
    }
    // ") S ppid pgrp ..."
    int i = close + 2;
    if (close < 0 || i >= length) {
      return false;
    }
    byte state = stat[i];
    if (state == 'Z' || state == 'X' || state == 'x') {
      return false;
    }
    i += 2;
    while (i < length && stat[i] != ' ') {
      i++;
    }
    i++;
    long pgrp = 0;
    boolean digits = false;
    boolean negative = i < length && stat[i] == '-';
    if (negative) {
      i++;
    }
    while (i < length && stat[i] >= '0' && stat[i] <= '9') {
      pgrp = pgrp * 10 + (stat[i] - '0');
      digits = true;
      i++;
    }
    return digits && (negative ? -pgrp : pgrp) == group;
  }

  private static int readStat(String file, byte[] buffer) {
    try (FileInputStream in = new FileInputStream(file)) {
      int total = 0;
      int n;
      while (total < buffer.length && (n = in.read(buffer, total, buffer.length - total)) > 0) {
        total += n;
      }
      return total;
    } catch (IOException e) {
      return -1; // gone between listing and reading
    }
  }

  private static boolean isPid(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) < '0' || name.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean isPidDirectory(Path path) {
    return isPid(path.getFileName().toString());
  }

  private static Optional<ProcStat> read(Path stat) {
    try {
      // ISO-8859-1: the command name is raw bytes and need not be valid UTF-8.
      String line = new String(Files.readAllBytes(stat), StandardCharsets.ISO_8859_1);
      return Optional.of(ProcStat.parse(line.strip()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      // ESRCH while reading: the process exited between listing and reading.
      log.trace("cannot read {}: {}", stat, e.toString());
      return Optional.empty();
    }
  }
}
