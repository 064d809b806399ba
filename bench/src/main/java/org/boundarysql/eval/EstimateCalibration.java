/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.eval;

import org.boundarysql.estimate.Auxiliaries;
import org.boundarysql.estimate.ModelAssistedMean;
import org.boundarysql.kernel.ArgmaxDist;
import org.boundarysql.kernel.RowSource;
import org.boundarysql.kernel.TopKNeurons;
import org.boundarysql.metric.QueryMetrics;
import org.boundarysql.sample.Draw;
import org.boundarysql.sample.SampleSpec;
import org.boundarysql.sample.SamplingMethod;
import org.boundarysql.task.ProgressBars;
import org.boundarysql.task.ProgressListener;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The calibration of the model-assisted estimates behind {@code ./boundary eval --calibration
 * --estimates}: for every probability design, seed and fraction, a sample is drawn (each design
 * at its default j) and, for every layer other than the latent layer and the logits and every
 * group (by label, and by label and correct/incorrect) the sample holds at least two items of,
 * the estimate of the group's per-neuron mean (auxiliaries: latent, logits, softmax of every
 * item, their mean and standard deviation over the group) is set beside the full
 * data's mean, and the diagnosis answers drawn from it beside the full data's and the plain
 * sample's: the top-K neurons of the estimate ({@code TOPK_NEURONS_ESTIMATE}, S1) and the
 * estimate of the argmax distribution ({@code ARGMAX_DIST_ESTIMATE}, S3). Writes
 * {@code estimates.csv}, {@code estimates.md} and {@code estimates.png}.
 */
public final class EstimateCalibration {
  /** The designs calibrated when the options name every method. */
  static final List<SamplingMethod> DEFAULT_DESIGNS = List.of(SamplingMethod.UNIFORM,
      SamplingMethod.MARGIN_STRATIFIED);
  /** The level of the intervals. */
  static final double LEVEL = 0.90;

  private final EvaluationData data;
  private final int k;
  private final List<String> targets = new ArrayList<>();
  private final double[][] auxiliaries;
  private final List<Grouping> groupings;
  private final List<EstimatePoint> points = new ArrayList<>();

  /**
   * Groups of the items: their key per item, and per group its population, its auxiliaries'
   * mean and standard deviation, and each target layer's full mean and argmax distribution.
   */
  private record Grouping(String name, int[] keys, int[] population, double[][] auxiliaryMeans,
      double[][] auxiliaryScales, Map<String, double[][]> truths,
      Map<String, double[][]> argmaxTruths) {
    static Grouping of(String name, int[] keys, int count, double[][] auxiliaries) {
      int[] population = new int[count];
      for (int key : keys) {
        population[key]++;
      }
      double[][] means = means(auxiliaries, keys, population);
      double[][] squares = new double[auxiliaries.length][];
      for (int i = 0; i < auxiliaries.length; i++) {
        squares[i] = new double[auxiliaries[i].length];
        for (int j = 0; j < squares[i].length; j++) {
          double d = auxiliaries[i][j] - means[keys[i]][j];
          squares[i][j] = d * d;
        }
      }
      double[][] scales = means(squares, keys, population);
      for (double[] scale : scales) {
        for (int j = 0; j < scale.length; j++) {
          scale[j] = Math.sqrt(scale[j]);
        }
      }
      return new Grouping(name, keys, population, means, scales, new LinkedHashMap<>(),
          new LinkedHashMap<>());
    }
  }

