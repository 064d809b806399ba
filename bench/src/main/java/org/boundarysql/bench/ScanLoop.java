/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import org.boundarysql.kernel.ArgmaxDist;
import org.boundarysql.kernel.AvgActivation;
import org.boundarysql.kernel.GroupCka;
import org.boundarysql.kernel.TopKNeurons;
import org.boundarysql.metric.QueryMetrics;
import org.boundarysql.store.Items;
import org.boundarysql.store.Layer;
import org.boundarysql.store.Store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference no engine can beat by much: Q1–Q5 as plain loops over the items and the
 * memory-mapped layers, one pass per query, with the same kernels as the SQL functions. Counts
 * the activation bytes it reads.
 */
final class ScanLoop {
  private final Store store;
  private final int[] rows;
  private final Items items;
  private long bytes;
  private int rowsRead;
  private final Map<Layer, List<Integer>> layerRows = new LinkedHashMap<>();
  private boolean noting;

  /** A loop over {@code rows} of the store (ascending), or over every row if null. */
  ScanLoop(Store store, int[] rows) {
    this.store = store;
    this.rows = rows;
    this.items = store.items();
  }

  /** Activation bytes read by the last {@link #answer}. */
  long bytesRead() {
    return bytes;
  }

  /** Items whose activations the last {@link #answer} read: the rows the query aggregates. */
  int rowsRead() {
    return rowsRead;
  }

  /** Answers the query, noting the rows it reads for {@link #rowsByLayer}. */
  Answer answerNotingRows(BenchQuery query) {
    noting = true;
    try {
      return answer(query);
    } finally {
      noting = false;
    }
  }

  /** The rows of each layer the last {@link #answerNotingRows} read, in the order read. */
  Map<Layer, int[]> rowsByLayer() {
    Map<Layer, int[]> result = new LinkedHashMap<>();
    layerRows.forEach((layer, rows) -> result.put(layer, rows.stream().mapToInt(i -> i)
        .toArray()));
    return result;
  }

  Answer answer(BenchQuery query) {
    bytes = 0;
    rowsRead = 0;
    if (noting) {
      layerRows.clear();
    }
    return switch (query) {
      case Q1 -> q1();
      case Q2 -> q2();
      case Q3 -> q3();
      case Q4 -> q4();
      case Q5 -> q5();
    };
  }

  private int count() {
    return rows == null ? items.size() : rows.length;
  }

  private int row(int position) {
    return rows == null ? position : rows[position];
  }

  private boolean test(int row) {
    return "test".equals(items.split(row));
  }

  private void read(Layer layer, int row, float[] activation) {
    layer.read(row, activation);
    bytes += 4L * activation.length;
    if (noting) {
      layerRows.computeIfAbsent(layer, l -> new ArrayList<>()).add(row);
    }
  }

  private Layer layer(String name) {
    return store.layer(name).orElseThrow();
  }

  /** Per label, the mean conv2 activation of the test items. */
  private Answer q1() {
    Layer conv2 = layer("conv2");
    int classes = store.manifest().classes().size();
    AvgActivation[] means = new AvgActivation[classes];
    float[] activation = new float[conv2.width()];
    for (int p = 0, n = count(); p < n; p++) {
      int row = row(p);
      if (test(row)) {
        int label = items.label(row);
        if (means[label] == null) {
          means[label] = new AvgActivation(conv2.width());
        }
        read(conv2, row, activation);
        means[label].add(activation);
        rowsRead++;
      }
    }
    List<List<Object>> answer = new ArrayList<>();
    for (int label = 0; label < classes; label++) {
      if (means[label] != null) {
        answer.addAll(Answer.row(label, means[label].count(), means[label].mean()).rows());
      }
    }
    return new Answer(answer);
  }

  /** Per label, the top-10 conv2 neurons of the misclassified test items. */
  private Answer q2() {
    Layer conv2 = layer("conv2");
    int classes = store.manifest().classes().size();
    TopKNeurons[] tops = new TopKNeurons[classes];
    float[] activation = new float[conv2.width()];
    for (int p = 0, n = count(); p < n; p++) {
      int row = row(p);
      if (test(row) && !items.correct(row)) {
        int label = items.label(row);
        if (tops[label] == null) {
          tops[label] = new TopKNeurons(10, conv2.width());
        }
        read(conv2, row, activation);
        tops[label].add(activation);
        rowsRead++;
      }
    }
    List<List<Object>> answer = new ArrayList<>();
    for (int label = 0; label < classes; label++) {
      if (tops[label] != null) {
        answer.addAll(Answer.row(label, tops[label].count(), tops[label].indices()).rows());
      }
    }
    return new Answer(answer);
  }

  /** Class 7's fc2 pattern, misclassified vs correct: counts, cosine distance, shared top-10. */
  private Answer q3() {
    Layer fc2 = layer("fc2");
    AvgActivation wrong = new AvgActivation(fc2.width());
    AvgActivation right = new AvgActivation(fc2.width());
    float[] activation = new float[fc2.width()];
    for (int p = 0, n = count(); p < n; p++) {
      int row = row(p);
      if (items.label(row) == 7 && test(row)) {
        read(fc2, row, activation);
        (items.correct(row) ? right : wrong).add(activation);
        rowsRead++;
      }
    }
    if (wrong.count() == 0 || right.count() == 0) {
      return new Answer(List.of());
    }
    double[] w = wrong.mean();
    double[] r = right.mean();
    return Answer.row(wrong.count(), right.count(), QueryMetrics.cosineDistance(w, r),
        QueryMetrics.topKPrecision(TopKNeurons.indices(w, 10), TopKNeurons.indices(r, 10)));
  }

  /**
   * Linear CKA between logits and conv2 over the test items of class 3, with the SQL
   * aggregate's kernel (it picks the cheaper of two algorithms by group size).
   */
  private Answer q4() {
    Layer logits = layer("logits");
    Layer conv2 = layer("conv2");
    GroupCka cka = new GroupCka();
    float[] a = new float[logits.width()];
    float[] b = new float[conv2.width()];
    long count = 0;
    for (int p = 0, n = count(); p < n; p++) {
      int row = row(p);
      if (items.label(row) == 3 && test(row)) {
        read(logits, row, a);
        read(conv2, row, b);
        cka.add(a, b);
        count++;
        rowsRead++;
      }
    }
    return Answer.row(count, cka.result());
  }

  /** Class 4 predicted as 9: count, top-10 conv2 neurons, argmax shares. */
  private Answer q5() {
    Layer conv2 = layer("conv2");
    TopKNeurons top = new TopKNeurons(10, conv2.width());
    ArgmaxDist argmax = new ArgmaxDist(conv2.width());
    float[] activation = new float[conv2.width()];
    for (int p = 0, n = count(); p < n; p++) {
      int row = row(p);
      if (items.label(row) == 4 && items.predicted(row) == 9 && test(row)) {
        read(conv2, row, activation);
        top.add(activation);
        argmax.add(activation);
        rowsRead++;
      }
    }
    return top.count() == 0 ? Answer.row(0L, null, null)
        : Answer.row(top.count(), top.indices(), argmax.shares());
  }
}
