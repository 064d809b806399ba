/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import java.util.Arrays;

/**
 * The preprocessing a model expects of its inputs: {@code (x * scale - mean) / std}, with one
 * mean and std for every value or one per channel (the first dimension of a row, as in NCHW).
 * A store that keeps its model's inputs records it beside them ({@link ModelInput}).
 */
public record InputTransform(double scale, double[] mean, double[] std) {
  /** No change. */
  public static final InputTransform NONE = new InputTransform(1, new double[] {0},
      new double[] {1});

  /** Validates the arguments. */
  public InputTransform {
    mean = mean.clone();
    std = std.clone();
    if (mean.length != std.length && mean.length != 1 && std.length != 1) {
      throw new IllegalArgumentException("--mean has " + mean.length + " values, --std "
          + std.length + "; give one value or one per channel for each");
    }
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException("--scale must be positive, got " + scale);
    }
    for (double s : std) {
      if (!(s > 0)) {
        throw new IllegalArgumentException("--std must be positive, got " + s);
      }
    }
  }

  /** Parses a scale such as {@code 1/255} or {@code 0.5}. */
  public static double parseScale(String text) {
    String[] parts = text.strip().split("/");
    try {
      if (parts.length == 1) {
        return Double.parseDouble(parts[0]);
      }
      if (parts.length == 2) {
        return Double.parseDouble(parts[0]) / Double.parseDouble(parts[1]);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--scale must be a number or a fraction like 1/255, not "
        + text);
  }

  /** Whether this transform changes nothing. */
  public boolean isIdentity() {
    return equals(NONE);
  }

  /** The channels this transform distinguishes (1 if it treats every value alike). */
  public int channels() {
    return Math.max(mean.length, std.length);
  }

  /** Applies the transform in place to {@code rows} rows of {@code rowValues} values each. */
  public void apply(float[] values, int rows, int rowValues) {
    for (int r = 0; r < rows; r++) {
      applyToRow(values, r * rowValues, rowValues);
    }
  }

  /**
   * Applies the transform in place to the row of {@code rowValues} values at {@code offset}:
   * per channel {@code x · a − b} in float32, with {@code a = scale / std} and
   * {@code b = mean / std} (a loop the JIT vectorises; within a float's rounding of the
   * definition).
   */
  public void applyToRow(float[] values, int offset, int rowValues) {
    if (isIdentity()) {
      return;
    }
    int perChannel = rowValues / channels();
    for (int c = 0; c < channels(); c++) {
      double s = std[std.length == 1 ? 0 : c];
      float a = (float) (scale / s);
      float b = (float) (mean[mean.length == 1 ? 0 : c] / s);
      int from = offset + c * perChannel;
      for (int i = from; i < from + perChannel; i++) {
        values[i] = values[i] * a - b;
      }
    }
  }

  /** The transformed value of position {@code index} of a row of {@code rowValues} values. */
  public float apply(float value, int index, int rowValues) {
    int channel = index / (rowValues / channels());
    double s = std[std.length == 1 ? 0 : channel];
    return value * (float) (scale / s) - (float) (mean[mean.length == 1 ? 0 : channel] / s);
  }

  @Override public boolean equals(Object o) {
    return o instanceof InputTransform that && scale == that.scale
        && Arrays.equals(mean, that.mean) && Arrays.equals(std, that.std);
  }

  @Override public int hashCode() {
    return Double.hashCode(scale) * 31 + Arrays.hashCode(mean) * 7 + Arrays.hashCode(std);
  }

  @Override public String toString() {
    return "x * " + scale + " - " + Arrays.toString(mean) + " / " + Arrays.toString(std);
  }
}