  private EstimateCalibration(EvaluationData data, int k) {
    this.data = data;
    this.k = k;
    int classes = data.classes().size();
    String logits = data.logitsLayer();
    if (logits == null) {
      throw new IllegalArgumentException("store " + data.storeName() + " has no layer of one"
          + " value per class (" + classes + ") to serve as the logits");
    }
    RowSource latent = data.layers().get(data.latentLayer());
    RowSource logitRows = data.layers().get(logits);
    float[] latentRow = new float[latent.width()];
    float[] logitRow = new float[logitRows.width()];
    RowSource scores = data.inputScores();
    float[] scoreRow = new float[scores == null ? 0 : scores.width()];
    auxiliaries = new double[data.size()][];
    int[] byCorrectness = new int[data.size()];
    for (int i = 0; i < data.size(); i++) {
      latent.read(i, latentRow);
      logitRows.read(i, logitRow);
      if (scores != null) {
        scores.read(i, scoreRow);
      }
      auxiliaries[i] = Auxiliaries.of(latentRow, logitRow, scoreRow);
      byCorrectness[i] = 2 * data.labels()[i]
          + (data.labels()[i] == data.predictions()[i] ? 0 : 1);
    }
    groupings = List.of(Grouping.of("label", data.labels(), classes, auxiliaries),
        Grouping.of("label x correct", byCorrectness, 2 * classes, auxiliaries));
    for (String name : data.layers().keySet()) {
      if (!name.equals(logits) && !name.equals(data.latentLayer())) {
        targets.add(name);
        RowSource layer = data.layers().get(name);
        float[] row = new float[layer.width()];
        List<double[][]> sums = new ArrayList<>();
        List<double[][]> argmaxCounts = new ArrayList<>();
        for (Grouping grouping : groupings) {
          sums.add(new double[grouping.population().length][layer.width()]);
          argmaxCounts.add(new double[grouping.population().length][layer.width()]);
        }
        for (int i = 0; i < data.size(); i++) {
          layer.read(i, row);
          int argmax = ArgmaxDist.argmax(row);
          for (int g = 0; g < groupings.size(); g++) {
            int key = groupings.get(g).keys()[i];
            double[] sum = sums.get(g)[key];
            for (int c = 0; c < row.length; c++) {
              sum[c] += row[c];
            }
            argmaxCounts.get(g)[key][argmax]++;
          }
        }
        for (int g = 0; g < groupings.size(); g++) {
          Grouping grouping = groupings.get(g);
          grouping.truths().put(name, divide(sums.get(g), grouping.population()));
          grouping.argmaxTruths().put(name, divide(argmaxCounts.get(g), grouping.population()));
        }
      }
    }
  }

  /** Runs the calibration the options describe and writes its results. */
  public static void run(EvaluationOptions options) throws IOException {
    long start = System.nanoTime();
    System.err.println("eval: opening " + options.store() + " (split " + options.split() + ")");
    EvaluationData data = EvaluationData.open(options.store(), options.split());
    List<SamplingMethod> designs = options.methods().size() == SamplingMethod.values().length
        ? DEFAULT_DESIGNS
        : options.methods().stream().filter(SamplingMethod::knowsProbabilities).toList();
    if (designs.isEmpty()) {
      throw new IllegalArgumentException("--estimates calibrates designs that know their"
          + " inclusion probabilities; none of " + options.methods() + " does");
    }
    long planned = designs.stream()
        .mapToLong(m -> (long) options.repeats(m) * options.fractions().length).sum();
    String stage = "estimates " + data.storeName();
    List<EstimatePoint> points;
    try (ProgressBars bars = ProgressBars.onStandardError()) {
      bars.update(stage, 0, planned);
      bars.detail("full data's means and auxiliaries");
      EstimateCalibration run = new EstimateCalibration(data, options.k());
      long done = 0;
      for (SamplingMethod design : designs) {
        for (long seed = 0; seed < options.repeats(design); seed++) {
          for (double fraction : options.fractions()) {
            bars.detail(design + " " + fraction + " seed " + seed);
            run.calibrate(design, fraction, seed);
            bars.update(stage, ++done, planned);
          }
        }
      }
      points = run.points;
    }
    EstimateReport.write(designs, options, data, points, options.commandLine()
        + " --calibration --estimates", options.out());
    System.err.printf("eval: %d group estimates in %.0f s; results in %s%n", points.size(),
        (System.nanoTime() - start) / 1e9, options.out());
  }

  private void calibrate(SamplingMethod design, double fraction, long seed) {
    Draw draw = SampleSpec.of(design, fraction, design.defaultJ(), seed)
        .draw(data.space(), ProgressListener.NONE);
    for (Grouping grouping : groupings) {
      List<List<Integer>> members = new ArrayList<>();
      for (int g = 0; g < grouping.population().length; g++) {
        members.add(new ArrayList<>());
      }
      for (int r = 0; r < draw.rows().length; r++) {
        members.get(grouping.keys()[draw.rows()[r]]).add(r);
      }
      for (String layerName : targets) {
        for (int group = 0; group < members.size(); group++) {
          if (members.get(group).size() >= 2) { // no estimate from fewer than two items
            points.add(estimate(design, fraction, seed, grouping, group, layerName, draw,
                members.get(group)));
          }
        }
      }
    }
  }

