/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.eval;

import org.boundarysql.estimate.Auxiliaries;
import org.boundarysql.estimate.ModelAssistedMean;
import org.boundarysql.sample.Draw;
import org.boundarysql.sample.LatentSpace;
import org.boundarysql.sample.SampleSpec;
import org.boundarysql.sample.SamplingMethod;
import org.boundarysql.store.LayerSpec;
import org.boundarysql.store.StoreManifest;
import org.boundarysql.store.StoreWriter;
import org.boundarysql.task.ProgressListener;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs {@code eval --calibration --estimates} on a small store written here (a latent layer, a
 * logits layer one value per class wide, and a hidden layer made from the latent one plus
 * noise) and checks every line of {@code estimates.csv} against the same sample drawn here and
 * the definitions computed by hand: the groups' sizes, the plain and the 1/π-weighted means'
 * L2 distances, S1 and S3 of the plain answers; the estimates' figures those of the group's own
 * rows and auxiliary moments; and, for a sample of every item, that the estimate is the full
 * data's answer.
 */
class EstimateCalibrationTest {
  static final int ITEMS = 450;
  static final int CLASSES = 3;
  static final int LATENT = 6;
  static final int HIDDEN = 10;
  static final int K = EvaluationTest.K; // the hand computations there rank its top K
  static final double[] FRACTIONS = {0.2, 1};

  @TempDir static Path tmp;
  static Path out;
  static float[][] latent = new float[ITEMS][LATENT];
  static float[][] hidden = new float[ITEMS][HIDDEN];
  static float[][] logits = new float[ITEMS][CLASSES];
  static int[] labels = new int[ITEMS];
  static int[] predictions = new int[ITEMS];
  static List<Map<String, String>> lines;

  @BeforeAll
  static void calibrate() throws IOException {
    Path store = tmp.resolve("toy");
    writeStore(store);
    out = tmp.resolve("out");
    EstimateCalibration.run(EvaluationOptions.of(store, "test", List.of(SamplingMethod.UNIFORM,
        SamplingMethod.MARGIN_STRATIFIED), FRACTIONS, 2, Map.of(), SampleSpec.DEFAULT_J, K,
        out));
    lines = EvaluationTest.readCsv(out.resolve("estimates.csv"));
  }

  static void writeStore(Path dir) throws IOException {
    Random random = new Random(11);
    StoreManifest manifest = new StoreManifest("toy", List.of("a", "b", "c"), "latent",
        List.of(new LayerSpec("hidden", new int[] {HIDDEN}),
            new LayerSpec("latent", new int[] {LATENT}),
            new LayerSpec("logits", new int[] {CLASSES})));
    try (StoreWriter writer = new StoreWriter(dir, manifest, ITEMS)) {
      for (int i = 0; i < ITEMS; i++) {
        labels[i] = i % CLASSES;
        predictions[i] = i % 7 == 0 ? (labels[i] + 1) % CLASSES : labels[i];
        for (int n = 0; n < LATENT; n++) {
          latent[i][n] = (float) (random.nextGaussian() + (n % CLASSES == labels[i] ? 2 : 0));
        }
        for (int c = 0; c < CLASSES; c++) {
          logits[i][c] = latent[i][c] + latent[i][c + CLASSES];
        }
        for (int n = 0; n < HIDDEN; n++) {
          double linear = latent[i][n % LATENT] - 0.5 * latent[i][(n + 1) % LATENT];
          hidden[i][n] = (float) Math.max(0, linear + 0.3 * random.nextGaussian());
        }
        writer.writeItem(i, "test", labels[i], predictions[i]);
        writer.writeActivation("hidden", hidden[i]);
        writer.writeActivation("latent", latent[i]);
        writer.writeActivation("logits", logits[i]);
      }
    }
  }

  @Test
  void writesTheTableAndTheChart() throws IOException {
    assertTrue(Files.readString(out.resolve("estimates.md")).contains("margin_stratified"));
    BufferedImage chart = ImageIO.read(out.resolve("estimates.png").toFile());
    assertNotNull(chart);
    assertTrue(chart.getWidth() > 400 && chart.getHeight() > 300);
  }

  @Test
  void everyGroupOfEverySampleIsThereOnlyOnce() {
    int expected = 0;
    for (SamplingMethod design : List.of(SamplingMethod.UNIFORM,
        SamplingMethod.MARGIN_STRATIFIED)) {
      for (double fraction : FRACTIONS) {
        for (long seed = 0; seed < 2; seed++) {
          int[] rows = draw(design, fraction, seed).rows();
          for (String grouping : List.of("label", "label x correct")) {
            for (int group = 0; group < groupCount(grouping); group++) {
              if (members(rows, grouping, group).size() >= 2) {
                expected++;
              }
            }
          }
        }
      }
    }
    assertEquals(expected, lines.size(), "one line per group of at least two sampled items");
    assertTrue(lines.stream().allMatch(line -> line.get("layer").equals("hidden")),
        "only layers other than the latent layer and the logits are estimated");
  }

