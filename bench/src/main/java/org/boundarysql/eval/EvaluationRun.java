/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.eval;

import org.boundarysql.metric.WorkloadEvaluator;
import org.boundarysql.metric.WorkloadScores;
import org.boundarysql.sample.BoundarySampler;
import org.boundarysql.sample.BoundaryScores;
import org.boundarysql.sample.LatentSpace;
import org.boundarysql.sample.SampleSpec;
import org.boundarysql.sample.Sampler;
import org.boundarysql.sample.SamplingMethod;
import org.boundarysql.task.ProgressBars;
import org.boundarysql.task.ProgressListener;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Runs the experiments: every method at every fraction (each random method once per seed
 * 0 … repeats−1), the K sweep on each sweep-fraction sample, and the j sweep of the boundary
 * methods, scoring every sample on every (layer, class, correct/incorrect) combination.
 *
 * <p>A boundary method fits its model once per seed and selects all its samples, every fraction
 * and every j, from the same scores. A deterministic method is scored once, and its
 * sweep-fraction sample is drawn again repeats − 1 times to time it as often as the others.
 */
final class EvaluationRun {
  private static final int WARM_UP_ITEMS = 1000;

  private final EvaluationOptions options;
  private final EvaluationData data;
  private final WorkloadEvaluator evaluator;
  private final Results results;
  private final int[] kValues;
  private final ProgressBars bars;
  private final String stage;
  private final long planned;
  private long done;

  private EvaluationRun(EvaluationOptions options, EvaluationData data, ProgressBars bars) {
    this.options = options;
    this.data = data;
    this.bars = bars;
    this.stage = "eval " + data.storeName();
    this.planned = plannedSamples(options);
    bars.update(stage, 0, planned);
    this.results = new Results(options, data);
    this.kValues = IntStream.concat(Arrays.stream(options.kValues()), IntStream.of(options.k()))
        .distinct().sorted().toArray();
    bars.detail("full data's answers");
    this.evaluator = new WorkloadEvaluator(data.layers(), data.labels(), data.predictions(),
        data.space().classCount());
  }

  /** Returns whether a method's sample size ignores the fraction: it is drawn once. */
  static boolean fixedSize(SamplingMethod method) {
    return method == SamplingMethod.EBTREE;
  }

  /** Returns whether a method selects from boundary scores, and so takes part in the j sweep. */
  static boolean boundary(SamplingMethod method) {
    return method.sampler() instanceof BoundarySampler;
  }

  /** Runs every experiment of {@code options} on {@code data}, showing progress. */
  static Results run(EvaluationOptions options, EvaluationData data) {
    long start = System.nanoTime();
    try (ProgressBars bars = ProgressBars.onStandardError()) {
      EvaluationRun run = new EvaluationRun(options, data, bars);
      run.warmUp();
      for (SamplingMethod method : options.methods()) {
        for (int r = 0; r < options.repeats(method); r++) {
          run.runSeed(method, r);
        }
        if (!method.isRandom()) {
          run.timeAgain(method);
        }
      }
      run.results.seconds((System.nanoTime() - start) / 1e9);
      return run.results;
    }
  }

  /**
   * Draws one untimed sample of every method from the first {@value #WARM_UP_ITEMS} items, so
   * that class loading and JIT compilation do not fall on the first timed sample.
   */
  private void warmUp() {
    LatentSpace space = data.space();
    int n = Math.min(WARM_UP_ITEMS, space.size());
    LatentSpace head = new LatentSpace(Arrays.copyOf(space.points(), n),
        Arrays.copyOf(space.labels(), n), Arrays.copyOf(space.predictions(), n),
        space.classCount());
    for (SamplingMethod method : options.methods()) {
      bars.detail("warm-up " + method);
      method.sampler().select(head, new SampleSpec(method, options.sweepFraction(), options.j(),
          0), ProgressListener.NONE);
    }
  }

  private static long plannedSamples(EvaluationOptions options) {
    boolean sweepAmongFractions =
        Arrays.stream(options.fractions()).anyMatch(f -> f == options.sweepFraction());
    long total = 0;
    for (SamplingMethod method : options.methods()) {
      long perSeed = fixedSize(method) ? 1 : options.fractions().length
          + (sweepAmongFractions ? 0 : 1)
          + (boundary(method) ? options.jValues().length : 0);
      total += perSeed * options.repeats(method)
          + (method.isRandom() ? 0 : options.repeats() - 1);
    }
    return total;
  }

