/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.eval;

import org.boundarysql.estimate.BootstrapError;
import org.boundarysql.estimate.ErrorEstimate;
import org.boundarysql.estimate.ErrorMetric;
import org.boundarysql.estimate.EstimateBasis;
import org.boundarysql.kernel.RowSource;
import org.boundarysql.metric.CombinationScore;
import org.boundarysql.metric.WorkloadEvaluator;
import org.boundarysql.sample.SampleSpec;
import org.boundarysql.sample.SamplingMethod;
import org.boundarysql.task.ProgressBars;
import org.boundarysql.task.ProgressListener;

import java.util.ArrayList;
import java.util.List;

/**
 * Draws every method's samples (each random method once per seed) at every fraction and, for
 * every (layer, class, correct/incorrect) combination the sample covers, sets the error
 * estimate that {@code TOPK_NEURONS_ERROR}, {@code AVG_ACTIVATION_ERROR} and
 * {@code ARGMAX_DIST_ERROR} compute (the same {@link BootstrapError}, resamples and level)
 * beside the true error against the full data.
 */
final class CalibrationRun {
  private final EvaluationOptions options;
  private final EvaluationData data;
  private final WorkloadEvaluator evaluator;
  private final List<ErrorMetric> metrics;
  private final List<CalibrationPoint> points = new ArrayList<>();

  private CalibrationRun(EvaluationOptions options, EvaluationData data) {
    this.options = options;
    this.data = data;
    this.evaluator = new WorkloadEvaluator(data.layers(), data.labels(), data.predictions(),
        data.space().classCount());
    this.metrics = CalibrationQuery.metrics(options.k());
  }

  /** Runs the calibration the options describe on {@code data}, showing progress. */
  static List<CalibrationPoint> run(EvaluationOptions options, EvaluationData data) {
    long planned = options.methods().stream()
        .mapToLong(m -> (long) options.repeats(m) * options.fractions().length).sum();
    String stage = "calibrate " + data.storeName();
    try (ProgressBars bars = ProgressBars.onStandardError()) {
      bars.update(stage, 0, planned);
      bars.detail("full data's answers");
      CalibrationRun run = new CalibrationRun(options, data);
      long done = 0;
      for (SamplingMethod method : options.methods()) {
        for (long seed = 0; seed < options.repeats(method); seed++) {
          for (double fraction : options.fractions()) {
            bars.detail(method + " " + fraction + " seed " + seed);
            run.calibrate(method, fraction, seed);
            bars.update(stage, ++done, planned);
          }
        }
      }
      return run.points;
    }
  }

  private void calibrate(SamplingMethod method, double fraction, long seed) {
    int[] sample = method.sampler().select(data.space(),
        new SampleSpec(method, fraction, options.j(), seed), ProgressListener.NONE);
    for (CombinationScore score : evaluator.evaluate(sample, options.k()).scores()) {
      if (score.sampleEmpty()) {
        continue; // the group has no row in the sampled answer
      }
      RowSource layer = data.layers().get(score.combination().layer());
      float[][] rows = rowsOf(layer, sample, score.combination().label(),
          score.combination().correct());
      EstimateBasis basis = EstimateBasis.of(method.methodName(), rows.length,
          score.fullCount());
      List<ErrorEstimate> estimates = BootstrapError.standard().estimate(rows,
          score.fullCount(), metrics);
      for (CalibrationQuery query : CalibrationQuery.values()) {
        points.add(new CalibrationPoint(method, fraction, seed, score.combination(), query,
            rows.length, score.fullCount(), basis, estimates.get(query.ordinal()),
            query.truth(score)));
      }
    }
  }

  /** The activations of the sampled items of one class, correctly classified or not. */
  private float[][] rowsOf(RowSource layer, int[] sample, int label, boolean correct) {
    List<float[]> rows = new ArrayList<>();
    for (int item : sample) {
      if (data.labels()[item] == label
          && (data.labels()[item] == data.predictions()[item]) == correct) {
        float[] row = new float[layer.width()];
        layer.read(item, row);
        rows.add(row);
      }
    }
    return rows.toArray(float[][]::new);
  }
}
