/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import org.boundarysql.sample.LatentSpace;
import org.boundarysql.sample.SampleSpec;
import org.boundarysql.sample.SamplingMethod;
import org.boundarysql.store.Items;
import org.boundarysql.store.Layer;
import org.boundarysql.store.Store;
import org.boundarysql.task.ProgressListener;

import java.util.ArrayList;
import java.util.List;

/**
 * Figure 13: the time to create a 5% sample with each method, from the mapped latent layer to
 * the sampled rows (what the sample cache does on a miss), on the rows of one split. A method
 * that runs past the time limit is stopped through its progress listener.
 */
final class SampleCreation {
  /** Creation time of one method on one set of items; {@code millis} is NaN if stopped. */
  record Result(SamplingMethod method, String items, int size, int dimension, double millis,
      int runs, int sampled, double limitSeconds) {
    boolean stopped() {
      return Double.isNaN(millis);
    }
  }

  /** Thrown by the progress listener when a method runs past the limit. */
  private static final class OverTime extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OverTime() {
      super(null, null, false, false);
    }
  }

  private final Store store;
  private final double fraction;
  private final double limitSeconds;
  private final Progress progress;

  SampleCreation(Store store, double fraction, double limitSeconds, Progress progress) {
    this.store = store;
    this.fraction = fraction;
    this.limitSeconds = limitSeconds;
    this.progress = progress;
  }

  /** Times every method on the rows of each split named (for example test and train). */
  List<Result> run(List<String> splits, List<SamplingMethod> methods) {
    List<Result> results = new ArrayList<>();
    for (String split : splits) {
      int[] rows = rowsOf(split);
      if (rows.length == 0) {
        continue;
      }
      for (SamplingMethod method : methods) {
        Result result = time(method, split, rows);
        progress.say("creation %-20s %-5s %,7d items: %s", method.methodName(), split,
            rows.length, result.stopped() ? "stopped after " + limitSeconds + " s"
                : String.format(java.util.Locale.ROOT, "%.1f ms (median of %d)",
                    result.millis(), result.runs()));
        results.add(result);
      }
    }
    return results;
  }

  private int[] rowsOf(String split) {
    Items items = store.items();
    int[] rows = new int[items.size()];
    int n = 0;
    for (int row = 0; row < items.size(); row++) {
      if (items.split(row).equals(split)) {
        rows[n++] = row;
      }
    }
    return java.util.Arrays.copyOf(rows, n);
  }

  /** A warm-up run if it is fast, then the median of three runs, or one if slow. */
  private Result time(SamplingMethod method, String split, int[] rows) {
    SampleSpec spec = SampleSpec.of(method, fraction);
    Layer latent = store.latentLayer().orElseThrow();
    double[] first = create(spec, latent, rows);
    if (first == null) {
      return new Result(method, split, rows.length, latent.width(), Double.NaN, 0, 0,
          limitSeconds);
    }
    if (first[0] > 2000) {
      return new Result(method, split, rows.length, latent.width(), first[0], 1,
          (int) first[1], limitSeconds);
    }
    double[] millis = new double[3];
    for (int i = 0; i < millis.length; i++) {
      millis[i] = create(spec, latent, rows)[0];
    }
    return new Result(method, split, rows.length, latent.width(), Timing.of(millis).median(),
        3, (int) first[1], limitSeconds);
  }

  /** One creation: milliseconds and sample size, or null if stopped. */
  private double[] create(SampleSpec spec, Layer latent, int[] rows) {
    long start = System.nanoTime();
    long deadline = start + (long) (limitSeconds * 1e9);
    ProgressListener listener = (stage, done, total) -> {
      if (System.nanoTime() > deadline) {
        throw new OverTime();
      }
    };
    try {
      int[] sample = spec.select(space(latent, rows), listener);
      return new double[] {(System.nanoTime() - start) / 1e6, sample.length};
    } catch (OverTime e) {
      return null;
    }
  }

  /** The latent space of some rows, read from the mapped layer as the sample cache reads it. */
  private LatentSpace space(Layer latent, int[] rows) {
    Items items = store.items();
    float[] row = new float[latent.width()];
    double[][] points = new double[rows.length][latent.width()];
    int[] labels = new int[rows.length];
    int[] predictions = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      latent.read(rows[i], row);
      for (int k = 0; k < row.length; k++) {
        points[i][k] = row[k];
      }
      labels[i] = items.label(rows[i]);
      predictions[i] = items.predicted(rows[i]);
    }
    return new LatentSpace(points, labels, predictions, store.manifest().classes().size());
  }
}
