/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import org.boundarysql.kernel.ArgmaxDist;
import org.boundarysql.materialize.SampledStore;
import org.boundarysql.sample.Draw;
import org.boundarysql.sample.LatentSpace;
import org.boundarysql.sample.SampleSpec;
import org.boundarysql.store.Items;
import org.boundarysql.store.LayerSpec;
import org.boundarysql.store.ModelFile;
import org.boundarysql.store.ModelInput;
import org.boundarysql.store.SampleProvenance;
import org.boundarysql.store.StoreDirectory;
import org.boundarysql.store.StoreManifest;
import org.boundarysql.store.StoreTokens;
import org.boundarysql.store.StoreWriter;
import org.boundarysql.task.ProgressListener;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * Runs an ONNX model over the items of a {@link CaptureSpec} and writes a store: every layer of
 * every item (a full capture), or, with a sample, the latent layer and logits of every item
 * first, then the model again over the sampled items only, written as the pair
 * {@code ./boundary materialize} writes: {@code OUT_METHOD_PCT} (every layer of the sampled
 * items) and {@code OUT_latent} (every item's latent layer and logits); or, on demand, the
 * latent layer and logits of every item, a copy of the model and the inputs as given, with
 * every other layer declared as computed on demand. Everything is checked before the first
 * store file is written, and stores are written aside and renamed when complete.
 */
public final class Capture {
  /** Items per model run unless the spec says otherwise. */
  public static final int DEFAULT_BATCH = 256;
  /** The column of items.csv holding each item's text, when the items are texts. */
  public static final String TEXT_COLUMN = "text";
  /** File in a fully captured store naming the model and inputs it was captured from. */
  public static final String PROVENANCE = "capture.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final CaptureSpec spec;
  private final OnnxModel model;
  private final CaptureInputs inputs;
  private final ProgressListener progress;
  private InputFeeds feeds;
  private SequenceLayers sequences;
  /** Values per item of each layer's value as the model computes it. */
  private final Map<String, Integer> valueWidths = new LinkedHashMap<>();
  private final Map<String, LayerSpec> layers = new LinkedHashMap<>();
  private List<String> classes;
  private int batch;
  private int fixedBatch;
  private long modelItems;
  /** The values of the first batch of items, which the checks ran the model over. */
  private ModelRunner.Batch probe;

  /** A store written: its directory, its bytes (as {@link StoreDirectory#bytes}), items. */
  public record Written(Path store, long bytes, int items) { }

  /**
   * What a capture did: the stores, the items, the items the model ran on, the seconds, the
   * bytes of activations a full capture of every layer writes (for comparison), and the texts
   * the tokenizer cut to its length.
   */
  public record Report(List<Written> stores, int items, long modelItems, double seconds,
      long fullLayerBytes, int truncated) {
    /** Items captured per second, end to end. */
    public double itemsPerSecond() {
      return items / seconds;
    }

    /** Bytes of every store written. */
    public long bytes() {
      return stores.stream().mapToLong(Written::bytes).sum();
    }
  }

  private Capture(CaptureSpec spec, OnnxModel model, CaptureInputs inputs,
      ProgressListener progress) {
    this.spec = spec;
    this.model = model;
    this.inputs = inputs;
    this.progress = progress;
  }

  /** The store directories a spec writes: the store, or the sampled store and latent store. */
  public static List<Path> targets(CaptureSpec spec) {
    Path out = spec.out().toAbsolutePath();
    if (spec.sample() == null || spec.onDemand()) {
      return List.of(out);
    }
    String name = out.getFileName().toString();
    return List.of(out.resolveSibling(SampledStore.sampledName(name, spec.sample().method(),
        spec.sample().fraction())),
        out.resolveSibling(SampleProvenance.latentStoreName(name)));
  }

  /** Runs the capture; a bad model, input or option is an IllegalArgumentException. */
  public static Report run(CaptureSpec spec, ProgressListener progress) throws IOException {
    long start = System.nanoTime();
    for (Path target : targets(spec)) {
      try {
        StoreDirectory.checkReplaceable(target);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(e.getMessage() + ": choose a new directory for --out",
            e);
      }
    }
    OnnxModel model = OnnxModel.read(spec.model());
    try (ModelRunner runner = ModelRunner.openFeeds(model, spec.layers());
        CaptureInputs inputs = CaptureInputs.open(spec, model, runner.inputs())) {
      Capture capture = new Capture(spec, model, inputs, progress);
      capture.check(runner);
      List<Written> written = spec.onDemand() ? capture.onDemand()
          : spec.sample() == null ? capture.full(runner) : capture.sampled(runner);
      long rowBytes = capture.layers.values().stream().mapToLong(l -> l.width() * 4L).sum();
      return new Report(written, inputs.size(), capture.modelItems,
          (System.nanoTime() - start) / 1e9, rowBytes * inputs.size(), inputs.truncated());
    }
  }

  /** Checks inputs against the model, fixes the batch size, and learns the layers' shapes. */
  private void check(ModelRunner runner) throws IOException {
    feeds = InputFeeds.check(inputs, runner, spec.transform());
    if (spec.onDemand()) {
      checkOnDemandInputs();
    }
    fixedBatch = runner.fixedBatch();
    if (fixedBatch > 0 && spec.batch() != fixedBatch) {
      String input = runner.input();
      throw new IllegalArgumentException(model.file() + " was exported with a fixed batch size"
          + " of " + fixedBatch + " (input '" + input + "' has shape "
          + Arrays.toString(runner.inputShape()) + "): export it again with a dynamic batch"
          + " axis (torch.onnx.export(..., dynamic_axes={'" + input + "': {0: 'batch'}}))"
          + ", or pass --batch " + fixedBatch + " to run it " + fixedBatch + " item(s) at a time"
          + " (much slower)");
    }
    batch = fixedBatch > 0 ? fixedBatch : spec.batch() > 0 ? spec.batch() : DEFAULT_BATCH;
    int[] probeRows = IntStream.range(0, Math.min(batch, inputs.size())).toArray();
    probe = runner.run(feeds.feeds(probeRows, 0, probeRows.length, fed(probeRows.length)));
    for (Map.Entry<String, String> layer : spec.layers().entrySet()) {
      long[] shape = probe.shapes().get(layer.getValue());
      if (shape.length == 0 || shape[0] != fed(probeRows.length)) {
        throw new IllegalArgumentException("layer " + layer.getKey() + ": value '"
            + layer.getValue() + "' has shape " + Arrays.toString(shape) + " for a batch of "
            + fed(probeRows.length) + " items, not one row per item");
      }
      int[] itemShape = shape.length == 1 ? new int[] {1}
          : Arrays.stream(shape, 1, shape.length).mapToInt(Math::toIntExact).toArray();
      layers.put(layer.getKey(), new LayerSpec(layer.getKey(), itemShape));
      valueWidths.put(layer.getKey(), layers.get(layer.getKey()).width());
    }
    sequences = SequenceLayers.of(spec, inputs, layers);
    checkClasses(layers.get(spec.logits()).width());
  }

  /**
   * An on-demand store keeps every input the model is fed, each in one element type (see
   * {@link KeptFiles#keptType}).
   */
  private void checkOnDemandInputs() {
    for (String name : feeds.names()) {
      List<InputArray> arrays = inputs.arrays().get(name);
      if (KeptFiles.keptType(arrays) == null) {
        InputArray other = arrays.stream().filter(a -> a.dtype() != arrays.get(0).dtype())
            .findFirst().orElseThrow();
        throw new IllegalArgumentException(other.file() + " holds " + other.dtype()
            + " values, " + arrays.get(0).file() + " " + arrays.get(0).dtype() + ": an"
            + " on-demand store keeps its inputs as given, in one element type; save the"
            + " splits alike");
      }
    }
  }

  private void checkClasses(int classCount) {
    classes = spec.classes() != null ? spec.classes()
        : IntStream.range(0, classCount).mapToObj(Integer::toString).toList();
    if (classes.size() != classCount) {
      throw new IllegalArgumentException("--classes names " + classes.size() + " classes but"
          + " the logits (" + spec.layers().get(spec.logits()) + ") have " + classCount);
    }
    int[] labels = inputs.labels();
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classCount) {
        throw new IllegalArgumentException("the label of item " + i + " (split "
            + inputs.split(i) + ") is " + labels[i] + ", not a class index in [0, " + classCount
            + ")");
      }
    }
  }

  private int fed(int rows) {
    return fixedBatch > 0 ? fixedBatch : rows;
  }

  /** Receives the model's values for the items {@code rows[from..from + count)}. */
  @FunctionalInterface
  private interface BatchWriter {
    void write(int[] rows, int from, int count, ModelRunner.Batch values) throws IOException;
  }

  /**
   * Runs the model over {@code rows} batch by batch, each batch while the previous one is
   * written (inputs are read and values written on this thread only); the values of the first
   * batch are {@code first} if given (the probe's, when {@code rows} are every item in order).
   */
  private void forEachBatch(ModelRunner runner, int[] rows, String stage, BatchWriter writer,
      ModelRunner.Batch first) throws IOException {
    Future<ModelRunner.Batch> running = rows.length == 0 ? null
        : first != null ? CompletableFuture.completedFuture(first) : start(runner, rows, 0);
    try {
      for (int from = 0; from < rows.length; from += batch) {
        int count = Math.min(batch, rows.length - from);
        ModelRunner.Batch values = OrtThread.await(running);
        running = from + count < rows.length ? start(runner, rows, from + count) : null;
        modelItems += count;
        writer.write(rows, from, count, values);
        progress.update(stage, from + count, rows.length);
      }
    } finally {
      if (running != null) {
        running.cancel(false);
      }
    }
  }

  /** Starts the model over the batch of {@code rows} from {@code from} on. */
  private Future<ModelRunner.Batch> start(ModelRunner runner, int[] rows, int from)
      throws IOException {
    int count = Math.min(batch, rows.length - from);
    Map<String, ModelRunner.Feed> fed = feeds.feeds(rows, from, from + count, fed(count));
    return OrtThread.submit(() -> runner.run(fed));
  }

  /** Writes one item: its row in items.csv and its row of each layer; returns the prediction. */
  private int writeItem(StoreWriter writer, Map<String, LayerSpec> written, int row, int index,
      ModelRunner.Batch values) throws IOException {
    int predicted = 0;
    for (LayerSpec layer : written.values()) {
      float[] data = values.data().get(spec.layers().get(layer.name()));
      float[] activation = sequences.row(layer.name(), data, index,
          valueWidths.get(layer.name()), row);
      if (layer.name().equals(spec.logits())) {
        predicted = ArgmaxDist.argmax(activation);
      }
      writer.writeActivation(layer.name(), activation);
    }
    writeItem(writer, row, predicted);
    return predicted;
  }

  private List<Written> full(ModelRunner runner) throws IOException {
    int[] rows = IntStream.range(0, inputs.size()).toArray();
    try (StoreDirectory store = StoreDirectory.aside(spec.out())) {
      try (StoreWriter writer = writer(store.path(), layers, rows.length);
          StoreTokens.Writer tokens = sequences.writer(store.path(), layers)) {
        forEachBatch(runner, rows, "capturing " + store.target().getFileName(),
            (all, from, count, values) -> {
              for (int i = 0; i < count; i++) {
                writeItem(writer, layers, all[from + i], i, values);
                if (tokens != null) {
                  sequences.writeTokens(tokens, all[from + i], all[from + i]);
                }
              }
            }, probe);
      }
      writeProvenance(store.path().resolve(PROVENANCE), null, rows.length);
      store.commit();
      return List.of(written(store.target(), rows.length));
    }
  }

  private List<Written> sampled(ModelRunner runner) throws IOException {
    List<Path> targets = targets(spec);
    int[] all = IntStream.range(0, inputs.size()).toArray();
    double[][] points = new double[all.length][];
    int[] predictions = new int[all.length];
    try (StoreDirectory sampled = StoreDirectory.aside(targets.get(0));
        StoreDirectory latent = StoreDirectory.aside(targets.get(1))) {
      // the latent store keeps the logits too, as materialize's (SampledStore
      // #latentStoreLayers): with the latent layer, every item's auxiliaries for the estimates
      everyItem(latent.path(), true, null, points, predictions);
      SampleSpec sample = spec.sample();
      Draw draw = sample.draw(new LatentSpace(points, inputs.labels(), predictions,
          classes.size()), progress);
      int[] rows = draw.rows();
      try (StoreWriter writer = writer(sampled.path(), layers, rows.length);
          StoreTokens.Writer tokens = sequences.writer(sampled.path(), layers)) {
        forEachBatch(runner, rows, "every layer of the sampled items",
            (chosen, from, count, values) -> {
              for (int i = 0; i < count; i++) {
                writeItem(writer, layers, chosen[from + i], i, values);
                if (tokens != null) {
                  sequences.writeTokens(tokens, chosen[from + i], chosen[from + i]);
                }
              }
            }, null);
      }
      SampledStore.appendDesign(sampled.path().resolve(Items.FILE_NAME), draw);
      writeProvenance(sampled.path().resolve(SampleProvenance.FILE_NAME), sample, rows.length);
      writeProvenance(latent.path().resolve(SampleProvenance.FILE_NAME), null, all.length);
      sampled.commit();
      latent.commit();
      return List.of(written(sampled.target(), rows.length),
          written(latent.target(), all.length));
    }
  }

  /**
   * Writes the store that keeps the model: every item's latent layer and logits, a copy of the
   * model, the inputs as given, and every other layer declared as computed on demand.
   */
  private List<Written> onDemand() throws IOException {
    int n = inputs.size();
    try (StoreDirectory store = StoreDirectory.aside(spec.out())) {
      List<LayerSpec> stored = new ArrayList<>();
      List<LayerSpec> computed = new ArrayList<>();
      // tokens.csv serves the token layers computed on demand too
      List<LayerSpec> written = everyItem(store.path(), true, layers, null, null);
      for (LayerSpec layer : layers.values()) {
        LayerSpec withValue = new LayerSpec(layer.name(), layer.shape(),
            spec.layers().get(layer.name()));
        (written.contains(layer) ? stored : computed).add(withValue);
      }
      progress.update("keeping the model and inputs", 0, 1);
      ModelFile keptModel = KeptFiles.copyModel(model, store.path());
      List<ModelInput> kept = new ArrayList<>();
      for (String name : feeds.names()) {
        // the transform makes float inputs of the values; integer inputs are fed as they are
        kept.add(KeptFiles.writeInput(name, inputs.arrays().get(name), feeds.isFloat(name)
            ? spec.transform() : null, store.path()));
      }
      progress.update("keeping the model and inputs", 1, 1);
      new StoreManifest(model.file().getFileName().toString(), classes, spec.latent(),
          spec.logits(), stored, computed, keptModel, kept).write(store.path());
      writeProvenance(store.path().resolve(PROVENANCE), null, n);
      store.commit();
      return List.of(written(store.target(), n));
    }
  }

  /**
   * Runs the model (cut to the latent layer and the logits) over every item, writing into
   * {@code dir} items.csv and the latent layer (and the logits if {@code withLogits}), and the
   * tokens of those layers or of {@code tokenLayers} if given; keeps each item's latent point
   * and prediction if the arrays are given. Returns the layers written.
   */
  private List<LayerSpec> everyItem(Path dir, boolean withLogits,
      Map<String, LayerSpec> tokenLayers, double[][] points, int[] predictions)
      throws IOException {
    int[] all = IntStream.range(0, inputs.size()).toArray();
    Map<String, LayerSpec> written = new LinkedHashMap<>();
    written.put(spec.latent(), layers.get(spec.latent()));
    if (withLogits) {
      written.put(spec.logits(), layers.get(spec.logits()));
    }
    Map<String, String> passOne = new LinkedHashMap<>();
    passOne.put(spec.latent(), spec.layers().get(spec.latent()));
    passOne.put(spec.logits(), spec.layers().get(spec.logits()));
    try (ModelRunner latentRunner = ModelRunner.openFeeds(model, passOne);
        StoreWriter writer = writer(dir, written, all.length);
        StoreTokens.Writer tokens = sequences.writer(dir,
            tokenLayers != null ? tokenLayers : written)) {
      LayerSpec logits = layers.get(spec.logits());
      int width = layers.get(spec.latent()).width();
      forEachBatch(latentRunner, all, "latent and logits of every item",
          (rows, from, count, values) -> {
            float[] latentData = values.data().get(passOne.get(spec.latent()));
            float[] logitData = values.data().get(passOne.get(spec.logits()));
            for (int i = 0; i < count; i++) {
              int row = rows[from + i];
              float[] activation = sequences.row(spec.latent(), latentData, i,
                  valueWidths.get(spec.latent()), row);
              float[] logitRow = Arrays.copyOfRange(logitData, i * logits.width(),
                  (i + 1) * logits.width());
              int predicted = ArgmaxDist.argmax(logitRow);
              if (points != null) {
                points[row] = IntStream.range(0, width).mapToDouble(k -> activation[k])
                    .toArray();
                predictions[row] = predicted;
              }
              writer.writeActivation(spec.latent(), activation);
              if (withLogits && !spec.logits().equals(spec.latent())) {
                writer.writeActivation(spec.logits(), logitRow);
              }
              writeItem(writer, row, predicted);
              if (tokens != null) {
                sequences.writeTokens(tokens, row, row);
              }
            }
          }, null);
    }
    return new ArrayList<>(written.values());
  }

  /** Writes an item's row of items.csv, with its text if the items are texts. */
  private void writeItem(StoreWriter writer, int row, int predicted) throws IOException {
    writer.writeItem(row, inputs.split(row), inputs.labels()[row], predicted,
        inputs.hasTexts() ? List.of(inputs.text(row)) : List.of());
  }

  /** A writer of a store's files, with a text column in items.csv if the items are texts. */
  private StoreWriter writer(Path dir, Map<String, LayerSpec> written, int rows)
      throws IOException {
    return new StoreWriter(dir, manifest(written), rows,
        inputs.hasTexts() ? List.of(TEXT_COLUMN) : List.of());
  }

  private StoreManifest manifest(Map<String, LayerSpec> written) {
    return new StoreManifest(model.file().getFileName().toString(), classes, spec.latent(),
        written.containsKey(spec.logits()) ? spec.logits() : null,
        new ArrayList<>(written.values()));
  }

  private static Written written(Path store, int items) throws IOException {
    return new Written(store, StoreDirectory.bytes(store), items);
  }

  /** Writes a store's provenance file: the model and inputs captured, and the sample kept. */
  private void writeProvenance(Path file, SampleSpec sample, int items) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("model", model.file().toAbsolutePath().toString());
    root.put("modelSha256", model.sha256());
    ObjectNode splits = root.putObject("inputs");
    for (CaptureSpec.Split split : spec.splits()) {
      if (split.texts() != null) {
        splits.put(split.name(), split.texts().toAbsolutePath().toString());
      } else if (split.inputs().size() == 1
          && split.inputs().containsKey(CaptureSpec.Split.ONLY_INPUT)) {
        splits.put(split.name(), split.inputs().get(CaptureSpec.Split.ONLY_INPUT)
            .toAbsolutePath().toString());
      } else {
        ObjectNode arrays = splits.putObject(split.name());
        split.inputs().forEach((name, array) -> arrays.put(name,
            array.toAbsolutePath().toString()));
      }
    }
    if (spec.text() != null) {
      root.put("tokenizer", spec.text().tokenizer().toAbsolutePath().toString());
    }
    if (sample != null) {
      // the full capture this sample stands for, whose population is its latent store
      root.put("source", spec.out().toAbsolutePath().toString());
      root.put("sample", sample.describe());
    } else if (spec.sample() != null) {
      root.put("content", SampledStore.LATENT_CONTENT);
    }
    root.put("items", items);
    Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
  }
}
