/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.eval;

import org.boundarysql.sample.SamplingMethod;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Everything an evaluation measured: the samples it drew and their query-set accuracies. */
final class Results {
  private final EvaluationOptions options;
  private final EvaluationData data;
  private final List<DrawnSample> samples = new ArrayList<>();
  private final List<Measurement> measurements = new ArrayList<>();
  private final int[] combinationCounts = new int[Subset.values().length];
  private double seconds;

  Results(EvaluationOptions options, EvaluationData data) {
    this.options = options;
    this.data = data;
  }

  EvaluationOptions options() {
    return options;
  }

  EvaluationData data() {
    return data;
  }

  void add(DrawnSample sample) {
    samples.add(sample);
  }

  void add(Measurement measurement) {
    measurements.add(measurement);
    combinationCounts[measurement.subset().ordinal()] = measurement.combinations();
  }

  /** Returns every sample drawn, in order. */
  List<DrawnSample> samples() {
    return samples;
  }

  /** Returns every measurement, in order. */
  List<Measurement> measurements() {
    return measurements;
  }

  /** Returns how many combinations of a subset the full data has items for. */
  int combinations(Subset subset) {
    return combinationCounts[subset.ordinal()];
  }

  /** Returns the measurements of one experiment, method and subset. */
  Stream<Measurement> measurements(Experiment experiment, SamplingMethod method, Subset subset) {
    return measurements.stream().filter(m -> m.experiment() == experiment
        && m.method() == method && m.subset() == subset);
  }

  /**
   * Returns the measurements of a method's samples at the sweep fraction and the default j (a
   * fixed-size method's only sample), scored with top-{@code k} precision.
   */
  Stream<Measurement> atSweepFraction(SamplingMethod method, Subset subset, int k) {
    return measurements(Experiment.K, method, subset).filter(m -> m.k() == k);
  }

  /** Returns a method's samples at the sweep fraction and the default j: Table IV's samples. */
  Stream<DrawnSample> samplesAtSweepFraction(SamplingMethod method) {
    return samples.stream().filter(s -> s.method() == method && s.experiment() != Experiment.J
        && (EvaluationRun.fixedSize(method) || s.fraction() == options.sweepFraction()));
  }

  /** Returns the statistics of S1, S2 or S3 over some measurements. */
  static Stats stats(Stream<Measurement> measurements, int querySet) {
    return Stats.of(measurements.mapToDouble(m -> m.metric(querySet)));
  }

  /** Returns the wall-clock seconds of the whole evaluation. */
  double seconds() {
    return seconds;
  }

  void seconds(double seconds) {
    this.seconds = seconds;
  }
}
