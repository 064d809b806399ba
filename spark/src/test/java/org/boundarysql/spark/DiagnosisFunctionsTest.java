/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.spark;

import org.boundarysql.store.Layer;
import org.boundarysql.store.Store;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each diagnosis function in Spark SQL equals a plain loop over the store's rows and
 * BoundarySQL's answer to the same query.
 */
class DiagnosisFunctionsTest {
  private static final double TOLERANCE = 1e-9;

  /** AVG_ACTIVATION per class: the element-wise mean of the rows of each class. */
  @Test void avgActivation() throws Exception {
    String sql = "select label, avg_activation(activation) from mnist.fc2 group by label"
        + " order by label";
    List<List<Object>> loop = perLabel("fc2", rows -> toList(mean(rows)));
    check(sql, loop);
  }

  /** TOPK_NEURONS per class: indices of the 5 largest means, ties to the lower index. */
  @Test void topkNeurons() throws Exception {
    String sql = "select label, topk_neurons(activation, 5) from mnist.fc2 group by label"
        + " order by label";
    List<List<Object>> loop = perLabel("fc2", rows -> {
      double[] mean = mean(rows);
      return IntStream.range(0, mean.length).boxed()
          .sorted(Comparator.<Integer>comparingDouble(i -> -mean[i]).thenComparing(i -> i))
          .limit(5).map(i -> (Object) i.doubleValue()).toList();
    });
    check(sql, loop);
  }

  /** ARGMAX_DIST per class: the share of rows whose largest logit is at each index. */
  @Test void argmaxDist() throws Exception {
    String sql = "select label, argmax_dist(activation) from mnist.logits group by label"
        + " order by label";
    List<List<Object>> loop = perLabel("logits", rows -> {
      double[] shares = new double[rows.get(0).length];
      for (float[] row : rows) {
        int best = 0;
        for (int i = 1; i < row.length; i++) {
          best = row[i] > row[best] ? i : best;
        }
        shares[best] += 1.0 / rows.size();
      }
      return toList(shares);
    });
    check(sql, loop);
  }

  /** LINEAR_CKA of logits and fc2 per class (merged across partitions): the Gram formula. */
  @Test void linearCka() throws Exception {
    String sql = "select l.label, linear_cka(l.activation, f.activation) from mnist.logits l"
        + " join mnist.fc2 f on l.id = f.id group by l.label order by l.label";
    Store store = Store.open(TestSpark.CATALOG.resolve("mnist"), Files.createTempDirectory("c"));
    List<List<Object>> loop = new ArrayList<>();
    for (var entry : rowsByLabel(store, "logits").entrySet()) {
      List<float[]> b = rowsByLabel(store, "fc2").get(entry.getKey());
      loop.add(List.of((double) entry.getKey(), naiveCka(entry.getValue(), b)));
    }
    // The kernel subtracts its shift in float arithmetic: about 1e-8 relative.
    check(sql, loop, 1e-7);
  }

  /** The scalars on the per-class means: same as BoundarySQL and as the formulas. */
  @Test void scalars() throws Exception {
    String sql = "with m as (select label, avg_activation(activation) as mean,"
        + " argmax_dist(activation) as dist, topk_neurons(activation, 10) as top"
        + " from mnist.logits group by label)"
        + " select a.label, cosine_distance(a.mean, b.mean), js_distance(a.dist, b.dist),"
        + " topk_precision(a.top, b.top) from m a join m b on b.label = a.label + 1"
        + " order by a.label";
    List<List<Object>> spark = Answers.spark(sql);
    Answers.assertSameRows(Answers.boundarySql(sql), spark, TOLERANCE, sql);
    List<List<Object>> means = perLabel("logits", rows -> toList(mean(rows)));
    for (List<Object> row : spark) {
      int label = ((Double) row.get(0)).intValue();
      double[] a = doubles(means.get(label).get(1));
      double[] b = doubles(means.get(label + 1).get(1));
      double dot = 0;
      double na = 0;
      double nb = 0;
      for (int i = 0; i < a.length; i++) {
        dot += a[i] * b[i];
        na += a[i] * a[i];
        nb += b[i] * b[i];
      }
      assertEquals(1 - dot / Math.sqrt(na * nb), (Double) row.get(1), TOLERANCE);
    }
  }

