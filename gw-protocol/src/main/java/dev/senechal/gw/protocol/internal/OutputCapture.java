package dev.senechal.gw.protocol.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads one output stream to EOF, keeping at most {@code cap} bytes and counting the rest, which is
 * read into a fixed buffer and dropped: memory stays flat however much the plugin writes.
 */
final class OutputCapture {
  /** The read buffer: one per reading thread, reused for every read of every run. */
  static final int BUFFER_BYTES = 64 * 1024;

  private static final ThreadLocal<byte[]> BUFFERS =
      ThreadLocal.withInitial(() -> new byte[BUFFER_BYTES]);

  private final int cap;
  private byte[] kept = new byte[0];
  private int size;
  private long total;

  OutputCapture(int cap) {
    this.cap = cap;
  }

  /** Reads {@code in} to EOF. */
  void drain(InputStream in) throws IOException {
    byte[] buffer = BUFFERS.get();
    int n;
    while ((n = in.read(buffer)) != -1) {
      append(buffer, n);
    }
  }

  private synchronized void append(byte[] buffer, int n) {
    total += n;
    int take = Math.min(cap - size, n);
    if (take <= 0) {
      return;
    }
    if (size + take > kept.length) {
      int grown = (int) Math.min(cap, Math.max(size + take, Math.max(256L, 2L * kept.length)));
      kept = Arrays.copyOf(kept, grown);
    }
    System.arraycopy(buffer, 0, kept, size, take);
    size += take;
  }

  /**
   * The bytes kept so far. When the buffer is exactly full it is handed out as is: a later append
   * can only grow into a new array, so the returned one never changes.
   */
  synchronized byte[] bytes() {
    return size == kept.length ? kept : Arrays.copyOf(kept, size);
  }

  /** The bytes read so far, kept or not. */
  synchronized long total() {
    return total;
  }

  /** Whether more than the cap was read. */
  synchronized boolean capped() {
    return total > cap;
  }
}
