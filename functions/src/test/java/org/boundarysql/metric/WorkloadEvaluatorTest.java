/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.metric;

import org.boundarysql.kernel.RowSource;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tests {@link WorkloadEvaluator} on a small hand-checked workload. */
class WorkloadEvaluatorTest {
  // Items 0-2: class 0 correct; item 3: class 0 predicted 1; items 4-5: class 1 correct.
  private static final int[] LABELS = {0, 0, 0, 0, 1, 1};
  private static final int[] PREDICTIONS = {0, 0, 0, 1, 1, 1};
  private static final float[][] CONV = {
      {3, 1, 0}, {1, 3, 0}, {3, 1, 0}, {0, 0, 5}, {1, 1, 1}, {1, 1, 2}};
  private static final float[][] FC = {{1, 0}, {1, 0}, {0, 1}, {0, 1}, {2, 2}, {2, 2}};

  private static WorkloadEvaluator evaluator() {
    Map<String, RowSource> layers = new LinkedHashMap<>();
    layers.put("conv", RowSource.of(CONV));
    layers.put("fc", RowSource.of(FC));
    return new WorkloadEvaluator(layers, LABELS, PREDICTIONS, 2);
  }

  /** The full data answers itself perfectly on the three combinations it has items for. */
  @Test void fullSampleIsExact() {
    WorkloadScores scores = evaluator().evaluate(new int[] {0, 1, 2, 3, 4, 5}, 1);
    assertEquals(6, scores.scores().size(), "2 layers × 3 non-empty combinations");
    assertEquals(1, scores.meanTopKPrecision(), 0);
    assertEquals(0, scores.meanCosineDistance(), 1e-12);
    assertEquals(0, scores.meanJensenShannonDistance(), 1e-12);
    assertEquals(0, scores.emptyCount());
  }

  /**
   * Sample {0, 4}: conv class 0 correct has sample mean (3, 1, 0) against full (7/3, 5/3, 0);
   * the misclassified combination is empty and scores the worst values.
   */
  @Test void partialSample() {
    WorkloadScores scores = evaluator().evaluate(new int[] {0, 4}, 1);
    List<CombinationScore> conv = scores.filter(c -> c.layer().equals("conv")).scores();
    CombinationScore correct0 = conv.get(0);
    assertEquals(new Combination("conv", 0, true), correct0.combination());
    assertEquals(3, correct0.fullCount());
    assertEquals(1, correct0.sampleCount());
    assertEquals(1, correct0.topKPrecision(), 0);
    double cosine = (3 * 7 / 3.0 + 5 / 3.0) / (Math.sqrt(10) * Math.sqrt(49 / 9.0 + 25 / 9.0));
    assertEquals(1 - cosine, correct0.cosineDistance(), 1e-12);
    // Full argmax shares p = (2/3, 1/3, 0) (items 0 and 2 peak at neuron 0, item 1 at 1)
    // against the sample's q = (1, 0, 0): m = (5/6, 1/6, 0),
    // KL(p‖m) = 2/3 log₂(4/5) + 1/3 log₂ 2 = 0.1187146, KL(q‖m) = log₂(6/5) = 0.2630344,
    // distance = √((0.1187146 + 0.2630344) / 2) = 0.4368919.
    double klP = 2 / 3.0 * Math.log(4 / 5.0) / Math.log(2) + 1 / 3.0;
    double klQ = Math.log(6 / 5.0) / Math.log(2);
    assertEquals(Math.sqrt((klP + klQ) / 2), correct0.jensenShannonDistance(), 1e-12);
    assertEquals(0.43689186833942034, correct0.jensenShannonDistance(), 1e-12);
    CombinationScore wrong0 = conv.get(1);
    assertEquals(new Combination("conv", 0, false), wrong0.combination());
    assertTrue(wrong0.sampleEmpty());
    assertEquals(0, wrong0.topKPrecision());
    assertEquals(1, wrong0.cosineDistance());
    assertEquals(1, wrong0.jensenShannonDistance());
    assertEquals(2, scores.emptyCount(), "the misclassified combination of both layers");
    WorkloadScores incorrect = scores.filter(c -> !c.correct());
    assertEquals(0, incorrect.meanTopKPrecision());
    assertEquals(1, incorrect.meanJensenShannonDistance());
  }

  /** Layers must have a row per item. */
  @Test void rejectsShortLayer() {
    assertThrows(IllegalArgumentException.class, () -> new WorkloadEvaluator(
        Map.of("fc", RowSource.of(new float[2][2])), LABELS, PREDICTIONS, 2));
  }
}
