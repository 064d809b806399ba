/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.ondemand;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/** A model opened to compute some layers of a store's items ({@link RowComputer#open}). */
public interface ModelRun extends AutoCloseable {
  /** Receives the values of one batch. */
  @FunctionalInterface
  interface BatchSink {
    /**
     * The values of {@code rows[from..from + count)}: per layer, in the order the run was
     * opened with, {@code count} rows of little-endian float32 from the buffer's position.
     */
    void accept(int from, int count, List<ByteBuffer> values) throws IOException;
  }

  /** Items the model is fed at a time. */
  int batch();

  /**
   * Runs the model over store rows {@code rows} (ascending), a batch at a time, and hands each
   * batch's values to {@code sink}. Looks at the current thread's
   * {@link org.boundarysql.task.Cancellation} between batches.
   */
  void run(int[] rows, BatchSink sink) throws IOException;

  @Override void close();
}