  /** Buffers merged across partitions (each class's rows spread over 4): the same answers. */
  @Test void mergedAcrossPartitions() throws Exception {
    String join = " from mnist.logits l join mnist.fc2 f on l.id = f.id";
    TestSpark.SPARK.sql("select l.label, l.activation as a, f.activation as b" + join)
        .repartition(4).createOrReplaceTempView("split4");
    List<List<Object>> spark = Answers.spark("select label, linear_cka(a, b),"
        + " avg_activation(b), argmax_dist(a) from split4 group by label order by label");
    Answers.assertSameRows(Answers.boundarySql("select l.label, linear_cka(l.activation,"
        + " f.activation), avg_activation(f.activation), argmax_dist(l.activation)" + join
        + " group by l.label order by l.label"), spark, 1e-7, "4 partitions");
  }

  /** A wrong argument is an error that names the function and the problem. */
  @Test void errors() {
    assertError("select avg_activation(label) from mnist.fc2",
        "AVG_ACTIVATION takes ARRAY<FLOAT> activations, not INT");
    assertError("select topk_neurons(activation, label) from mnist.fc2",
        "TOPK_NEURONS: k must be a constant integer");
    assertError("select topk_neurons(activation, 0) from mnist.fc2",
        "TOPK_NEURONS: k must be at least 1");
    assertError("select * from boundary_sample('mnist', 'nearest', 0.1)",
        "unknown sampling method 'nearest'");
    assertError("select * from mnist.fc2 tablesample boundary('maxmargin', 1.5)",
        "fraction must be in (0, 1]");
  }

  private static void assertError(String sql, String message) {
    Exception e = assertThrows(Exception.class,
        () -> TestSpark.SPARK.sql(sql).collectAsList());
    assertTrue(String.valueOf(e.getMessage()).contains(message), e.getMessage());
  }

  private static void check(String sql, List<List<Object>> loop) throws Exception {
    check(sql, loop, TOLERANCE);
  }

  private static void check(String sql, List<List<Object>> loop, double tolerance)
      throws Exception {
    List<List<Object>> spark = Answers.spark(sql);
    Answers.assertSameRows(loop, spark, tolerance, "loop vs Spark: " + sql);
    Answers.assertSameRows(Answers.boundarySql(sql), spark, tolerance,
        "BoundarySQL vs Spark: " + sql);
  }

  private static List<List<Object>> perLabel(String layer,
      java.util.function.Function<List<float[]>, List<Object>> aggregate) throws Exception {
    Store store = Store.open(TestSpark.CATALOG.resolve("mnist"), Files.createTempDirectory("c"));
    List<List<Object>> rows = new ArrayList<>();
    rowsByLabel(store, layer).forEach((label, group) ->
        rows.add(List.of((double) label, aggregate.apply(group))));
    return rows;
  }

  private static TreeMap<Integer, List<float[]>> rowsByLabel(Store store, String name) {
    Layer layer = store.layer(name).orElseThrow();
    TreeMap<Integer, List<float[]>> groups = new TreeMap<>();
    for (int row = 0; row < layer.rows(); row++) {
      float[] values = new float[layer.width()];
      layer.read(row, values);
      groups.computeIfAbsent(store.items().label(row), l -> new ArrayList<>()).add(values);
    }
    return groups;
  }

  private static double[] mean(List<float[]> rows) {
    double[] sums = new double[rows.get(0).length];
    for (float[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        sums[i] += row[i];
      }
    }
    for (int i = 0; i < sums.length; i++) {
      sums[i] /= rows.size();
    }
    return sums;
  }

  /** CKA = ‖BᵀA‖²_F / (‖AᵀA‖_F ‖BᵀB‖_F) on column-centered A and B. */
  private static double naiveCka(List<float[]> a, List<float[]> b) {
    double[][] x = centered(a);
    double[][] y = centered(b);
    return frobenius2(x, y) / Math.sqrt(frobenius2(x, x) * frobenius2(y, y));
  }

  private static double[][] centered(List<float[]> rows) {
    double[] mean = mean(rows);
    double[][] out = new double[rows.size()][mean.length];
    for (int r = 0; r < out.length; r++) {
      for (int i = 0; i < mean.length; i++) {
        out[r][i] = rows.get(r)[i] - mean[i];
      }
    }
    return out;
  }

  /** ‖XᵀY‖²_F. */
  private static double frobenius2(double[][] x, double[][] y) {
    double total = 0;
    for (int i = 0; i < x[0].length; i++) {
      for (int j = 0; j < y[0].length; j++) {
        double s = 0;
        for (int r = 0; r < x.length; r++) {
          s += x[r][i] * y[r][j];
        }
        total += s * s;
      }
    }
    return total;
  }

  private static List<Object> toList(double[] values) {
    List<Object> list = new ArrayList<>();
    for (double v : values) {
      list.add(v);
    }
    return list;
  }

  private static double[] doubles(Object list) {
    return ((List<?>) list).stream().mapToDouble(v -> (Double) v).toArray();
  }
}