  private EstimatePoint estimate(SamplingMethod design, double fraction, long seed,
      Grouping grouping, int group, String layerName, Draw draw, List<Integer> members) {
    RowSource layer = data.layers().get(layerName);
    int n = members.size();
    double[][] y = new double[n][layer.width()];
    double[][] argmax = new double[n][layer.width()];
    double[][] x = new double[n][];
    int[] strata = new int[n];
    double[] probabilities = new double[n];
    float[] row = new float[layer.width()];
    for (int i = 0; i < n; i++) {
      int r = members.get(i);
      layer.read(draw.rows()[r], row);
      for (int c = 0; c < row.length; c++) {
        y[i][c] = row[c];
      }
      argmax[i][ArgmaxDist.argmax(row)] = 1;
      x[i] = auxiliaries[draw.rows()[r]];
      strata[i] = draw.strata()[r];
      probabilities[i] = draw.probabilities()[r];
    }
    long start = System.nanoTime();
    ModelAssistedMean.Estimate estimate = ModelAssistedMean.estimate(y, x, strata,
        probabilities, grouping.auxiliaryMeans()[group], grouping.auxiliaryScales()[group]);
    long estimateNanos = System.nanoTime() - start;
    double[] argmaxEstimate = ModelAssistedMean.estimate(argmax, x, strata, probabilities,
        grouping.auxiliaryMeans()[group], grouping.auxiliaryScales()[group]).shares();
    double[] argmaxPlain = new double[layer.width()];
    for (double[] indicator : argmax) {
      for (int c = 0; c < indicator.length; c++) {
        argmaxPlain[c] += indicator[c] / n;
      }
    }
    double[] argmaxTruth = grouping.argmaxTruths().get(layerName)[group];
    return point(design, fraction, seed, grouping.name(), layerName, group, y, probabilities,
        grouping.population()[group], estimate, grouping.truths().get(layerName)[group],
        estimateNanos, QueryMetrics.jensenShannonDistance(argmaxEstimate, argmaxTruth),
        QueryMetrics.jensenShannonDistance(argmaxPlain, argmaxTruth));
  }

  private EstimatePoint point(SamplingMethod design, double fraction, long seed,
      String grouping, String layer, int group, double[][] y, double[] probabilities,
      int population, ModelAssistedMean.Estimate estimate, double[] truth, long estimateNanos,
      double s3Estimate, double s3Plain) {
    int p = truth.length;
    long start = System.nanoTime();
    double[] plain = new double[p];
    for (double[] values : y) {
      for (int c = 0; c < p; c++) {
        plain[c] += values[c] / y.length;
      }
    }
    long plainNanos = System.nanoTime() - start;
    double[] weighted = new double[p];
    double totalWeight = 0;
    for (int i = 0; i < y.length; i++) {
      totalWeight += 1 / probabilities[i];
      for (int c = 0; c < p; c++) {
        weighted[c] += y[i][c] / probabilities[i];
      }
    }
    double estimateSquares = 0;
    double plainSquares = 0;
    double weightedSquares = 0;
    double width = 0;
    int covered = 0;
    for (int c = 0; c < p; c++) {
      weighted[c] /= totalWeight;
      estimateSquares += square(estimate.mean()[c] - truth[c]);
      plainSquares += square(plain[c] - truth[c]);
      weightedSquares += square(weighted[c] - truth[c]);
      double low = estimate.low(c, LEVEL);
      double high = estimate.high(c, LEVEL);
      covered += truth[c] >= low && truth[c] <= high ? 1 : 0;
      width += (high - low) / p;
    }
    int[] top = TopKNeurons.indices(truth, k);
    return new EstimatePoint(design, fraction, seed, grouping, layer, group, y.length,
        population, Math.sqrt(estimateSquares), Math.sqrt(plainSquares),
        Math.sqrt(weightedSquares), covered, p, width, estimateNanos, plainNanos,
        QueryMetrics.topKPrecision(TopKNeurons.indices(estimate.mean(), k), top),
        QueryMetrics.topKPrecision(TopKNeurons.indices(plain, k), top), s3Estimate, s3Plain);
  }

  private static double square(double value) {
    return value * value;
  }

  /** Each group's mean of {@code rows} (one per item, in group {@code keys[item]}). */
  private static double[][] means(double[][] rows, int[] keys, int[] counts) {
    double[][] sums = new double[counts.length][rows[0].length];
    for (int i = 0; i < rows.length; i++) {
      for (int c = 0; c < rows[i].length; c++) {
        sums[keys[i]][c] += rows[i][c];
      }
    }
    return divide(sums, counts);
  }

  private static double[][] divide(double[][] sums, int[] counts) {
    for (int g = 0; g < sums.length; g++) {
      for (int c = 0; c < sums[g].length; c++) {
        sums[g][c] /= Math.max(1, counts[g]);
      }
    }
    return sums;
  }
}
