/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.estimate;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tests the model-assisted mean against the direct computation of
 * {@link DirectModelAssistedMean} (normal equations, explicit hat matrix, GCV from it, the
 * variance formula as a loop).
 */
class ModelAssistedMeanTest {
  /** A sample of two strata (12 items at π = 0.3, 18 at π = 0.1), q auxiliaries, 3 targets. */
  private static DirectModelAssistedMean.Sample data(int q, long seed) {
    return data(30, q, seed);
  }

  /** As {@link #data(int, long)} with n items, the first 40% in the first stratum. */
  private static DirectModelAssistedMean.Sample data(int n, int q, long seed) {
    return data(n, q, 3, seed);
  }

  /** As {@link #data(int, int, long)} with p targets. */
  private static DirectModelAssistedMean.Sample data(int n, int q, int p, long seed) {
    Random random = new Random(seed);
    double[][] x = new double[n][q];
    double[][] y = new double[n][p];
    int[] strata = new int[n];
    double[] pi = new double[n];
    double[][] beta = new double[q][p];
    for (double[] row : beta) {
      for (int c = 0; c < p; c++) {
        row[c] = random.nextGaussian();
      }
    }
    for (int i = 0; i < n; i++) {
      strata[i] = i < 2 * n / 5 ? 0 : 1;
      pi[i] = i < 2 * n / 5 ? 0.3 : 0.1;
      for (int j = 0; j < q; j++) {
        x[i][j] = (j + 1) * random.nextGaussian() + j;
      }
      for (int c = 0; c < p; c++) {
        double value = 2 + random.nextGaussian();
        for (int j = 0; j < q; j++) {
          value += x[i][j] * beta[j][c] / (j + 1);
        }
        y[i][c] = value;
      }
    }
    double[] meanU = new double[q];
    double[] scaleU = new double[q];
    for (int j = 0; j < q; j++) {
      meanU[j] = j + 0.3 * random.nextGaussian();
      scaleU[j] = (j + 1) * (0.8 + 0.4 * random.nextDouble());
    }
    return new DirectModelAssistedMean.Sample(x, y, strata, pi, meanU, scaleU);
  }

  @Test void matchesDirectSolveAtFixedPenalty() {
    for (int q : new int[] {4, 45}) { // 45 auxiliaries for 30 items: only the penalty solves it
      DirectModelAssistedMean.Sample d = data(q, 7 + q);
      for (double lambda : new double[] {0.05, 0.7, 20}) {
        ModelAssistedMean.Estimate estimate = ModelAssistedMean.estimate(d.y(), d.x(),
            d.strata(), d.pi(), d.meanU(), d.scaleU(), lambda);
        double[][] expected = DirectModelAssistedMean.at(d, lambda);
        for (int c = 0; c < 3; c++) {
          assertEquals(expected[0][c], estimate.mean()[c], 1e-8, "q " + q + " λ " + lambda);
          assertEquals(expected[1][c], estimate.standardError()[c], 1e-8 * expected[1][c],
              "q " + q + " λ " + lambda);
        }
      }
    }
  }

  /**
   * More auxiliaries than {@link WeightedRidge#MAX_RANK} and items to spare: the estimate is
   * the ridge on the auxiliaries' leading principal directions, which the direct computation
   * gets by solving on the scores of the leading eigenvectors of Z'Z, at fixed penalties and
   * at the one GCV picks.
   */
  @Test void wideAuxiliariesUseTheirLeadingPrincipalDirections() {
    int q = WeightedRidge.MAX_RANK + 13;
    DirectModelAssistedMean.Sample d = data(80, q, 5);
    DirectModelAssistedMean.Sample scores = DirectModelAssistedMean.principalScores(d,
        WeightedRidge.MAX_RANK);
    for (double lambda : new double[] {0.05, 3, 40}) {
      ModelAssistedMean.Estimate estimate = ModelAssistedMean.estimate(d.y(), d.x(),
          d.strata(), d.pi(), d.meanU(), d.scaleU(), lambda);
      double[][] expected = DirectModelAssistedMean.at(scores, lambda);
      for (int c = 0; c < 3; c++) {
        assertEquals(expected[0][c], estimate.mean()[c], 1e-8, "λ " + lambda);
        assertEquals(expected[1][c], estimate.standardError()[c], 1e-8 * expected[1][c],
            "λ " + lambda);
      }
    }
    ModelAssistedMean.Estimate estimate = ModelAssistedMean.estimate(d.y(), d.x(), d.strata(),
        d.pi(), d.meanU(), d.scaleU());
    assertGcvEstimate(scores, estimate);
  }

  /** GCV picks the penalty of the grid that the direct computation scores best. */
  @Test void gcvChoosesTheBestPenaltyOfTheGrid() {
    DirectModelAssistedMean.Sample d = data(6, 3);
    ModelAssistedMean.Estimate estimate = ModelAssistedMean.estimate(d.y(), d.x(), d.strata(),
        d.pi(), d.meanU(), d.scaleU());
    assertGcvEstimate(d, estimate);
  }

  /**
   * Asserts that the estimate chose the penalty the direct computation's GCV scores best on
   * {@code scores} and that its means are the direct solve's at that penalty.
   */
  private static void assertGcvEstimate(DirectModelAssistedMean.Sample scores,
      ModelAssistedMean.Estimate estimate) {
    double best = DirectModelAssistedMean.gcvPenalty(scores);
    assertEquals(best, estimate.penalty(), 1e-9 * best);
    double[][] expected = DirectModelAssistedMean.at(scores, best);
    for (int c = 0; c < expected[0].length; c++) {
      assertEquals(expected[0][c], estimate.mean()[c], 1e-8);
    }
  }