  private void runSeed(SamplingMethod method, long seed) {
    Draws draws = new Draws(method, seed);
    boolean sweepDone = false;
    for (double fraction : options.fractions()) {
      Drawn drawn = draws.draw(fraction, options.j());
      // A fixed-size sample is recorded at its actual fraction.
      double recorded = fixedSize(method) ? (double) drawn.items.length / data.size() : fraction;
      boolean sweep = fixedSize(method) || fraction == options.sweepFraction();
      record(Experiment.FRACTION, method, seed, recorded, options.j(), drawn);
      WorkloadScores scores = evaluator.evaluate(drawn.items, options.k());
      measure(Experiment.FRACTION, method, seed, recorded, options.j(), options.k(),
          drawn.items.length, scores);
      if (sweep) {
        kSweep(method, seed, recorded, drawn.items, scores);
        sweepDone = true;
      }
      step();
      if (fixedSize(method)) {
        return;
      }
    }
    if (!sweepDone) {
      Drawn drawn = draws.draw(options.sweepFraction(), options.j());
      record(Experiment.K, method, seed, options.sweepFraction(), options.j(), drawn);
      kSweep(method, seed, options.sweepFraction(), drawn.items,
          evaluator.evaluate(drawn.items, options.k()));
      step();
    }
    if (boundary(method)) {
      for (double j : options.jValues()) {
        Drawn drawn = draws.draw(options.sweepFraction(), j);
        record(Experiment.J, method, seed, options.sweepFraction(), j, drawn);
        measure(Experiment.J, method, seed, options.sweepFraction(), j, options.k(),
            drawn.items.length, evaluator.evaluate(drawn.items, options.k()));
        step();
      }
    }
  }

  /** One sample drawn and measured. */
  private void step() {
    bars.update(stage, ++done, planned);
  }

  /** Draws a deterministic method's sweep-fraction sample again, for its creation time. */
  private void timeAgain(SamplingMethod method) {
    for (int r = 1; r < options.repeats(); r++) {
      Drawn drawn = new Draws(method, r).draw(options.sweepFraction(), options.j());
      record(Experiment.TIME, method, r, fixedSize(method)
          ? (double) drawn.items.length / data.size() : options.sweepFraction(), options.j(),
          drawn);
      step();
    }
  }

  private void kSweep(SamplingMethod method, long seed, double fraction, int[] sample,
      WorkloadScores atDefaultK) {
    for (int k : kValues) {
      measure(Experiment.K, method, seed, fraction, options.j(), k, sample.length,
          k == options.k() ? atDefaultK : evaluator.evaluate(sample, k));
    }
  }

  private void record(Experiment experiment, SamplingMethod method, long seed, double fraction,
      double j, Drawn drawn) {
    results.add(new DrawnSample(experiment, method, seed, fraction, j, drawn.items.length,
        data.correctCount(drawn.items), drawn.fitSeconds, drawn.selectSeconds));
  }

  private void measure(Experiment experiment, SamplingMethod method, long seed, double fraction,
      double j, int k, int size, WorkloadScores scores) {
    for (Subset subset : Subset.values()) {
      WorkloadScores part = scores.filter(subset::contains);
      results.add(new Measurement(experiment, method, seed, fraction, j, k, subset, size,
          part.scores().size(), part.emptyCount(), part.meanTopKPrecision(),
          part.meanCosineDistance(), part.meanJensenShannonDistance()));
    }
  }

  /** A drawn sample's items and the time it took. */
  private record Drawn(int[] items, double fitSeconds, double selectSeconds) {
  }

  /** Draws the samples of one method and seed, fitting a boundary method's model once. */
  private final class Draws {
    private final SamplingMethod method;
    private final long seed;
    private final Sampler sampler;
    private final ProgressListener progress;
    private BoundaryScores scores;
    private double fitSeconds;

    Draws(SamplingMethod method, long seed) {
      this.method = method;
      this.seed = seed;
      this.sampler = method.sampler();
      String prefix = method.methodName() + " seed " + seed;
      this.progress = (stage, done, total) -> bars.detail(
          String.format(Locale.ROOT, "%s: %s %d/%d", prefix, stage, done, total));
      bars.detail(prefix);
    }

    Drawn draw(double fraction, double j) {
      if (sampler instanceof BoundarySampler boundarySampler) {
        if (scores == null) {
          long start = System.nanoTime();
          scores = boundarySampler.score(data.space(), seed, progress);
          fitSeconds = (System.nanoTime() - start) / 1e9;
        }
        long start = System.nanoTime();
        int[] items = scores.selectTwoEnds(fraction, j);
        return new Drawn(items, fitSeconds, (System.nanoTime() - start) / 1e9);
      }
      long start = System.nanoTime();
      int[] items =
          sampler.select(data.space(), new SampleSpec(method, fraction, j, seed), progress);
      return new Drawn(items, 0, (System.nanoTime() - start) / 1e9);
    }
  }
}
