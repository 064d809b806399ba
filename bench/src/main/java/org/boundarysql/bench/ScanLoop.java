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
  private final BenchRoles roles;
  private final int split;
  private final int[] rows;
  private final Items items;
  private long bytes;
  private int rowsRead;
  private final Map<Layer, List<Integer>> layerRows = new LinkedHashMap<>();
  private boolean noting;

  /**
   * A loop over {@code rows} of the store (ascending), or over every row if null, answering the
   * queries on the store's {@code roles}.
   */
  ScanLoop(Store store, BenchRoles roles, int[] rows) {
    this.store = store;
    this.roles = roles;
    this.rows = rows;
    this.items = store.items();
    this.split = items.splitNames().indexOf(roles.split());
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

  private boolean inSplit(int row) {
    return items.splitCode(row) == split;
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

  /** Per label, the mean activation of the wide layer of the split's items. */
  private Answer q1() {
    Layer wide = layer(roles.wide());
    int classes = store.manifest().classes().size();
    AvgActivation[] means = new AvgActivation[classes];
    float[] activation = new float[wide.width()];
    for (int p = 0, n = count(); p < n; p++) {
      int row = row(p);
      if (inSplit(row)) {
        int label = items.label(row);
        if (means[label] == null) {
          means[label] = new AvgActivation(wide.width());
        }
        read(wide, row, activation);
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

  /** Per label, the top-10 neurons of the wide layer of the split's misclassified items. */
  private Answer q2() {
    Layer wide = layer(roles.wide());
    int classes = store.manifest().classes().size();
    TopKNeurons[] tops = new TopKNeurons[classes];
    float[] activation = new float[wide.width()];
    for (int p = 0, n = count(); p < n; p++) {
      int row = row(p);
      if (inSplit(row) && !items.correct(row)) {
        int label = items.label(row);
        if (tops[label] == null) {
          tops[label] = new TopKNeurons(10, wide.width());
        }
        read(wide, row, activation);
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

  /** A class's latent pattern, misclassified vs correct: counts, distance, shared top-10. */
  private Answer q3() {
    Layer latent = layer(roles.latent());
    AvgActivation wrong = new AvgActivation(latent.width());
    AvgActivation right = new AvgActivation(latent.width());
    float[] activation = new float[latent.width()];
    for (int p = 0, n = count(); p < n; p++) {
      int row = row(p);
      if (items.label(row) == roles.q3Class() && inSplit(row)) {
        read(latent, row, activation);
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
   * Linear CKA between the logits and the wide layer over one class's items of the split, with
   * the SQL aggregate's kernel (it picks the cheaper of two algorithms by group size).
   */
  private Answer q4() {
    Layer logits = layer(roles.logits());
    Layer wide = layer(roles.wide());
    GroupCka cka = new GroupCka();
    float[] a = new float[logits.width()];
    float[] b = new float[wide.width()];
    long count = 0;
    for (int p = 0, n = count(); p < n; p++) {
      int row = row(p);
      if (items.label(row) == roles.q4Class() && inSplit(row)) {
        read(logits, row, a);
        read(wide, row, b);
        cka.add(a, b);
        count++;
        rowsRead++;
      }
    }
    return Answer.row(count, cka.result());
  }

  /** The most frequent confusion: count, top-10 neurons of the wide layer, argmax shares. */
  private Answer q5() {
    Layer wide = layer(roles.wide());
    TopKNeurons top = new TopKNeurons(10, wide.width());
    ArgmaxDist argmax = new ArgmaxDist(wide.width());
    float[] activation = new float[wide.width()];
    for (int p = 0, n = count(); p < n; p++) {
      int row = row(p);
      if (items.label(row) == roles.q5Label() && items.predicted(row) == roles.q5Predicted()
          && inSplit(row)) {
        read(wide, row, activation);
        top.add(activation);
        argmax.add(activation);
        rowsRead++;
      }
    }
    return top.count() == 0 ? Answer.row(0L, null, null)
        : Answer.row(top.count(), top.indices(), argmax.shares());
  }
}
