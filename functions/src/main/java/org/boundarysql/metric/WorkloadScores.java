/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.metric;

import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * A sample's scores on every combination the full data has items for, and the query-set
 * accuracies: the mean of each metric over those combinations.
 */
public final class WorkloadScores {
  private final List<CombinationScore> scores;

  WorkloadScores(List<CombinationScore> scores) {
    this.scores = List.copyOf(scores);
  }

  /** Returns the score of each combination. */
  public List<CombinationScore> scores() {
    return scores;
  }

  /** Returns the scores of the combinations that satisfy {@code filter}. */
  public WorkloadScores filter(Predicate<Combination> filter) {
    return new WorkloadScores(
        scores.stream().filter(s -> filter.test(s.combination())).toList());
  }

  /** Returns S1: mean top-K precision; NaN when there are no combinations. */
  public double meanTopKPrecision() {
    return mean(CombinationScore::topKPrecision);
  }

  /** Returns S2: mean cosine distance; NaN when there are no combinations. */
  public double meanCosineDistance() {
    return mean(CombinationScore::cosineDistance);
  }

  /** Returns S3: mean Jensen–Shannon distance; NaN when there are no combinations. */
  public double meanJensenShannonDistance() {
    return mean(CombinationScore::jensenShannonDistance);
  }

  /** Returns how many combinations the sample has no items for. */
  public long emptyCount() {
    return scores.stream().filter(CombinationScore::sampleEmpty).count();
  }

  private double mean(ToDoubleFunction<CombinationScore> metric) {
    return scores.stream().mapToDouble(metric).average().orElse(Double.NaN);
  }
}