  @Test
  void plainAnswersMatchAHandComputation() {
    for (Map<String, String> line : lines) {
      SamplingMethod design = SamplingMethod.forName(line.get("design"));
      Draw draw = draw(design, Double.parseDouble(line.get("fraction")),
          Long.parseLong(line.get("seed")));
      String grouping = line.get("grouping");
      int group = Integer.parseInt(line.get("group"));
      List<Integer> sampled = members(draw.rows(), grouping, group);
      List<Integer> population = members(allRows(), grouping, group);
      String where = line.toString();
      assertEquals(sampled.size(), Integer.parseInt(line.get("sampled")), where);
      assertEquals(population.size(), Integer.parseInt(line.get("population")), where);

      double[] truth = EvaluationTest.mean(rows(population));
      double[] plain = EvaluationTest.mean(rows(sampled));
      assertEquals(distance(plain, truth), number(line, "l2_plain"), 1e-4 * scale(plain), where);
      assertEquals(distance(weightedMean(draw, grouping, group), truth),
          number(line, "l2_weighted"), 1e-4 * scale(plain), where);
      assertEquals(EvaluationTest.overlap(EvaluationTest.top(plain), EvaluationTest.top(truth))
          / (double) K, number(line, "s1_plain"), 1e-6, where);
      assertEquals(EvaluationTest.jensenShannon(EvaluationTest.argmaxShares(rows(sampled)),
          EvaluationTest.argmaxShares(rows(population))), number(line, "s3_plain"), 1e-5, where);
      assertEquals(HIDDEN, Integer.parseInt(line.get("neurons")), where);
    }
  }

  /**
   * Each estimate is the one {@link ModelAssistedMean} gives (checked against a direct solve in
   * its own tests) for the inputs assembled here from the store's values and the draw: the
   * group's sampled rows in draw order, their strata and probabilities, and the auxiliaries'
   * mean and standard deviation over the group's every item. So the report's L2 distance,
   * covered intervals, S1 and S3 of the estimates are those of the right rows and moments.
   */
  @Test
  void estimatesAreThoseOfTheGroupsRowsAndMoments() {
    int checked = 0;
    for (Map<String, String> line : lines) {
      if (number(line, "fraction") == 1) {
        continue;
      }
      Draw draw = draw(SamplingMethod.forName(line.get("design")), number(line, "fraction"),
          Long.parseLong(line.get("seed")));
      String grouping = line.get("grouping");
      int group = Integer.parseInt(line.get("group"));
      List<Integer> positions = new ArrayList<>();
      for (int r = 0; r < draw.rows().length; r++) {
        if (!members(new int[] {draw.rows()[r]}, grouping, group).isEmpty()) {
          positions.add(r);
        }
      }
      int n = positions.size();
      double[][] y = new double[n][HIDDEN];
      double[][] argmax = new double[n][HIDDEN];
      double[][] x = new double[n][];
      int[] strata = new int[n];
      double[] probabilities = new double[n];
      for (int j = 0; j < n; j++) {
        int r = positions.get(j);
        int item = draw.rows()[r];
        for (int c = 0; c < HIDDEN; c++) {
          y[j][c] = hidden[item][c];
        }
        argmax[j][argmax(hidden[item])] = 1;
        x[j] = Auxiliaries.of(latent[item], logits[item]);
        strata[j] = draw.strata()[r];
        probabilities[j] = draw.probabilities()[r];
      }
      List<Integer> population = members(allRows(), grouping, group);
      double[][] moments = auxiliaryMoments(population);
      ModelAssistedMean.Estimate estimate = ModelAssistedMean.estimate(y, x, strata,
          probabilities, moments[0], moments[1]);
      double[] argmaxEstimate = ModelAssistedMean.estimate(argmax, x, strata, probabilities,
          moments[0], moments[1]).shares();
      double[] truth = EvaluationTest.mean(rows(population));
      int covered = 0;
      for (int c = 0; c < HIDDEN; c++) {
        covered += truth[c] >= estimate.low(c, 0.9) && truth[c] <= estimate.high(c, 0.9) ? 1 : 0;
      }
      String where = line.toString();
      assertEquals(distance(estimate.mean(), truth), number(line, "l2_estimate"),
          1e-4 * scale(truth), where);
      assertEquals(covered, Integer.parseInt(line.get("covered")), where);
      assertEquals(EvaluationTest.overlap(EvaluationTest.top(estimate.mean()),
          EvaluationTest.top(truth)) / (double) K, number(line, "s1_estimate"), 1e-6, where);
      assertEquals(EvaluationTest.jensenShannon(argmaxEstimate,
          EvaluationTest.argmaxShares(rows(population))), number(line, "s3_estimate"), 1e-5,
          where);
      checked++;
    }
    assertTrue(checked > 10, "estimates checked: " + checked);
  }

