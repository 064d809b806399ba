/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.kernel;

import org.boundarysql.sample.Cancellation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Runs a kernel over many rows of a layer on every core: the rows are cut into one contiguous
 * part per core, each part accumulates into a kernel of its own (the calling thread takes the
 * first part, and any part no pool thread has started yet), and the parts are merged in row
 * order, so the answer does not depend on which thread ran which part. Small inputs stay on the
 * calling thread: handing work over costs more than it saves.
 */
public final class ParallelRows {
  /** Values a part should hold at least before it is worth a thread of its own. */
  static final long MIN_PART_VALUES = 1 << 19;
  /** Rows between two looks at the query's cancellation, less one. */
  private static final int CHECK_MASK = 255;
  private static final int CORES = Runtime.getRuntime().availableProcessors();
  private static final ExecutorService POOL = Executors.newFixedThreadPool(CORES, task -> {
    Thread thread = new Thread(task, "boundary-scan");
    thread.setDaemon(true);
    return thread;
  });

  private ParallelRows() {
  }

  /**
   * Adds rows {@code rows[0..count)} of {@code source} to new kernels made by {@code kernels}
   * (given the width) and returns their merge. Runs under the caller's {@link Cancellation}.
   */
  public static <K extends RowAccumulator<K>> K accumulate(RowSource source, int[] rows,
      int count, IntFunction<K> kernels) {
    int parts = (int) Math.max(1, Math.min(CORES,
        (long) count * source.width() / MIN_PART_VALUES));
    if (parts == 1) {
      return accumulate(source, rows, 0, count, kernels);
    }
    Cancellation cancellation = Cancellation.current();
    List<Future<K>> others = new ArrayList<>();
    for (int p = 1; p < parts; p++) {
      int from = bound(count, parts, p);
      int to = bound(count, parts, p + 1);
      others.add(POOL.submit(() -> {
        try (Cancellation.Scope ignored = cancellation.enter()) {
          return accumulate(source, rows, from, to, kernels);
        }
      }));
    }
    K merged = accumulate(source, rows, 0, bound(count, parts, 1), kernels);
    for (int p = 1; p < parts; p++) {
      Future<K> other = others.get(p - 1);
      merged.merge(other.cancel(false)
          ? accumulate(source, rows, bound(count, parts, p), bound(count, parts, p + 1), kernels)
          : join(other));
    }
    return merged;
  }

  private static int bound(int count, int parts, int part) {
    return (int) ((long) count * part / parts);
  }

  private static <K extends RowAccumulator<K>> K accumulate(RowSource source, int[] rows,
      int from, int to, IntFunction<K> kernels) {
    K kernel = kernels.apply(source.width());
    float[] row = new float[source.width()];
    for (int i = from; i < to; i++) {
      if ((i & CHECK_MASK) == CHECK_MASK) {
        Cancellation.checkCurrent();
      }
      source.read(rows[i], row);
      kernel.add(row);
    }
    return kernel;
  }

  private static <K> K join(Future<K> part) {
    try {
      return part.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a scan's part", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
