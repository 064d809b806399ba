/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import ai.onnxruntime.TensorInfo;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The items of a capture: the splits' input arrays (per model input), texts and labels, one
 * split after another, as one sequence of rows whose index is the item id in the store.
 */
final class CaptureInputs implements AutoCloseable {
  private final List<CaptureSpec.Split> splits;
  /** Per model input, its array of each split. */
  private final Map<String, List<InputArray>> arrays = new LinkedHashMap<>();
  private final List<NpyArray> opened = new ArrayList<>();
  private final List<TokenizedTexts> texts = new ArrayList<>();
  private final long[] starts;
  private final int[] labels;
  private final TokenRoles roles;
  /** Tokenizes the texts (null without) while the model runs: open until closed. */
  private TextTokenizer tokenizer;

  private CaptureInputs(CaptureSpec spec, OnnxModel model, Map<String, TensorInfo> fed)
      throws IOException {
    this.splits = spec.splits();
    this.starts = new long[splits.size() + 1];
    this.roles = TokenRoles.resolve(spec.tokenInputs(), fed);
    List<int[]> labelLists = new ArrayList<>();
    try {
      tokenizer = tokenizer(spec, fed);
      for (int s = 0; s < splits.size(); s++) {
        CaptureSpec.Split split = splits.get(s);
        Map<String, InputArray> given = split.texts() != null
            ? tokenized(split, tokenizer, fed.keySet()) : opened(split, model);
        for (String input : fed.keySet()) {
          if (!given.containsKey(input)) {
            throw new IllegalArgumentException("split " + split.name() + " gives no values for"
                + " the model's input '" + input + "'; " + model.file() + " is fed "
                + fed.keySet() + " (--inputs " + split.name() + "=NAME:FILE,NAME:FILE)");
          }
        }
        long rows = -1;
        for (Map.Entry<String, InputArray> e : given.entrySet()) {
          InputArray array = e.getValue();
          List<InputArray> ofInput = arrays.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
          if (!ofInput.isEmpty() && !Arrays.equals(array.rowShape(), ofInput.get(0).rowShape())) {
            throw new IllegalArgumentException(array.file() + " has rows of shape "
                + Arrays.toString(array.rowShape()) + ", " + ofInput.get(0).file() + " of "
                + Arrays.toString(ofInput.get(0).rowShape()));
          }
          ofInput.add(array);
          if (rows >= 0 && array.rows() != rows) {
            throw new IllegalArgumentException("split " + split.name() + ": "
                + given.values().iterator().next().file() + " holds " + rows + " items but "
                + array.file() + " holds " + array.rows());
          }
          rows = array.rows();
        }
        int[] splitLabels = LabelFile.read(split.labels(), spec.classes());
        if (splitLabels.length != rows) {
          throw new IllegalArgumentException(split.labels() + " holds " + splitLabels.length
              + " labels but " + given.values().iterator().next().file() + " holds " + rows
              + " items");
        }
        labelLists.add(splitLabels);
        starts[s + 1] = starts[s] + rows;
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
    this.labels = labelLists.stream().flatMapToInt(Arrays::stream).toArray();
  }

  /**
   * Opens the input arrays or tokenizes the texts of every split, and reads the labels; checks
   * that every input the model is fed ({@code fed}) has values and that counts agree.
   */
  static CaptureInputs open(CaptureSpec spec, OnnxModel model, Map<String, TensorInfo> fed)
      throws IOException {
    return new CaptureInputs(spec, model, fed);
  }

  /** Opens the tokenizer of texts (null without), checking that it fills every input. */
  private TextTokenizer tokenizer(CaptureSpec spec, Map<String, TensorInfo> fed)
      throws IOException {
    if (spec.text() == null) {
      return null;
    }
    String ids = roles.requireIds("--texts", fed.keySet());
    for (String input : fed.keySet()) {
      if (roles.part(input) == null) {
        throw new IllegalArgumentException("--texts: the tokenizer gives token ids ('" + ids
            + "'), an attention mask and token type ids, and the model is also fed '" + input
            + "': if it is one of them, say so with --mask-input " + input + " or --type-input "
            + input);
      }
    }
    long[] shape = fed.get(ids).getShape();
    if (shape.length != 2) {
      throw new IllegalArgumentException("--texts: the tokenizer gives each text a sequence of"
          + " ids, [batch, length], but the model's input '" + ids + "' has shape "
          + Arrays.toString(shape));
    }
    return TextTokenizer.open(spec.text().tokenizer(), spec.text().maxLength(), shape[1]);
  }

  private Map<String, InputArray> tokenized(CaptureSpec.Split split, TextTokenizer tokenizer,
      Set<String> fed) throws IOException {
    TokenizedTexts tokenized = TokenizedTexts.read(split.texts(), tokenizer);
    texts.add(tokenized);
    Map<String, InputArray> given = new LinkedHashMap<>();
    fed.forEach(input -> given.put(input, tokenized.array(roles.part(input), input)));
    return given;
  }

  private Map<String, InputArray> opened(CaptureSpec.Split split, OnnxModel model)
      throws IOException {
    List<String> modelInputs = model.inputs();
    Map<String, InputArray> given = new LinkedHashMap<>();
    for (Map.Entry<String, java.nio.file.Path> input : split.inputs().entrySet()) {
      String name = input.getKey();
      if (name.equals(CaptureSpec.Split.ONLY_INPUT)) {
        if (modelInputs.size() != 1) {
          throw new IllegalArgumentException(model.file() + " has " + modelInputs.size()
              + " inputs " + modelInputs + ": give each its array, --inputs " + split.name()
              + "=" + String.join(",", modelInputs.stream().map(i -> i + ":FILE").toList()));
        }
        name = modelInputs.get(0);
      } else if (!modelInputs.contains(name)) {
        throw new IllegalArgumentException("--inputs " + split.name() + ": " + model.file()
            + " has no input '" + name + "'; its inputs are " + modelInputs);
      }
      NpyArray array = NpyArray.open(input.getValue());
      opened.add(array);
      given.put(name, array);
    }
    return given;
  }

  /** Which model inputs hold the token ids, the attention mask and the token type ids. */
  TokenRoles roles() {
    return roles;
  }

  /** Number of items. */
  int size() {
    return labels.length;
  }

  /** The model inputs given values, each with its array of every split. */
  Map<String, List<InputArray>> arrays() {
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

  /** Whether the items are texts. */
  boolean hasTexts() {
    return !texts.isEmpty();
  }

  /** The text of an item (null unless the items are texts). */
  String text(int row) {
    int s = splitIndex(row);
    return texts.isEmpty() ? null : texts.get(s).text(Math.toIntExact(row - starts[s]));
  }

  /** The token texts of an item, padding included (null unless the items are texts). */
  String[] tokens(int row) {
    int s = splitIndex(row);
    return texts.isEmpty() ? null : texts.get(s).tokens(Math.toIntExact(row - starts[s]));
  }

  /** The tokenizer's attention mask of an item (null unless the items are texts). */
  long[] textMask(int row) {
    int s = splitIndex(row);
    return texts.isEmpty() ? null : texts.get(s).mask(Math.toIntExact(row - starts[s]));
  }

  /** Texts longer than the tokenizer's length, cut. */
  int truncated() {
    return texts.stream().mapToInt(TokenizedTexts::truncated).sum();
  }

  private int splitIndex(int row) {
    int s = 0;
    while (row >= starts[s + 1]) {
      s++;
    }
    return s;
  }

  /** A reader of {@code count} rows of one split's array into a target from an offset. */
  @FunctionalInterface
  interface RowReader {
    void read(InputArray array, long first, int count, int offset) throws IOException;
  }

  /**
   * Reads the values of {@code input} for {@code rows[from..to)}, row after row, in runs of
   * consecutive rows of one split: {@code reader} gets each run and its offset in values.
   */
  void read(String input, int[] rows, int from, int to, RowReader reader) throws IOException {
    List<InputArray> ofInput = arrays.get(input);
    int width = ofInput.get(0).rowValues();
    int i = from;
    while (i < to) {
      int s = splitIndex(rows[i]);
      int run = 1;
      while (i + run < to && rows[i + run] == rows[i] + run && rows[i + run] < starts[s + 1]) {
        run++;
      }
      reader.read(ofInput.get(s), rows[i] - starts[s], run, (i - from) * width);
      i += run;
    }
  }

  @Override public void close() throws IOException {
    if (tokenizer != null) {
      tokenizer.close();
    }
    for (NpyArray array : opened) {
      array.close();
    }
  }
}
