/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import org.boundarysql.bench.report.MarkdownTable;
import org.boundarysql.capture.Capture;
import org.boundarysql.capture.CaptureSpec;
import org.boundarysql.capture.TextFloor;
import org.boundarysql.store.Items;
import org.boundarysql.store.Layer;
import org.boundarysql.store.Store;
import org.boundarysql.store.StoreDirectory;
import org.boundarysql.task.ProgressListener;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.boundarysql.bench.report.NumberText.format;
import static org.boundarysql.bench.report.NumberText.millis;

/**
 * The text example ({@code fortunes_transformer} beside the store, which
 * {@code ./boundary example} builds when Debian's fortunes can be had): a capture from its
 * texts against ONNX Runtime alone at its best batch size on the same token arrays, with the
 * tokenizer's share; and a {@code GROUP BY token} over a tokens table against the memory floor
 * (a streaming read of the token rows' bytes in the layer file).
 */
final class TextBench {
  static final String STORE = "fortunes_transformer";
  /** The model files, in the source tree. */
  static final Path MODEL_DIR = Path.of("examples", "models", "fortunes_transformer");
  /** The layer of a row per token whose tokens table is scanned. */
  static final String TOKEN_LAYER = "layer1";
  static final String GROUP_BY = "select token, count(*) as n, avg_activation(activation)"
      + " as mean from S." + TOKEN_LAYER + "_tokens group by token";
  /** Batch sizes ONNX Runtime alone is tried at. */
  static final int[] BATCHES = {32, 64, 128, 256};
  static final double CAPTURE_RATIO_GOAL = 1.2;
  /** Turns of ONNX Runtime alone and the capture, each at its best batch size. */
  static final int TURNS = 3;

  /** What was measured. */
  record Result(int items, double captureSeconds, int captureBatch, double tokenizeSeconds,
      double aloneSeconds, int bestBatch, int tokens, Timing groupBy, Timing floor, long floorBytes,
      TextOnDemand.Result onDemand) { }

  private TextBench() {
  }

  /** The layers the example captures (ExampleFortunes), by alias. */
  static Map<String, String> layers() {
    Map<String, String> layers = new LinkedHashMap<>();
    layers.put("layer0", "layer_norm_2");
    layers.put(TOKEN_LAYER, "layer_norm_4");
    layers.put("pooled", "tanh");
    layers.put("logits", "logits");
    return layers;
  }