  /**
   * With every item sampled (π = 1) a regression with an intercept predicts, at the group's
   * auxiliary mean, the group's mean itself: the estimate is the truth and its answers exact.
   */
  @Test
  void aSampleOfEveryItemEstimatesTheTruth() {
    List<Map<String, String>> full = lines.stream()
        .filter(line -> Double.parseDouble(line.get("fraction")) == 1).toList();
    assertTrue(full.size() >= 2 * (CLASSES + 2 * CLASSES), "every group of both designs");
    for (Map<String, String> line : full) {
      assertEquals(0, number(line, "l2_estimate"), 1e-4, line.toString());
      assertEquals(1, number(line, "s1_estimate"), 1e-9, line.toString());
      assertEquals(0, number(line, "s3_estimate"), 1e-4, line.toString());
    }
  }

  static Draw draw(SamplingMethod design, double fraction, long seed) {
    LatentSpace space = new LatentSpace(EvaluationTest.toDouble(latent), labels, predictions,
        CLASSES);
    return SampleSpec.of(design, fraction, design.defaultJ(), seed)
        .draw(space, ProgressListener.NONE);
  }

  static int groupCount(String grouping) {
    return grouping.equals("label") ? CLASSES : 2 * CLASSES;
  }

  /** The positions in {@code rows} of the items in {@code group}, as the report numbers them. */
  static List<Integer> members(int[] rows, String grouping, int group) {
    List<Integer> members = new ArrayList<>();
    for (int r = 0; r < rows.length; r++) {
      int i = rows[r];
      int key = grouping.equals("label") ? labels[i]
          : 2 * labels[i] + (labels[i] == predictions[i] ? 0 : 1);
      if (key == group) {
        members.add(i);
      }
    }
    return members;
  }

  static int[] allRows() {
    int[] rows = new int[ITEMS];
    for (int i = 0; i < ITEMS; i++) {
      rows[i] = i;
    }
    return rows;
  }

  static List<float[]> rows(List<Integer> items) {
    return items.stream().map(i -> hidden[i]).toList();
  }

  /** The group's Hájek mean: each sampled row weighted by one over its probability. */
  static double[] weightedMean(Draw draw, String grouping, int group) {
    double[] sum = new double[HIDDEN];
    double weights = 0;
    for (int r = 0; r < draw.rows().length; r++) {
      if (!members(new int[] {draw.rows()[r]}, grouping, group).isEmpty()) {
        double w = 1 / draw.probabilities()[r];
        weights += w;
        for (int n = 0; n < HIDDEN; n++) {
          sum[n] += w * hidden[draw.rows()[r]][n];
        }
      }
    }
    for (int n = 0; n < HIDDEN; n++) {
      sum[n] /= weights;
    }
    return sum;
  }

  /** The auxiliaries' mean and standard deviation (over n) across {@code items}. */
  static double[][] auxiliaryMoments(List<Integer> items) {
    int width = LATENT + 2 * CLASSES;
    double[] mean = new double[width];
    double[] deviation = new double[width];
    for (int i : items) {
      double[] aux = Auxiliaries.of(latent[i], logits[i]);
      for (int a = 0; a < width; a++) {
        mean[a] += aux[a] / items.size();
      }
    }
    for (int i : items) {
      double[] aux = Auxiliaries.of(latent[i], logits[i]);
      for (int a = 0; a < width; a++) {
        deviation[a] += (aux[a] - mean[a]) * (aux[a] - mean[a]) / items.size();
      }
    }
    for (int a = 0; a < width; a++) {
      deviation[a] = Math.sqrt(deviation[a]);
    }
    return new double[][] {mean, deviation};
  }

  static int argmax(float[] row) {
    int best = 0;
    for (int c = 1; c < row.length; c++) {
      best = row[c] > row[best] ? c : best;
    }
    return best;
  }

  static double distance(double[] a, double[] b) {
    double squares = 0;
    for (int n = 0; n < a.length; n++) {
      squares += (a[n] - b[n]) * (a[n] - b[n]);
    }
    return Math.sqrt(squares);
  }

  static double scale(double[] values) {
    return Math.max(1, distance(values, new double[values.length]));
  }

  static double number(Map<String, String> line, String column) {
    return Double.parseDouble(line.get(column));
  }
}
