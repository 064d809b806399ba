/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.eval;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the evaluation on a small store written here (a train split of outliers first, then 300
 * test items in three Gaussian classes with every 11th item misclassified) and checks its outputs
 * against a computation of the workload by hand.
 */
class EvaluationTest {
  static final int TRAIN = 40;
  static final int TEST = 300;
  static final int CLASSES = 3;
  static final int HIDDEN = 12;
  static final int LATENT = 8;
  static final int K = 3;

  @TempDir static Path tmp;
  static Path out;
  /** Test items only: [item][neuron] of each layer, labels, predictions. */
  static float[][] hidden = new float[TEST][HIDDEN];
  static float[][] latent = new float[TEST][LATENT];
  static int[] labels = new int[TEST];
  static int[] predictions = new int[TEST];
  static List<Map<String, String>> measurements;
  static List<Map<String, String>> samples;

  @BeforeAll
  static void evaluate() throws IOException {
    Path store = tmp.resolve("toy");
    writeStore(store);
    out = tmp.resolve("out");
    Evaluation.run(EvaluationOptions.of(store, "test", List.of(SamplingMethod.UNIFORM,
        SamplingMethod.STRATIFIED, SamplingMethod.MAXMARGIN), new double[] {0.5, 1}, 2,
        Map.of(), SampleSpec.DEFAULT_J, K, out));
    measurements = readCsv(out.resolve(ResultsCsv.MEASUREMENTS));
    samples = readCsv(out.resolve(ResultsCsv.SAMPLES));
  }

  static void writeStore(Path dir) throws IOException {
    Random random = new Random(7);
    StoreManifest manifest = new StoreManifest("toy", List.of("a", "b", "c"), "latent",
        List.of(new LayerSpec("hidden", new int[] {HIDDEN}),
            new LayerSpec("latent", new int[] {LATENT})));
    try (StoreWriter writer = new StoreWriter(dir, manifest, TRAIN + TEST)) {
      // Train items far from everything: any leak into the test split shows in every metric.
      for (int i = 0; i < TRAIN; i++) {
        writer.writeItem(1000 + i, "train", i % CLASSES, (i + 1) % CLASSES);
        writer.writeActivation("hidden", filled(HIDDEN, 1000));
        writer.writeActivation("latent", filled(LATENT, -1000));
      }
      for (int i = 0; i < TEST; i++) {
        labels[i] = i % CLASSES;
        predictions[i] = i % 11 == 0 ? (labels[i] + 1) % CLASSES : labels[i];
        for (int n = 0; n < LATENT; n++) {
          latent[i][n] = (float) (random.nextGaussian() + (n % CLASSES == labels[i] ? 3 : 0));
        }
        for (int n = 0; n < HIDDEN; n++) {
          hidden[i][n] = (float) (random.nextGaussian() + 0.2 * n * (labels[i] + 1));
        }
        writer.writeItem(i, "test", labels[i], predictions[i]);
        writer.writeActivation("hidden", hidden[i]);
        writer.writeActivation("latent", latent[i]);
      }
    }
  }

  @Test
  void writesEveryOutput() throws IOException {
    for (String file : List.of(ResultsCsv.MEASUREMENTS, ResultsCsv.SAMPLES, SummaryReport.FILE)) {
      assertTrue(Files.size(out.resolve(file)) > 0, file);
    }
    for (String png : List.of(EvaluationCharts.FIGURE_4, EvaluationCharts.FIGURE_5,
        EvaluationCharts.FIGURE_6, EvaluationCharts.FIGURE_7, EvaluationCharts.FIGURE_13)) {
      BufferedImage image = ImageIO.read(out.resolve(png).toFile());
      assertNotNull(image, png);
      assertTrue(image.getWidth() > 400 && image.getHeight() > 300, png);
    }
  }

  @Test
  void uniformAtFractionOneIsExact() {
    List<Map<String, String>> rows = rows("fraction", "uniform", "1.0", "all");
    assertEquals(2, rows.size(), "one row per seed");
    for (Map<String, String> row : rows) {
      assertEquals(TEST, Integer.parseInt(row.get("sample_size")), "test split only");
      assertEquals(1, Double.parseDouble(row.get("s1")), 1e-9);
      assertEquals(0, Double.parseDouble(row.get("s2")), 1e-6);
      assertEquals(0, Double.parseDouble(row.get("s3")), 1e-6);
      assertEquals(0, Integer.parseInt(row.get("empty_combinations")));
      // 2 layers × 3 classes × correct/incorrect, every one with items.
      assertEquals(2 * CLASSES * 2, Integer.parseInt(row.get("combinations")));
    }
  }

  @Test
  void maxMarginScoresMatchAHandComputation() {
    LatentSpace space = new LatentSpace(toDouble(latent), labels, predictions, CLASSES);
    for (double fraction : new double[] {0.05, 0.5}) {
      int[] sample = new SampleSpec(SamplingMethod.MAXMARGIN, fraction, 0.7, 0)
          .select(space, ProgressListener.NONE);
      String experiment = fraction == 0.05 ? "k" : "fraction";
      Map<String, String> row = rows(experiment, "maxmargin", String.valueOf(fraction), "all")
          .stream().filter(r -> r.get("k").equals(String.valueOf(K))).findFirst()
          .orElseThrow();
      double[] expected = workload(sample);
      assertEquals(expected[0], Double.parseDouble(row.get("s1")), 1e-6, "S1 at " + fraction);
      assertEquals(expected[1], Double.parseDouble(row.get("s2")), 1e-6, "S2 at " + fraction);
      assertEquals(expected[2], Double.parseDouble(row.get("s3")), 1e-6, "S3 at " + fraction);
    }
  }