  /**
   * A layer wider than {@link WeightedRidge#GCV_TARGETS}: GCV scores targets spread evenly
   * over those that vary in the sample, as the direct computation does; the estimate of the
   * mean alone ({@link ModelAssistedMean.Basis#mean}, one pass over the targets) is the full
   * estimate's.
   */
  @Test void wideTargetsChooseThePenaltyOnTargetsSpreadEvenly() {
    DirectModelAssistedMean.Sample d = data(40, 6, 150, 17);
    // every third target is constant (GCV skips it); of the 100 others, those GCV does not
    // score are loud noise, which alone would call for more penalty
    boolean[] scored = new boolean[150];
    for (int j = 0; j < 64; j++) {
      int varying = j * 100 / 64;
      scored[varying / 2 * 3 + 1 + varying % 2] = true;
    }
    Random random = new Random(3);
    for (double[] row : d.y()) {
      for (int c = 0; c < row.length; c++) {
        row[c] = c % 3 == 0 ? 0.5 : scored[c] ? row[c] : 30 * random.nextGaussian();
      }
    }
    float[][] y = new float[d.y().length][];
    for (int i = 0; i < y.length; i++) {
      y[i] = new float[d.y()[i].length];
      for (int c = 0; c < y[i].length; c++) {
        y[i][c] = (float) d.y()[i][c];
        d.y()[i][c] = y[i][c];
      }
    }
    ModelAssistedMean.Estimate estimate = ModelAssistedMean.estimate(y, d.x(), d.strata(),
        d.pi(), d.meanU(), d.scaleU());
    double best = DirectModelAssistedMean.gcvPenalty(d);
    assertEquals(best, estimate.penalty(), 1e-9 * best);
    double[][] expected = DirectModelAssistedMean.at(d, best);
    ModelAssistedMean.Basis basis = ModelAssistedMean.Basis.of(d.x(), d.strata(), d.pi(),
        d.meanU(), d.scaleU());
    double[] mean = basis.mean(y, basis.penalty(y));
    assertEquals(best, basis.penalty(y, "y"), 1e-9 * best);
    assertEquals(best, basis.penalty(new float[0][], "y"), 1e-9 * best, "kept by name");
    // the loud targets raise the floor of the others' standard errors: median / √n
    double floor = Arrays.stream(expected[1]).sorted().toArray()[75] / Math.sqrt(40);
    for (int c = 0; c < 150; c++) {
      double se = Math.max(expected[1][c], floor);
      assertEquals(expected[0][c], estimate.mean()[c], 1e-8, "neuron " + c);
      assertEquals(se, estimate.standardError()[c], 1e-8 * se, "neuron " + c);
      assertEquals(estimate.mean()[c], mean[c], 1e-10, "neuron " + c);
    }
  }

  /** A neuron that is zero in every sampled item gets an interval of positive width. */
  @Test void noZeroWidthIntervals() {
    DirectModelAssistedMean.Sample d = data(4, 11);
    for (double[] row : d.y()) {
      row[2] = 0;
    }
    ModelAssistedMean.Estimate estimate = ModelAssistedMean.estimate(d.y(), d.x(), d.strata(),
        d.pi(), d.meanU(), d.scaleU());
    assertEquals(0, estimate.mean()[2], 1e-12);
    assertTrue(estimate.high(2, 0.9) > estimate.low(2, 0.9));
    assertTrue(estimate.low(2, 0.9) < 0 && estimate.high(2, 0.9) > 0);
    // z of a 90% two-sided interval: 1.6448536...
    assertEquals(1.6448536269514722 * estimate.standardError()[0],
        estimate.high(0, 0.9) - estimate.mean()[0], 1e-9);
    assertThrows(IllegalArgumentException.class, () -> estimate.low(0, 1.5));
    assertThrows(IllegalArgumentException.class, () -> ModelAssistedMean.estimate(
        new double[][] {{1}}, new double[][] {{1}}, new int[] {0}, new double[] {0.5},
        new double[] {1}, new double[] {1}));
  }

  /**
   * Strata holding one sampled item of the group are pooled: two singletons (π 0.5 and 0.3)
   * form one stratum with the mean correction 1 − 0.4, the rest keep theirs.
   */
  @Test void singletonStrataArePooled() {
    int[] strata = {0, 0, 0, 1, 2};
    int[] pooled = ModelAssistedMean.pooledStrata(strata);
    assertEquals(pooled[3], pooled[4]);
    assertTrue(pooled[3] != 0);
    double[][] z = {{1}, {2}, {6}, {4}, {10}};
    double[] pi = {0.2, 0.2, 0.2, 0.5, 0.3};
    // stratum 0: mean 3, squares 4 + 1 + 9 = 14, 0.8 · 3/2 · 14 = 16.8;
    // pooled: mean 7, squares 9 + 9 = 18, (1 − 0.4) · 2/1 · 18 = 21.6
    assertEquals(16.8 + 21.6, ModelAssistedMean.stratifiedVariance(z, strata, pi, pooled)[0],
        1e-12);
    // one singleton joins the largest stratum
    int[] lone = ModelAssistedMean.pooledStrata(new int[] {0, 0, 1, 1, 1, 2});
    assertEquals(1, lone[5]);
  }
}