  /** Measures the text example beside {@code catalog}'s store, or returns null saying why. */
  static Result run(Path catalog, Path home, Timing.Budget budget, Progress progress)
      throws Exception {
    Path storeDir = catalog.resolve(STORE);
    if (!Files.isRegularFile(storeDir.resolve("store.json"))
        || !Files.isRegularFile(MODEL_DIR.resolve("model.onnx"))) {
      progress.say("no %s (or no %s): text capture not measured", storeDir, MODEL_DIR);
      return null;
    }
    Store store = Store.open(storeDir, home.resolve("cache").resolve(STORE));
    Path work = home.resolve("bench").resolve("text");
    StoreDirectory.deleteTree(work);
    Files.createDirectories(work);
    Items items = store.items();
    List<String> texts = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    Items.ExtraColumn text = items.extraColumns().stream()
        .filter(c -> c.name().equals(Capture.TEXT_COLUMN)).findFirst().orElseThrow();
    for (int row = 0; row < items.size(); row++) {
      texts.add((String) text.value(row));
      labels.add(Integer.toString(items.label(row)));
    }
    Path textFile = Files.write(work.resolve("texts.txt"), texts, StandardCharsets.UTF_8);
    Path labelFile = Files.write(work.resolve("labels.txt"), labels);
    Path tokenizer = MODEL_DIR.resolve("tokenizer.json");
    CaptureSpec.Split split = new CaptureSpec.Split("all", Map.of(), textFile, labelFile);
    // each way once at each batch size, then each at its best in turns (a slow spell of the
    // shared machine falls on both); each figure is the best of its runs
    double[] alone = new double[BATCHES.length];
    double[] capture = new double[BATCHES.length];
    int bestAlone = 0;
    int bestCapture = 0;
    for (int b = 0; b < BATCHES.length; b++) {
      alone[b] = aloneSeconds(tokenizer, split, BATCHES[b]);
      capture[b] = captureSeconds(tokenizer, split, BATCHES[b], work.resolve("captured"));
      progress.say("text: batch %d: ONNX Runtime alone %.2f s, capture %.2f s", BATCHES[b],
          alone[b], capture[b]);
      bestAlone = alone[b] < alone[bestAlone] ? b : bestAlone;
      bestCapture = capture[b] < capture[bestCapture] ? b : bestCapture;
    }
    double tokenize = Double.POSITIVE_INFINITY;
    for (int turn = 0; turn < TURNS; turn++) {
      alone[bestAlone] = Math.min(alone[bestAlone], aloneSeconds(tokenizer, split,
          BATCHES[bestAlone]));
      tokenize = Math.min(tokenize, TextFloor.tokenizeSeconds(tokenizer, List.of(textFile)));
      capture[bestCapture] = Math.min(capture[bestCapture], captureSeconds(tokenizer, split,
          BATCHES[bestCapture], work.resolve("captured")));
    }
    int best = BATCHES[bestAlone];
    progress.say("text: capture of %,d texts %.2f s at batch %d (tokenizer %.2f s), ONNX"
        + " Runtime alone %.2f s at batch %d", items.size(), capture[bestCapture],
        BATCHES[bestCapture], tokenize, alone[bestAlone], best);
    TextOnDemand.Result onDemand = TextOnDemand.run(MODEL_DIR.resolve("model.onnx"), tokenizer,
        split, best, work.resolve("ondemand"));
    progress.say("text: 5%% sample of %s.%s_tokens on demand (%,d items, %,d tokens) %.2f s,"
        + " ONNX Runtime alone on the same items %.2f s", TextOnDemand.STORE, TOKEN_LAYER,
        onDemand.items(), onDemand.tokens(), onDemand.sqlSeconds(), onDemand.aloneSeconds());
    StoreDirectory.deleteTree(work);
    Layer layer = store.layer(TOKEN_LAYER).orElseThrow();
    Timing groupBy;
    // as the queries step times them: planned once, executed again and again
    try (Connection c = OnDemandBench.connect(catalog, home.resolve("cache"));
        PreparedStatement query = c.prepareStatement(GROUP_BY.replace("S.", STORE + "."))) {
      groupBy = Timing.measure(() -> rows(query), budget);
    }
    Timing floor;
    long floorBytes;
    try (StreamingRead read = StreamingRead.tokens(storeDir, layer,
        store.tokens().orElseThrow())) {
      floor = Timing.measure(read::read, budget);
      floorBytes = read.bytes();
    }
    progress.say("text: GROUP BY token %.1f ms, floor %.1f ms", groupBy.median(),
        floor.median());
    return new Result(items.size(), capture[bestCapture], BATCHES[bestCapture], tokenize,
        alone[bestAlone], best,
        store.tokens().orElseThrow().size(), groupBy, floor, floorBytes, onDemand);
  }

  /** Seconds ONNX Runtime alone takes over the texts' token arrays, {@code batch} at a time. */
  private static double aloneSeconds(Path tokenizer, CaptureSpec.Split split, int batch)
      throws Exception {
    return TextFloor.modelSeconds(MODEL_DIR.resolve("model.onnx"), layers(), tokenizer, split,
        batch);
  }

  /** Seconds a full capture of the texts into {@code out} takes (deleted after). */
  private static double captureSeconds(Path tokenizer, CaptureSpec.Split split, int batch,
      Path out) throws Exception {
    double seconds = Capture.run(new CaptureSpec(MODEL_DIR.resolve("model.onnx"),
        List.of(split), null, layers(), "pooled", "logits", null, batch, out, null, false,
        new CaptureSpec.TextInput(tokenizer, 0), List.of(), CaptureSpec.LatentPool.NONE),
        ProgressListener.NONE).seconds();
    StoreDirectory.deleteTree(out);
    return seconds;
  }

