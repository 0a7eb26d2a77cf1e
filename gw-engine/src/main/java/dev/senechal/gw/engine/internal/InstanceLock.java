package dev.senechal.gw.engine.internal;

import dev.senechal.gw.engine.GatewayException;
import dev.senechal.gw.engine.InstanceLockedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The single-instance lock: an exclusive lock on {@code senechal-gw.lock} beside the database,
 * with the holder's PID written in it.
 *
 * <p>{@link FileChannel#lock} is an fcntl lock, and closing ANY descriptor of the file in this
 * process drops it. So the PID is written and read through the one locked channel, and this class
 * is the only code that opens the file while the lock is held. A second process that fails to lock
 * reads the PID through its own channel, which it then closes; that does not affect the holder.
 */
public final class InstanceLock implements AutoCloseable {
  public static final String FILE_NAME = "senechal-gw.lock";
  private static final Path PROC_LOCKS = Path.of("/proc/locks");
  /** Lock files this JVM holds: another acquire in this process must not open them. */
  private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private InstanceLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock in {@code directory} and writes {@code pid} into it.
   *
   * @throws InstanceLockedException another process (or this one) holds it
   */
  public static InstanceLock acquire(Path directory, long pid) {
    Path file = directory.resolve(FILE_NAME).toAbsolutePath().normalize();
    // Checked before opening the file: in the holder's process, opening and closing another
    // descriptor of it would silently drop the held lock.
    if (!HELD_HERE.add(file)) {
      throw new InstanceLockedException(file, Long.toString(ProcessHandle.current().pid()));
    }
    FileChannel channel = null;
    try {
      Files.createDirectories(directory);
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        String holder = readPid(channel);
        channel.close();
        HELD_HERE.remove(file);
        throw new InstanceLockedException(file, holder);
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap((pid + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
      channel.force(true);
      return new InstanceLock(file, channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      HELD_HERE.remove(file);
      throw new GatewayException("cannot take the instance lock " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The pid of the process holding the lock in {@code directory}, if any, found without touching
   * the lock: from this process's own locks, else from the kernel's table of POSIX locks ({@code
   * /proc/locks}), matched by the lock file's inode. So a CLI asking "is the daemon running?" can
   * never make a starting daemon fail, nor (in the holder's process) drop the lock.
   */
  public static OptionalLong holder(Path directory) {
    Path file = directory.resolve(FILE_NAME).toAbsolutePath().normalize();
    if (HELD_HERE.contains(file)) {
      return OptionalLong.of(ProcessHandle.current().pid());
    }
    long inode;
    try {
      inode = ((Number) Files.getAttribute(file, "unix:ino")).longValue();
    } catch (IOException | UnsupportedOperationException e) {
      return OptionalLong.empty(); // no lock file: never started here
    }
    try {
      return holderIn(Files.readAllLines(PROC_LOCKS, StandardCharsets.US_ASCII), inode);
    } catch (IOException e) {
      throw new GatewayException("cannot read " + PROC_LOCKS + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses {@code /proc/locks} lines such as {@code 1: POSIX ADVISORY WRITE 4242 08:01:1234 0 EOF}
   * (a blocked waiter's line has {@code ->} after the number); returns the pid of the POSIX lock on
   * {@code inode}.
   */
  static OptionalLong holderIn(List<String> lines, long inode) {
    for (String line : lines) {
      String[] fields = line.trim().split("\\s+");
      int i = 1;
      if (fields.length > i && fields[i].equals("->")) {
        continue; // waiting, not holding
      }
      if (fields.length < i + 5 || !fields[i].equals("POSIX")) {
        continue;
      }
      String[] device = fields[i + 4].split(":");
      try {
        if (device.length == 3 && Long.parseLong(device[2]) == inode) {
          return OptionalLong.of(Long.parseLong(fields[i + 3]));
        }
      } catch (NumberFormatException e) {
        // an unexpected line; skip it
      }
    }
    return OptionalLong.empty();
  }

  private static String readPid(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(64);
    channel.read(buffer, 0);
    String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
    text = text.trim();
    return text.isEmpty() ? "unknown" : text;
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // already failing; the original error is reported
      }
    }
  }

  public Path file() {
    return file;
  }

  /** Releases the lock; the file stays (deleting it would race a starting daemon). */
  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // closing the channel below releases it as well
    }
    closeQuietly(channel);
    HELD_HERE.remove(file);
  }
}
