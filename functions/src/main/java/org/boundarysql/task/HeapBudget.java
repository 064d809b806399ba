/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.task;

import java.util.Locale;

/**
 * The heap a computation may still take: checked before a computation allocates in proportion
 * to its input, so that a store or sample too large for this JVM is refused with a sentence
 * saying how much it needs, before an {@link OutOfMemoryError} can hit whatever runs beside it.
 */
public final class HeapBudget {
  private static final double GB = 1 << 30;

  private HeapBudget() {
  }

  /**
   * Returns normally if the heap can still give {@code bytes} (after a collection if it looks
   * short); else throws {@link InsufficientMemoryException} naming {@code what} needs them.
   */
  public static void require(long bytes, String what) {
    if (bytes <= available()) {
      return;
    }
    // Garbage counts as used until collected: look again once it is.
    System.gc();
    long available = available();
    if (bytes <= available) {
      return;
    }
    throw new InsufficientMemoryException(what + " needs about " + size(bytes)
        + " of heap, more than this JVM has left (" + size(available) + " of its maximum "
        + size(Runtime.getRuntime().maxMemory()) + "); run it with a larger heap, e.g."
        + " BOUNDARY_JAVA_OPTS=-Xmx" + suggestedGigabytes(bytes) + "g", bytes);
  }

  /** The bytes the heap can still give: its maximum less what is in use. */
  public static long available() {
    Runtime runtime = Runtime.getRuntime();
    return runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
  }

  /** Bytes as a person reads them: "840 MB", "6.7 GB". */
  public static String size(long bytes) {
    return bytes < GB ? String.format(Locale.ROOT, "%,d MB", Math.max(1, bytes >> 20))
        : String.format(Locale.ROOT, "%.1f GB", bytes / GB);
  }

  /** A maximum heap that holds what is in use now and {@code bytes} more, with room to spare. */
  private static long suggestedGigabytes(long bytes) {
    Runtime runtime = Runtime.getRuntime();
    double used = runtime.totalMemory() - runtime.freeMemory();
    return Math.max(1, (long) Math.ceil(1.25 * (used + bytes) / GB));
  }
}
