/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A float model input added to a store written by a test ({@code input_x.npy}, declared in
 * its {@code store.json} with the transform x · 0.5 − 1 over 2, i.e. x / 4 − 1 / 2), and the
 * reference of {@link InputComponents}: the items' scores on the principal components of the
 * fed input, from a covariance summed in plain loops and eigenvectors found by power iteration
 * with deflation (the test's input has well separated variances, so it converges).
 */
public final class DirectPrincipalScores {
  /** The input's shape per item. */
  public static final int[] SHAPE = {3, 2, 2};
  private static final int WIDTH = 12;

  private DirectPrincipalScores() {
  }

  /**
   * Writes an input of {@link #SHAPE} for the {@code items} items of the store in
   * {@code store} ({@link #values}) and declares it in its {@code store.json}; returns the
   * values as stored.
   */
  public static float[][] addInput(Path store, int items, long seed) throws IOException {
    float[][] values = values(items, seed);
    writeInput(store, values);
    String json = Files.readString(store.resolve(StoreManifest.FILE_NAME)).strip();
    Files.writeString(store.resolve(StoreManifest.FILE_NAME), json.substring(0,
        json.lastIndexOf('}')) + """
        , "inputs": [{"name": "x", "file": "input_x.npy", "sha256": "%s", "dtype": "float32",
          "shape": [3, 2, 2], "transform": {"scale": 0.5, "mean": [1], "std": [2]}}]}
        """.formatted("ab".repeat(32)));
    return values;
  }

  /**
   * Input values of {@code items} items: along 12 random directions, variances 1.6 times
   * apart, plus an offset per position.
   */
  public static float[][] values(int items, long seed) {
    Random random = new Random(seed);
    double[][] directions = new double[WIDTH][WIDTH];
    for (double[] direction : directions) {
      for (int j = 0; j < WIDTH; j++) {
        direction[j] = random.nextGaussian();
      }
    }
    float[][] values = new float[items][WIDTH];
    for (int i = 0; i < items; i++) {
      double[] row = new double[WIDTH];
      for (int c = 0; c < WIDTH; c++) {
        double a = random.nextGaussian() * 4 * Math.pow(1.6, -c);
        for (int j = 0; j < WIDTH; j++) {
          row[j] += a * directions[c][j];
        }
      }
      for (int j = 0; j < WIDTH; j++) {
        values[i][j] = (float) (row[j] + 3 + j);
      }
    }
    return values;
  }

  /** Writes {@code input_x.npy} with these values (again: a changed input file). */
  public static void writeInput(Path store, float[][] values) throws IOException {
    byte[] header = NpyHeader.bytes(NpyDtype.FLOAT32, new long[] {values.length, 3, 2, 2});
    ByteBuffer data = ByteBuffer.allocate(header.length + values.length * WIDTH * Float.BYTES)
        .order(ByteOrder.LITTLE_ENDIAN).put(header);
    for (float[] row : values) {
      for (float value : row) {
        data.putFloat(value);
      }
    }
    Files.write(store.resolve("input_x.npy"), data.array());
  }

  /** The values as the model is fed them: x / 4 − 1 / 2, in float32. */
  public static double[][] fed(float[][] stored) {
    double[][] fed = new double[stored.length][];
    for (int i = 0; i < stored.length; i++) {
      fed[i] = new double[stored[i].length];
      for (int j = 0; j < fed[i].length; j++) {
        fed[i][j] = stored[i][j] * 0.25f - 0.5f;
      }
    }
    return fed;
  }

  /**
   * Each item's scores on the leading {@code k} principal components of the rows (all of them
   * fitted), rounded to float32 as stored; each component signed so that its largest
   * coordinate in magnitude is positive.
   */
  public static float[][] scores(double[][] rows, int k) {
    int n = rows.length;
    int d = rows[0].length;
    double[] mean = new double[d];
    for (double[] row : rows) {
      for (int j = 0; j < d; j++) {
        mean[j] += row[j] / n;
      }
    }
    double[][] covariance = new double[d][d];
    for (double[] row : rows) {
      for (int a = 0; a < d; a++) {
        for (int b = 0; b < d; b++) {
          covariance[a][b] += (row[a] - mean[a]) * (row[b] - mean[b]);
        }
      }
    }
    float[][] scores = new float[n][k];
    for (int c = 0; c < k; c++) {
      double[] v = new double[d];
      java.util.Arrays.fill(v, 1);
      double eigenvalue = 0;
      for (int step = 0; step < 2000; step++) {
        double[] next = new double[d];
        for (int a = 0; a < d; a++) {
          for (int b = 0; b < d; b++) {
            next[a] += covariance[a][b] * v[b];
          }
        }
        eigenvalue = Math.sqrt(dot(next, next));
        for (int a = 0; a < d; a++) {
          v[a] = next[a] / eigenvalue;
        }
      }
      int largest = 0;
      for (int a = 0; a < d; a++) {
        largest = Math.abs(v[a]) > Math.abs(v[largest]) ? a : largest;
      }
      double sign = Math.signum(v[largest]);
      for (int i = 0; i < n; i++) {
        double score = 0;
        for (int a = 0; a < d; a++) {
          score += (rows[i][a] - mean[a]) * v[a] * sign;
        }
        scores[i][c] = (float) score;
      }
      for (int a = 0; a < d; a++) {
        for (int b = 0; b < d; b++) {
          covariance[a][b] -= eigenvalue * v[a] * v[b];
        }
      }
    }
    return scores;
  }

  private static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int j = 0; j < a.length; j++) {
      sum += a[j] * b[j];
    }
    return sum;
  }
}
