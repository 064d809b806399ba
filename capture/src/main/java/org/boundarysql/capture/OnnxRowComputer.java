/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import org.boundarysql.ondemand.ModelRun;
import org.boundarysql.ondemand.RowComputer;
import org.boundarysql.ondemand.Throughput;
import org.boundarysql.store.InputLayer;
import org.boundarysql.store.LayerSpec;
import org.boundarysql.store.ModelFile;
import org.boundarysql.store.ModelInput;
import org.boundarysql.store.Store;
import org.boundarysql.store.StoreFormatException;
import org.boundarysql.store.StoreManifest;
import org.boundarysql.store.StoredFile;

import ai.onnxruntime.TensorInfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Computes rows of a store's on-demand layers with ONNX Runtime: the store's copy of the model,
 * checked against its SHA-256 in {@code store.json}, cut to the values of the layers asked for,
 * fed every input it needs from the store's values of it (float inputs through their
 * transform, integer inputs exact). Registered as the engine's
 * {@link RowComputer} ({@code META-INF/services}).
 */
public final class OnnxRowComputer implements RowComputer {
  /** Batch sizes tried when measuring a model with a dynamic batch axis. */
  private static final int[] BATCHES = {8, 32, 128};
  /** Seconds of timed batches per batch size. */
  private static final double MEASURE_SECONDS = 0.2;
  /** A batch this long ends the search for a better batch size. */
  private static final double LONG_BATCH_SECONDS = 0.25;
  private static final System.Logger LOG = System.getLogger(OnnxRowComputer.class.getName());

  @Override public ModelRun open(Store store, List<LayerSpec> layers, int batch) {
    ModelRunner runner = runner(store, layers);
    try {
      return new OnnxModelRun(runner, inputs(store, runner), layers,
          batch > 0 ? batch : Capture.DEFAULT_BATCH);
    } catch (RuntimeException e) {
      runner.close();
      throw e;
    }
  }

  @Override public Throughput measure(Store store, List<LayerSpec> layers) {
    int items = store.items().size();
    try (ModelRunner runner = runner(store, layers)) {
      List<InputLayer> input = inputs(store, runner);
      if (runner.fixedBatch() > 0) {
        int fixed = runner.fixedBatch();
        return new Throughput(fixed, rate(runner, input, layers, fixed, items),
            Runtime.getRuntime().availableProcessors());
      }
      try {
        new OnnxModelRun(runner, input, layers, 2).timeRows(rows(Math.min(2, items)));
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "the model of store " + store.name() + " declares"
            + " a dynamic batch axis, but a batch of 2 fails (" + e.getMessage() + "): running"
            + " it one item at a time");
        return new Throughput(1, rate(runner, input, layers, 1, items),
            Runtime.getRuntime().availableProcessors());
      }
      int best = 0;
      double bestRate = 0;
      for (int batch : BATCHES) {
        double rate = rate(runner, input, layers, batch, items);
        if (rate > bestRate) {
          best = batch;
          bestRate = rate;
        }
        // larger batches do not pay once a batch takes this long (small caches, big models)
        if (batch >= items || batch / rate > LONG_BATCH_SECONDS) {
          break;
        }
      }
      return new Throughput(best, bestRate, Runtime.getRuntime().availableProcessors());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Items per second at a batch size: one batch to warm up, then batches for a while. */
  private static double rate(ModelRunner runner, List<InputLayer> input, List<LayerSpec> layers,
      int batch, int items) throws IOException {
    OnnxModelRun run = new OnnxModelRun(runner, input, layers, batch);
    run.timeRows(rows(Math.min(batch, items)));
    int n = Math.min(items, batch);
    long start = System.nanoTime();
    double rate = run.timeRows(rows(n));
    while ((System.nanoTime() - start) / 1e9 < MEASURE_SECONDS && n < items) {
      n = Math.min(items, n * 2);
      rate = run.timeRows(rows(n));
    }
    return rate;
  }

  private static int[] rows(int n) {
    return IntStream.range(0, n).toArray();
  }

  /**
   * The store's values of every input the model's session is fed, in its order, each checked
   * against its digest, and its element type and shape against the model's declaration.
   */
  static List<InputLayer> inputs(Store store, ModelRunner runner) {
    StoreManifest manifest = store.manifest();
    Path json = store.directory().resolve(StoreManifest.FILE_NAME);
    if (manifest.modelFile() == null || manifest.inputs().isEmpty()) {
      throw new StoreFormatException(json, "declares no model file and inputs to compute"
          + " layers from");
    }
    Path modelPath = store.directory().resolve(manifest.modelFile().model().file());
    List<String> declared = manifest.inputs().stream().map(ModelInput::name).toList();
    List<InputLayer> fed = new ArrayList<>();
    for (Map.Entry<String, TensorInfo> modelInput : runner.inputs().entrySet()) {
      String name = modelInput.getKey();
      TensorInfo info = modelInput.getValue();
      int index = declared.indexOf(name);
      if (index < 0) {
        throw new StoreFormatException(modelPath, "is fed input '" + name + "', but store.json"
            + " declares the inputs of " + declared + ": the model no longer matches the"
            + " store; capture it again");
      }
      ModelInput input = manifest.inputs().get(index);
      Path file = StoredFiles.check(store.directory(), input.file(), "the inputs of '" + name
          + "'");
      if (!InputFeeds.fitsExactly(info.type, input.dtype())) {
        throw new StoreFormatException(file, "holds " + input.dtype() + " values, but the"
            + " model's input '" + name + "' is " + InputFeeds.typeName(info.type) + ", which"
            + " they do not fit exactly: the model no longer matches the store; capture it"
            + " again");
      }
      long[] rowShape = Arrays.stream(input.shape()).asLongStream().toArray();
      if (!InputFeeds.shapeFits(info.getShape(), rowShape)) {
        throw new StoreFormatException(file, "holds rows of shape " + Arrays.toString(rowShape)
            + ", but the model's input '" + name + "' has shape "
            + Arrays.toString(info.getShape()) + " (the first dimension being the batch): the"
            + " model no longer matches the store; capture it again");
      }
      fed.add(store.inputs().get(index));
    }
    return fed;
  }

  /** A session of the store's model, checked against its digest, returning the layers. */
  static ModelRunner runner(Store store, List<LayerSpec> layers) {
    ModelFile declared = store.manifest().modelFile();
    Path modelPath = StoredFiles.check(store.directory(), declared.model(), "the model");
    for (StoredFile part : declared.externalData()) {
      StoredFiles.check(store.directory(), part, "an external weight file of the model");
    }
    Map<String, String> values = new LinkedHashMap<>();
    layers.forEach(layer -> values.put(layer.name(), layer.value()));
    OnnxModel model;
    try {
      model = OnnxModel.read(modelPath);
    } catch (IOException e) {
      throw new StoreFormatException(modelPath, "cannot be read: " + e.getMessage(), e);
    }
    return ModelRunner.openFeeds(model, values);
  }
}
