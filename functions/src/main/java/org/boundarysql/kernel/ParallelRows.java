/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.kernel;

import org.boundarysql.task.Cancellation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.BinaryOperator;
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
    return inParts(count, source.width(), (from, to) -> {
      K kernel = kernels.apply(source.width());
      source.forEach(rows, from, to, (i, row) -> {
        if ((i & CHECK_MASK) == CHECK_MASK) {
          Cancellation.checkCurrent();
        }
        kernel.add(row);
      });
      return kernel;
    }, (merged, part) -> {
      merged.merge(part);
      return merged;
    });
  }

  /**
   * Adds rows {@code rows[0..count)} of {@code source} (ascending: the file's order) each to
   * the kernels of its group, {@code groupOf[i]} in {@code [0, groups)}: one pass over the
   * rows, so the layer file is read as a stream whatever the groups. Returns the kernels by
   * group, then by factory in {@code kernels}; a group with no rows has nulls. Each part holds
   * a kernel per group and factory: for few groups (see the callers).
   */
  public static RowAccumulator<?>[][] accumulateGroups(RowSource source, int[] rows, int count,
      int[] groupOf, int groups, List<IntFunction<? extends RowAccumulator<?>>> kernels) {
    return inParts(count, source.width(), (from, to) -> {
      RowAccumulator<?>[][] part = new RowAccumulator<?>[groups][kernels.size()];
      source.forEach(rows, from, to, (i, row) -> {
        if ((i & CHECK_MASK) == CHECK_MASK) {
          Cancellation.checkCurrent();
        }
        RowAccumulator<?>[] group = part[groupOf[i]];
        for (int k = 0; k < group.length; k++) {
          if (group[k] == null) {
            group[k] = kernels.get(k).apply(source.width());
          }
          group[k].add(row);
        }
      });
      return part;
    }, (merged, part) -> {
      for (int g = 0; g < groups; g++) {
        for (int k = 0; k < kernels.size(); k++) {
          merged[g][k] = merge(merged[g][k], part[g][k]);
        }
      }
      return merged;
    });
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static RowAccumulator<?> merge(RowAccumulator<?> merged, RowAccumulator<?> part) {
    if (merged == null || part == null) {
      return merged == null ? part : merged;
    }
    ((RowAccumulator) merged).merge(part);
    return merged;
  }

  /** Work on the positions {@code [from, to)} of the rows. */
  @FunctionalInterface
  public interface Part<T> {
    /** Runs over positions {@code [from, to)}, under the caller's {@link Cancellation}. */
    T run(int from, int to);
  }

  /**
   * Runs {@code part} over {@code [0, count)} of rows {@code width} values wide, cut into one
   * contiguous range per core (one range for small inputs), and merges the results in order,
   * the first into which the others are merged. Parts run under the caller's
   * {@link Cancellation}.
   */
  public static <T> T inParts(int count, int width, Part<T> part, BinaryOperator<T> merge) {
    int parts = (int) Math.max(1, Math.min(CORES, (long) count * width / MIN_PART_VALUES));
    if (parts == 1) {
      return part.run(0, count);
    }
    // A part is run by whoever claims it first: a pool thread, or the caller once its own part
    // is done (a FutureTask cannot tell "running" from "not started", so no cancel()).
    AtomicIntegerArray claimed = new AtomicIntegerArray(parts);
    Cancellation cancellation = Cancellation.current();
    List<Future<T>> others = new ArrayList<>();
    for (int p = 1; p < parts; p++) {
      int index = p;
      others.add(POOL.submit(() -> {
        if (!claimed.compareAndSet(index, 0, 1)) {
          return null;
        }
        try (Cancellation.Scope ignored = cancellation.enter()) {
          return part.run(bound(count, parts, index), bound(count, parts, index + 1));
        }
      }));
    }
    T merged = part.run(0, bound(count, parts, 1));
    for (int p = 1; p < parts; p++) {
      merged = merge.apply(merged, claimed.compareAndSet(p, 0, 1)
          ? part.run(bound(count, parts, p), bound(count, parts, p + 1))
          : join(others.get(p - 1)));
    }
    return merged;
  }

  private static int bound(int count, int parts, int part) {
    return (int) ((long) count * part / parts);
  }

  private static <K> K join(Future<K> part) {
    try {
      return part.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting for a scan's part");
    } catch (ExecutionException e) {
      throw Cancellation.rethrown(e);
    }
  }
}
