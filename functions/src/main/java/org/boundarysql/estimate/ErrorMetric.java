/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.estimate;

import org.boundarysql.kernel.TopKNeurons;
import org.boundarysql.metric.QueryMetrics;

/**
 * The error metric of a diagnosis answer against the full data's: which answer it compares
 * (the mean activation, or the shares of the largest neuron) and how. {@link #exact()} is the
 * metric between identical answers.
 */
public interface ErrorMetric {
  /** The answers the metrics compare. */
  enum Answer {
    /** Element-wise mean activation: AVG_ACTIVATION, and TOPK_NEURONS ranks it. */
    MEAN,
    /** Share of rows whose largest neuron is i: ARGMAX_DIST. */
    ARGMAX_SHARES
  }

  /** The answer this metric compares. */
  Answer answer();

  /** The metric between the answer on a sample and the answer on its population. */
  double metric(double[] sample, double[] population);

  /** The metric between identical answers: 1 for a precision, 0 for a distance. */
  double exact();

  /**
   * Whether only the upper end of this metric's interval is stated: its estimate errs towards
   * larger errors, so the interval is one-sided, from {@link #exact()} to the upper quantile.
   */
  default boolean upperBoundOnly() {
    return false;
  }

  /** S1: precision of the top-k neurons by mean activation. */
  static ErrorMetric topKPrecision(int k) {
    return new ErrorMetric() {
      @Override public Answer answer() {
        return Answer.MEAN;
      }

      @Override public double metric(double[] sample, double[] population) {
        return QueryMetrics.topKPrecision(TopKNeurons.indices(sample, k),
            TopKNeurons.indices(population, k));
      }

      @Override public double exact() {
        return 1;
      }
    };
  }

  /** S2: cosine distance of the mean activations. */
  ErrorMetric COSINE_DISTANCE = new ErrorMetric() {
    @Override public Answer answer() {
      return Answer.MEAN;
    }

    @Override public double metric(double[] sample, double[] population) {
      return QueryMetrics.cosineDistance(sample, population);
    }

    @Override public double exact() {
      return 0;
    }
  };

  /**
   * S3: Jensen–Shannon distance of the distributions of the largest neuron. Its bootstrap
   * overstates the error where a layer has many neurons (Good–Turing's unseen share, see
   * {@link BootstrapError}), so only its upper bound is stated.
   */
  ErrorMetric JS_DISTANCE = new ErrorMetric() {
    @Override public Answer answer() {
      return Answer.ARGMAX_SHARES;
    }

    @Override public double metric(double[] sample, double[] population) {
      return QueryMetrics.jensenShannonDistance(sample, population);
    }

    @Override public double exact() {
      return 0;
    }

    @Override public boolean upperBoundOnly() {
      return true;
    }
  };
}
