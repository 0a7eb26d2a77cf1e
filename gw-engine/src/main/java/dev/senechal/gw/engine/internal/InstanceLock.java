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
    Path file = directory.resolve(FILE_NAME);
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
        throw new InstanceLockedException(file, holder);
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap((pid + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
      channel.force(true);
      return new InstanceLock(file, channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new GatewayException("cannot take the instance lock " + file + ": " + e.getMessage(), e);
    }
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
  }
}
