/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.function;

import org.apache.calcite.avatica.util.ByteString;
import org.boundarysql.kernel.ArgmaxDist;
import org.boundarysql.metric.QueryMetrics;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Scalar functions that compare diagnosis answers: {@code ARGMAX(activation)},
 * {@code TOPK_PRECISION(sample, full)}, {@code COSINE_DISTANCE(a, b)},
 * {@code JS_DISTANCE(p, q)}. A null argument gives null.
 */
public final class DiagnosisScalars {
  private DiagnosisScalars() {
  }

  /** Index (0-based) of the largest activation, ties to the lower index. */
  public static Integer argmax(List<?> activation) {
    return activation == null || activation.isEmpty() ? null
        : ArgmaxDist.argmax(Activations.read("ARGMAX", activation, null));
  }

  /** Share of {@code full}'s neurons that {@code sample} also names: |sample ∩ full| / |full|. */
  public static Double topkPrecision(List<?> sample, List<?> full) {
    return sample == null || full == null ? null : QueryMetrics.topKPrecision(
        Activations.ints("TOPK_PRECISION", sample), Activations.ints("TOPK_PRECISION", full));
  }

  /** 1 − a·b / (|a| |b|). */
  public static Double cosineDistance(List<?> a, List<?> b) {
    return a == null || b == null ? null : QueryMetrics.cosineDistance(
        Activations.doubles("COSINE_DISTANCE", a), Activations.doubles("COSINE_DISTANCE", b));
  }

  /** Jensen–Shannon distance with base-2 logarithms, in [0, 1]. */
  public static Double jsDistance(List<?> p, List<?> q) {
    return p == null || q == null ? null : QueryMetrics.jensenShannonDistance(
        Activations.doubles("JS_DISTANCE", p), Activations.doubles("JS_DISTANCE", q));
  }

  /**
   * The activation as little-endian float32 bytes, 4 per neuron: one value per row on the wire
   * instead of one per neuron, for clients that fetch many activations over the remote driver.
   */
  public static ByteString activationBytes(List<?> activation) {
    if (activation == null) {
      return null;
    }
    float[] row = Activations.read("ACTIVATION_BYTES", activation, null);
    ByteBuffer bytes = ByteBuffer.allocate(Float.BYTES * row.length)
        .order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(row);
    return new ByteString(bytes.array());
  }
}
