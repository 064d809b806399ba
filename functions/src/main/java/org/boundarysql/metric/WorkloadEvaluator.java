/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.metric;

import org.boundarysql.kernel.ArgmaxDist;
import org.boundarysql.kernel.AvgActivation;
import org.boundarysql.kernel.RowSource;
import org.boundarysql.kernel.TopKNeurons;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores samples on the diagnosis workload: S1 (top-K neurons by mean activation), S2 (mean
 * activation per neuron) and S3 (distribution of the maximally activated neuron), each over every
 * (layer, true class, correct or incorrect) combination that the full data has items for.
 *
 * <p>The full data's answers are computed once, in one pass over each layer; each sample then
 * reads only its own rows.
 */
public final class WorkloadEvaluator {
  private final Map<String, RowSource> layers;
  private final int[] labels;
  private final int[] predictions;
  private final int classCount;
  private final Map<String, Answer[]> fullAnswers = new LinkedHashMap<>();

  /**
   * Creates an evaluator over layers whose row i is item i; iteration order of {@code layers} is
   * the order of the scores.
   */
  public WorkloadEvaluator(Map<String, RowSource> layers, int[] labels, int[] predictions,
      int classCount) {
    if (labels.length != predictions.length) {
      throw new IllegalArgumentException("lengths differ: " + labels.length + " labels, "
          + predictions.length + " predictions");
    }
    layers.forEach((name, rows) -> {
      if (rows.rows() != labels.length) {
        throw new IllegalArgumentException("layer " + name + " has " + rows.rows()
            + " rows for " + labels.length + " items");
      }
    });
    this.layers = new LinkedHashMap<>(layers);
    this.labels = labels.clone();
    this.predictions = predictions.clone();
    this.classCount = classCount;
    int[] all = new int[labels.length];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    this.layers.forEach((name, rows) -> fullAnswers.put(name, answers(rows, all)));
  }

  /** Scores the sample of the given item indices with top-{@code k} precision for S1. */
  public WorkloadScores evaluate(int[] sample, int k) {
    List<CombinationScore> scores = new ArrayList<>();
    layers.forEach((name, rows) -> {
      Answer[] full = fullAnswers.get(name);
      Answer[] sampled = answers(rows, sample);
      for (int c = 0; c < full.length; c++) {
        if (full[c].count() > 0) {
          scores.add(score(new Combination(name, c / 2, c % 2 == 0), full[c], sampled[c], k));
        }
      }
    });
    return new WorkloadScores(scores);
  }

  private static CombinationScore score(Combination combination, Answer full, Answer sample,
      int k) {
    if (sample.count() == 0) {
      return new CombinationScore(combination, full.count(), 0, 0, 1, 1);
    }
    double[] fullMean = full.mean().mean();
    double[] sampleMean = sample.mean().mean();
    return new CombinationScore(combination, full.count(), sample.count(),
        QueryMetrics.topKPrecision(TopKNeurons.indices(sampleMean, k),
            TopKNeurons.indices(fullMean, k)),
        QueryMetrics.cosineDistance(sampleMean, fullMean),
        QueryMetrics.jensenShannonDistance(sample.argmax().shares(), full.argmax().shares()));
  }

  /** Accumulates the answers of the given rows, per combination 2·label + (correct ? 0 : 1). */
  private Answer[] answers(RowSource rows, int[] items) {
    Answer[] answers = new Answer[2 * classCount];
    for (int c = 0; c < answers.length; c++) {
      answers[c] = new Answer(new AvgActivation(rows.width()),
          new ArgmaxDist(rows.width()));
    }
    float[] row = new float[rows.width()];
    for (int item : items) {
      rows.read(item, row);
      Answer answer = answers[2 * labels[item] + (labels[item] == predictions[item] ? 0 : 1)];
      answer.mean().add(row);
      answer.argmax().add(row);
    }
    return answers;
  }

  /** The accumulated answer of one combination. */
  private record Answer(AvgActivation mean, ArgmaxDist argmax) {
    int count() {
      return (int) mean.count();
    }
  }
}
