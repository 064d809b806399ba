/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The floors of a capture from text, for the benchmark: the tokenizer alone over the texts,
 * and ONNX Runtime alone running the model over the same token arrays, tokenized and batched
 * beforehand, its outputs read into arrays that nothing writes.
 */
public final class TextFloor {
  private TextFloor() {
  }

  /** Seconds the tokenizer takes to load and to tokenize every line of {@code texts}. */
  public static double tokenizeSeconds(Path tokenizer, List<Path> texts) throws IOException {
    long start = System.nanoTime();
    try (TextTokenizer opened = TextTokenizer.open(tokenizer, 0, -1)) {
      for (Path file : texts) {
        // waits until every line is tokenized
        TokenizedTexts.read(file, opened).truncated();
      }
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /**
   * Seconds ONNX Runtime takes to compute {@code layers} (alias to value) of every text of
   * {@code split} (the labels only give the item count), {@code batch} items at a time, with
   * the inputs made beforehand.
   */
  public static double modelSeconds(Path model, Map<String, String> layers, Path tokenizer,
      CaptureSpec.Split split, int batch) throws IOException {
    OnnxModel onnx = OnnxModel.read(model);
    CaptureSpec spec = new CaptureSpec(model, List.of(split), null, layers,
        layers.keySet().iterator().next(), layers.keySet().iterator().next(), null, batch,
        Path.of("unused"), null, false, new CaptureSpec.TextInput(tokenizer, 0), List.of(),
        CaptureSpec.LatentPool.NONE);
    try (ModelRunner runner = ModelRunner.openFeeds(onnx, layers);
        CaptureInputs inputs = CaptureInputs.open(spec, onnx, runner.inputs())) {
      InputFeeds feeds = InputFeeds.check(inputs, runner, null);
      int[] rows = IntStream.range(0, inputs.size()).toArray();
      List<Map<String, ModelRunner.Feed>> batches = new ArrayList<>();
      for (int from = 0; from < rows.length; from += batch) {
        int count = Math.min(batch, rows.length - from);
        batches.add(feeds.feeds(rows, from, from + count, count));
      }
      runner.run(batches.get(0));
      long start = System.nanoTime();
      for (Map<String, ModelRunner.Feed> fed : batches) {
        runner.run(fed);
      }
      return (System.nanoTime() - start) / 1e9;
    }
  }
}