  /** Executes a query and reads every value, arrays' elements included; returns the rows. */
  static int rows(PreparedStatement query) throws Exception {
    try (ResultSet r = query.executeQuery()) {
      int rows = 0;
      int columns = r.getMetaData().getColumnCount();
      while (r.next()) {
        for (int i = 1; i <= columns; i++) {
          if (r.getObject(i) instanceof Array array) {
            array.getArray();
          }
        }
        rows++;
      }
      return rows;
    }
  }

  /** The report's goal rows. */
  static void goal(Result r, MarkdownTable table) {
    double ratio = r.captureSeconds() / r.aloneSeconds();
    table.row("text: capture from text / ONNX Runtime alone at its best batch ≤ 1.2",
        format("%.2f×", ratio), ratio <= CAPTURE_RATIO_GOAL ? "yes" : "no");
    double scan = r.groupBy().median() / r.floor().median();
    table.row("text: GROUP BY token over a tokens table / memory floor ≤ 2",
        format("%.2f×", scan), scan <= 2 ? "yes" : "no");
  }

  /** The report's section. */
  static void section(Result r, StringBuilder md) {
    md.append("\n## Text capture and tokens\n\n`").append(STORE).append("` (")
        .append(format("%,d", r.items())).append(" texts, ").append(format("%,d", r.tokens()))
        .append(" tokens): a full capture from the texts, all of it timed (the model file"
            + " read, the session created, the tokenizer loaded and run, the first batch run"
            + " to learn the layers' shapes, the model over every text, every layer and the"
            + " tokens written) against ONNX Runtime alone running the model over the same"
            + " token arrays at its best batch size (the arrays tokenized and batched, the"
            + " session created and one batch run beforehand, untimed), and the tokenizer"
            + " alone (loaded and run). ONNX Runtime alone and the capture run once at each"
            + " batch size, then each at its best batch size and the tokenizer take " + TURNS
            + " turns; each figure is the best of its runs.\n\n");
    MarkdownTable capture = MarkdownTable.text("what").andNumbers("seconds", "share");
    capture.row("capture from text, batch " + r.captureBatch(),
        format("%.2f", r.captureSeconds()), "100%");
    capture.row("tokenizer alone", format("%.2f", r.tokenizeSeconds()),
        format("%.0f%%", 100 * r.tokenizeSeconds() / r.captureSeconds()));
    capture.row("ONNX Runtime alone, batch " + r.bestBatch(), format("%.2f", r.aloneSeconds()),
        format("%.0f%%", 100 * r.aloneSeconds() / r.captureSeconds()));
    md.append(capture).append("\n");
    md.append(format("`%s` (planned once, executed again and again) against the memory floor"
        + " (a streaming read, on every core, of the %,d bytes of `%s`'s token rows that it"
        + " reads, padding left out): %s ms against %s ms (%.2f×).%n",
        GROUP_BY.replace("S.", STORE + "."), r.floorBytes(), TOKEN_LAYER,
        millis(r.groupBy().median()), millis(r.floor().median()),
        r.groupBy().median() / r.floor().median()));
    TextOnDemand.Result d = r.onDemand();
    md.append(format("%nOn demand: the texts captured again as an on-demand store (`%s`: the"
        + " model, the token arrays, the latent layer and logits kept; `%s` computed when read),"
        + " then `%s` (%,d items, %,d token rows, every value read; into an empty row cache,"
        + " after one item outside the sample opened the model's session) in %.2f s against"
        + " ONNX Runtime alone computing `%s` for the same items at the same batch size (%d;"
        + " inputs made beforehand) in %.2f s (%.2f×).%n", TextOnDemand.STORE, TOKEN_LAYER,
        TextOnDemand.SAMPLED.replace("S.", TextOnDemand.STORE + "."), d.items(), d.tokens(),
        d.sqlSeconds(), TOKEN_LAYER, d.batch(), d.aloneSeconds(),
        d.sqlSeconds() / d.aloneSeconds()));
  }
}