  @Test
  void samplesCountCorrectAndIncorrectItems() {
    int incorrect = (int) IntStream.range(0, TEST).filter(i -> labels[i] != predictions[i])
        .count();
    for (Map<String, String> s : samples) {
      assertEquals(Integer.parseInt(s.get("size")),
          Integer.parseInt(s.get("correct")) + Integer.parseInt(s.get("incorrect")));
      if (s.get("fraction").equals("1.0")) {
        assertEquals(incorrect, Integer.parseInt(s.get("incorrect")));
      }
    }
    // 5% of 300: 15 items, MaxMargin fitted once and selected at every fraction and j.
    assertTrue(samples.stream().anyMatch(s -> s.get("experiment").equals("k")
        && s.get("method").equals("uniform") && s.get("size").equals("15")));
    assertEquals(1, samples.stream().filter(s -> s.get("method").equals("maxmargin")
        && !s.get("experiment").equals("time")).map(s -> s.get("fit_seconds")).distinct()
        .count());
    assertEquals(5, samples.stream().filter(s -> s.get("experiment").equals("j")).count());
    // Deterministic MaxMargin is timed as often as the random methods run: 2 times.
    assertEquals(1, samples.stream().filter(s -> s.get("experiment").equals("time")).count());
  }

  @Test
  void summaryHasTheTablesAndTheFullDataCounts() throws IOException {
    String summary = Files.readString(out.resolve(SummaryReport.FILE));
    int incorrect = (int) IntStream.range(0, TEST).filter(i -> labels[i] != predictions[i])
        .count();
    assertTrue(summary.contains("| full data | 300 | " + (TEST - incorrect) + " | " + incorrect
        + " |"), summary);
    for (String heading : List.of("## S1, S2, S3 at 5%", "## The paper's claims at 5%",
        "## S1 against K at 5%", "## S1, S2, S3 against j at 5%", "Table IV",
        "## Time to create a 5% sample", "nproc")) {
      assertTrue(summary.contains(heading), heading);
    }
    assertFalse(summary.contains("NaN"), summary);
  }

  /** S1, S2, S3 of a sample, computed here from the definitions in paper-notes.md. */
  static double[] workload(int[] sample) {
    double[] sums = new double[3];
    int combinations = 0;
    for (float[][] layer : List.of(hidden, latent)) {
      for (int c = 0; c < CLASSES; c++) {
        for (boolean correct : new boolean[] {true, false}) {
          List<float[]> full = new ArrayList<>();
          List<float[]> part = new ArrayList<>();
          for (int i = 0; i < TEST; i++) {
            if (labels[i] == c && (labels[i] == predictions[i]) == correct) {
              full.add(layer[i]);
            }
          }
          for (int i : sample) {
            if (labels[i] == c && (labels[i] == predictions[i]) == correct) {
              part.add(layer[i]);
            }
          }
          if (full.isEmpty()) {
            continue;
          }
          combinations++;
          if (part.isEmpty()) {
            sums[1] += 1;
            sums[2] += 1;
            continue;
          }
          double[] a = mean(part);
          double[] b = mean(full);
          sums[0] += overlap(top(a), top(b)) / (double) Math.min(K, a.length);
          sums[1] += 1 - dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b));
          sums[2] += jensenShannon(argmaxShares(part), argmaxShares(full));
        }
      }
    }
    return new double[] {sums[0] / combinations, sums[1] / combinations,
        sums[2] / combinations};
  }

  static double[] mean(List<float[]> rows) {
    double[] m = new double[rows.get(0).length];
    for (float[] r : rows) {
      for (int n = 0; n < m.length; n++) {
        m[n] += r[n] / (double) rows.size();
      }
    }
    return m;
  }

  static List<Integer> top(double[] values) {
    return IntStream.range(0, values.length).boxed()
        .sorted((x, y) -> Double.compare(values[y], values[x])).limit(K).toList();
  }

  static long overlap(List<Integer> a, List<Integer> b) {
    return a.stream().filter(b::contains).count();
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  static double[] argmaxShares(List<float[]> rows) {
    double[] shares = new double[rows.get(0).length];
    for (float[] r : rows) {
      int best = 0;
      for (int n = 1; n < r.length; n++) {
        best = r[n] > r[best] ? n : best;
      }
      shares[best] += 1.0 / rows.size();
    }
    return shares;
  }

  static double jensenShannon(double[] p, double[] q) {
    double d = 0;
    for (int i = 0; i < p.length; i++) {
      double m = (p[i] + q[i]) / 2;
      d += (p[i] > 0 ? p[i] * Math.log(p[i] / m) / Math.log(2) : 0)
          + (q[i] > 0 ? q[i] * Math.log(q[i] / m) / Math.log(2) : 0);
    }
    return Math.sqrt(Math.max(0, d / 2));
  }

  static float[] filled(int width, float value) {
    float[] row = new float[width];
    java.util.Arrays.fill(row, value);
    return row;
  }

  static double[][] toDouble(float[][] rows) {
    double[][] d = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      d[i] = new double[rows[i].length];
      for (int n = 0; n < rows[i].length; n++) {
        d[i][n] = rows[i][n];
      }
    }
    return d;
  }

  static List<Map<String, String>> rows(String experiment, String method, String fraction,
      String subset) {
    return measurements.stream().filter(r -> r.get("experiment").equals(experiment)
        && r.get("method").equals(method) && r.get("fraction").equals(fraction)
        && r.get("subset").equals(subset)).toList();
  }

  static List<Map<String, String>> readCsv(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    String[] header = lines.get(0).split(",");
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] fields = line.split(",");
      Map<String, String> row = new HashMap<>();
      for (int i = 0; i < header.length; i++) {
        row.put(header[i], fields[i]);
      }
      rows.add(row);
    }
    return rows;
  }
}
