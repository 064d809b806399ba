/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The items of a capture: the splits' input arrays and labels, one after another, as one
 * sequence of rows whose index is the item id in the store.
 */
final class CaptureInputs implements AutoCloseable {
  private final List<CaptureSpec.Split> splits;
  private final List<NpyArray> arrays = new ArrayList<>();
  private final long[] starts;
  private final int[] labels;

  private CaptureInputs(List<CaptureSpec.Split> splits, List<String> classes)
      throws IOException {
    this.splits = splits;
    this.starts = new long[splits.size() + 1];
    List<int[]> labelLists = new ArrayList<>();
    try {
      for (int s = 0; s < splits.size(); s++) {
        CaptureSpec.Split split = splits.get(s);
        NpyArray array = NpyArray.open(split.inputs());
        arrays.add(array);
        if (!Arrays.equals(array.rowShape(), arrays.get(0).rowShape())) {
          throw new IllegalArgumentException(split.inputs() + " has rows of shape "
              + Arrays.toString(array.rowShape()) + ", " + arrays.get(0).file() + " of "
              + Arrays.toString(arrays.get(0).rowShape()));
        }
        int[] splitLabels = LabelFile.read(split.labels(), classes);
        if (splitLabels.length != array.rows()) {
          throw new IllegalArgumentException(split.labels() + " holds " + splitLabels.length
              + " labels but " + split.inputs() + " holds " + array.rows() + " items");
        }
        labelLists.add(splitLabels);
        starts[s + 1] = starts[s] + array.rows();
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
    this.labels = labelLists.stream().flatMapToInt(Arrays::stream).toArray();
  }

  /** Opens the input arrays and reads the labels; checks that their counts agree. */
  static CaptureInputs open(List<CaptureSpec.Split> splits, List<String> classes)
      throws IOException {
    return new CaptureInputs(splits, classes);
  }

  /** Number of items. */
  int size() {
    return labels.length;
  }

  /** The first input array (all share its row shape and checks). */
  NpyArray first() {
    return arrays.get(0);
  }

  /** Every input array. */
  List<NpyArray> arrays() {
    return arrays;
  }

  /** The labels of every item. */
  int[] labels() {
    return labels;
  }

  /** The split an item belongs to. */
  String split(int row) {
    return splits.get(splitIndex(row)).name();
  }

  private int splitIndex(int row) {
    int s = 0;
    while (row >= starts[s + 1]) {
      s++;
    }
    return s;
  }

  /** Reads the input values of {@code rows[from..to)} into {@code target}, row after row. */
  void read(int[] rows, int from, int to, float[] target) throws IOException {
    int width = arrays.get(0).rowValues();
    int i = from;
    while (i < to) {
      int s = splitIndex(rows[i]);
      int run = 1;
      while (i + run < to && rows[i + run] == rows[i] + run && rows[i + run] < starts[s + 1]) {
        run++;
      }
      arrays.get(s).read(rows[i] - starts[s], run, target, (i - from) * width);
      i += run;
    }
  }

  @Override public void close() throws IOException {
    for (NpyArray array : arrays) {
      array.close();
    }
  }
}
