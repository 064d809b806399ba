/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.estimate;

import org.boundarysql.kernel.ArgmaxDistribution;
import org.boundarysql.kernel.TopKNeurons;
import org.boundarysql.metric.QueryMetrics;

/**
 * A diagnosis answer and its error metric, as the bootstrap needs them: the answer of a
 * multiset of a group's rows (row i counted {@code counts[i]} times) and the metric between
 * two answers. {@link #exact()} is the metric's value between identical answers.
 */
public interface ErrorMetric {
  /** The answer of the rows weighted by {@code counts}, whose sum is {@code total}. */
  double[] answer(float[][] rows, int[] counts, long total);

  /** The metric between the answer on a sample and the answer on its population. */
  double metric(double[] sample, double[] population);

  /** The metric between identical answers: 1 for a precision, 0 for a distance. */
  double exact();

  /** S1: precision of the top-k neurons by mean activation. */
  static ErrorMetric topKPrecision(int k) {
    return new ErrorMetric() {
      @Override public double[] answer(float[][] rows, int[] counts, long total) {
        return mean(rows, counts, total);
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
    @Override public double[] answer(float[][] rows, int[] counts, long total) {
      return mean(rows, counts, total);
    }

    @Override public double metric(double[] sample, double[] population) {
      return QueryMetrics.cosineDistance(sample, population);
    }

    @Override public double exact() {
      return 0;
    }
  };

  /** S3: Jensen–Shannon distance of the distributions of the largest neuron. */
  ErrorMetric JS_DISTANCE = new ErrorMetric() {
    @Override public double[] answer(float[][] rows, int[] counts, long total) {
      double[] shares = new double[rows.length == 0 ? 0 : rows[0].length];
      for (int i = 0; i < rows.length; i++) {
        shares[ArgmaxDistribution.argmax(rows[i])] += (double) counts[i] / total;
      }
      return shares;
    }

    @Override public double metric(double[] sample, double[] population) {
      return QueryMetrics.jensenShannonDistance(sample, population);
    }

    @Override public double exact() {
      return 0;
    }
  };

  /** The element-wise mean of the rows weighted by {@code counts}. */
  private static double[] mean(float[][] rows, int[] counts, long total) {
    double[] sum = new double[rows.length == 0 ? 0 : rows[0].length];
    for (int i = 0; i < rows.length; i++) {
      if (counts[i] != 0) {
        float[] row = rows[i];
        for (int n = 0; n < sum.length; n++) {
          sum[n] += counts[i] * (double) row[n];
        }
      }
    }
    for (int n = 0; n < sum.length; n++) {
      sum[n] /= total;
    }
    return sum;
  }
}
