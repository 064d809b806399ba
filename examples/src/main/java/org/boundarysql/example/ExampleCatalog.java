/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.example;

import org.boundarysql.capture.NpyArray;
import org.boundarysql.kernel.ArgmaxDist;
import org.boundarysql.store.LayerSpec;
import org.boundarysql.store.ModelInput;
import org.boundarysql.store.NpyDtype;
import org.boundarysql.store.StoreDirectory;
import org.boundarysql.store.StoreManifest;
import org.boundarysql.store.StoreWriter;
import org.boundarysql.store.StoredFile;
import org.boundarysql.task.ProgressBars;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Builds the example catalog: one activation store per example model (see
 * {@link ExampleModels.Example}) from the committed weights and the real data sets.
 *
 * <p>Each store holds the test split (10,000 items, ids 0–9,999 = the data set's test index); the
 * final MNIST LeNet store also holds the train split (60,000 items, ids 10,000 + train index),
 * and has an on-demand twin ({@link ExampleTwin}). Every store keeps its items' images
 * ({@code input_image.npy}), so that its items show as pictures and the estimates can use them.
 * Stores are built in a hidden temporary directory and renamed into place when complete; a store
 * that already exists and was built from the same weights is reused.
 *
 * <pre>
 * ExampleCatalog [--catalog DIR] [--data DIR] [--only store,store...] [--no-plot]
 * </pre>
 */
public final class ExampleCatalog {

  /** Items per forward pass. */
  public static final int BATCH = 500;
  /** File in each example store recording the weights it was built from. */
  public static final String SOURCE_FILE = ".example-source";
  /** Bumped when the extraction changes, so that older stores are rebuilt. */
  static final String EXTRACTION_VERSION = "2";
  /** The name of the input every example store keeps: the images, as the twin's model names it. */
  static final String INPUT = "image";

  private ExampleCatalog() {
  }

  /**
   * Builds (or reuses) every example store in {@code catalogDir}, the text store
   * ({@link ExampleFortunes}) when the fortunes can be had; data from {@code dataDir} or the
   * cache.
   */
  public static Path build(Path catalogDir, Path dataDir) {
    build(catalogDir, dataDir, EnumSet.allOf(ExampleModels.Example.class));
    ExampleFortunes.build(catalogDir);
    return catalogDir;
  }

  /**
   * Builds (or reuses) the given example stores in {@code catalogDir}; with
   * {@code mnist_lenet}, its on-demand twin ({@link ExampleTwin}).
   */
  public static Path build(Path catalogDir, Path dataDir, Set<ExampleModels.Example> which) {
    try {
      Files.createDirectories(catalogDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create catalog directory " + catalogDir, e);
    }
    for (ExampleModels.Example ex : which) {
      Path storeDir = catalogDir.resolve(ex.storeName());
      String source = sourceOf(ex);
      if (isCurrent(storeDir, source)) {
        System.err.println("reusing " + storeDir);
        continue;
      }
      long t0 = System.nanoTime();
      List<ExampleData.Split> splits = new ArrayList<>();
      splits.add(ExampleData.load(ex.dataset(), "test", dataDir));
      if (ex.withTrainSplit()) {
        splits.add(ExampleData.load(ex.dataset(), "train", dataDir));
      }
      buildStore(storeDir, ex.description(), ex.architecture(),
          ExampleData.classes(ex.dataset()), ex.load(), splits, source);
      System.err.printf(Locale.ROOT, "built %s in %.0f s%n", storeDir,
          (System.nanoTime() - t0) / 1e9);
    }
    if (which.contains(ExampleModels.Example.MNIST_LENET)) {
      ExampleTwin.build(catalogDir, dataDir);
    }
    return catalogDir;
  }

  /** Whether a store exists and was built from this source. */
  static boolean isCurrent(Path storeDir, String source) {
    Path marker = storeDir.resolve(SOURCE_FILE);
    try {
      return Files.isRegularFile(storeDir.resolve(StoreManifest.FILE_NAME))
          && Files.isRegularFile(marker) && Files.readString(marker).strip().equals(source);
    } catch (IOException e) {
      return false;
    }
  }

  /** Identifies the weights an example store is built from: file, SHA-256, extraction version. */
  static String sourceOf(ExampleModels.Example ex) {
    String file = ex.weightsFile();
    Path dir = ExampleModels.modelsDir();
    try (InputStream in = dir != null && Files.isRegularFile(dir.resolve(file))
        ? Files.newInputStream(dir.resolve(file))
        : ExampleModels.class.getResourceAsStream("/org/boundarysql/example/models/" + file)) {
      if (in == null) {
        throw new IllegalStateException("weights " + file + " not found");
      }
      return file + " sha256=" + sha256(in) + " extraction=" + EXTRACTION_VERSION;
    } catch (IOException e) {
      throw new UncheckedIOException("reading weights " + file, e);
    }
  }

  /** The hex SHA-256 of a stream's bytes. */
  static String sha256(InputStream in) throws IOException {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        sha.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The store manifest for an architecture: its exposed layers, {@code fc2} as latent layer,
   * {@link ExampleModels#LOGITS} as the logits.
   */
  public static StoreManifest manifest(String model, ExampleModels.Architecture arch,
      List<String> classes, ModelInput images) {
    List<LayerSpec> layers = arch.layers().stream()
        .map(l -> new LayerSpec(l.name(), l.shape())).toList();
    return new StoreManifest(model, classes, arch.latentLayer(), ExampleModels.LOGITS, layers,
        List.of(), null, List.of(images));
  }

  /**
   * Writes the splits' images into {@code storeDir}, in store order, as the store's input
   * {@value #INPUT}: their bytes (uint8 {@code [1, 28, 28]}), fed {@link ExampleData#PIXELS_FED}.
   */
  static ModelInput writeImages(List<ExampleData.Split> splits, Path storeDir)
      throws IOException {
    int rows = splits.stream().mapToInt(ExampleData.Split::size).sum();
    ByteBuffer pixels = ByteBuffer.allocate(rows * ExampleData.PIXELS);
    for (ExampleData.Split split : splits) {
      pixels.put(split.pixels());
    }
    int[] shape = {1, ExampleData.SIDE, ExampleData.SIDE};
    String file = ModelInput.storedName(INPUT) + ".npy";
    NpyArray.write(storeDir.resolve(file), NpyDtype.UINT8,
        new long[] {rows, shape[0], shape[1], shape[2]}, pixels.flip());
    try (InputStream in = Files.newInputStream(storeDir.resolve(file))) {
      return new ModelInput(INPUT, new StoredFile(file, sha256(in)), NpyDtype.UINT8, shape,
          ExampleData.PIXELS_FED);
    }
  }

  /**
   * Runs the network over the splits (in order) and writes a complete store to {@code storeDir},
   * replacing any store there only once the new one is complete.
   *
   * @param source written to {@value #SOURCE_FILE}; may be null
   */
  public static Path buildStore(Path storeDir, String model, ExampleModels.Architecture arch,
      List<String> classes, MultiLayerNetwork net, List<ExampleData.Split> splits, String source) {
    int rows = splits.stream().mapToInt(ExampleData.Split::size).sum();
    String stage = storeDir.getFileName().toString();
    try (StoreDirectory aside = StoreDirectory.aside(storeDir);
         ProgressBars bars = ProgressBars.onStandardError()) {
      ModelInput images = writeImages(splits, aside.path());
      try (StoreWriter writer = new StoreWriter(aside.path(),
          manifest(model, arch, classes, images), rows)) {
        long id = 0;
        for (ExampleData.Split split : splits) {
          for (int from = 0; from < split.size(); from += BATCH) {
            int to = Math.min(split.size(), from + BATCH);
            Batch b = forward(net, arch, Arrays.copyOfRange(split.images(), from, to));
            for (int r = 0; r < to - from; r++) {
              writer.writeItem(id++, split.name(), split.labels()[from + r], b.predicted[r]);
              for (int l = 0; l < b.layers.size(); l++) {
                writer.writeActivation(arch.layers().get(l).name(), b.layers.get(l)[r]);
              }
            }
            bars.update(stage, id, rows);
          }
        }
      }
      if (source != null) {
        Files.writeString(aside.path().resolve(SOURCE_FILE), source + "\n");
      }
      aside.commit();
      return storeDir;
    } catch (IOException e) {
      throw new UncheckedIOException("building store " + storeDir, e);
    }
  }

  /** The activations of one batch: per exposed layer, one flat row per item; and predictions. */
  public record Batch(List<float[][]> layers, int[] predicted) {
  }

  /**
   * One forward pass (inference mode) over a batch of flat images: the exposed layers' outputs,
   * the logits (last hidden layer × output weights + bias) and the predicted class (argmax of the
   * network's softmax output). Fails if argmax(logits) disagrees with the prediction.
   */
  public static Batch forward(MultiLayerNetwork net, ExampleModels.Architecture arch,
      float[][] images) {
    int n = images.length;
    List<INDArray> acts = net.feedForward(Nd4j.create(images), false);
    INDArray output = acts.get(acts.size() - 1);
    INDArray hidden = acts.get(arch.lastHiddenIndex() + 1);
    int outIndex = net.getnLayers() - 1;
    INDArray w = net.getLayer(outIndex).getParam("W");
    INDArray bias = net.getLayer(outIndex).getParam("b");
    INDArray logits = hidden.mmul(w).addRowVector(bias);
    int[] predicted = output.argMax(1).toIntVector();
    List<float[][]> layers = new ArrayList<>();
    for (ExampleModels.LayerSpec spec : arch.layers()) {
      INDArray a = spec.name().equals(ExampleModels.LOGITS) ? logits
          : acts.get(spec.dl4jIndex() + 1);
      int width = spec.width();
      if (a.length() != (long) n * width) {
        throw new IllegalStateException("layer " + spec.name() + " has shape "
            + Arrays.toString(a.shape()) + ", expected [" + n + ", " + width + "]");
      }
      float[] flat = a.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').data().asFloat();
      float[][] rows = new float[n][];
      for (int r = 0; r < n; r++) {
        rows[r] = Arrays.copyOfRange(flat, r * width, (r + 1) * width);
      }
      layers.add(rows);
    }
    float[][] lg = layers.get(arch.layers().size() - 1);
    for (int r = 0; r < n; r++) {
      int best = ArgmaxDist.argmax(lg[r]);
      if (best != predicted[r] && lg[r][best] - lg[r][predicted[r]] > 1e-4f) {
        throw new IllegalStateException("argmax(logits) = " + best + " but the network predicts "
            + predicted[r] + " for batch row " + r);
      }
    }
    return new Batch(layers, predicted);
  }

  /**
   * Builds (or reuses) the given example stores in {@code catalog} and, if {@code plot}, each
   * store's latent-space picture; reports the time on standard error.
   */
  public static void buildWithPictures(Path catalog, Path data, Set<ExampleModels.Example> which,
      boolean plot, boolean text) {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    long t0 = System.nanoTime();
    build(catalog, data, which);
    if (text) {
      ExampleFortunes.build(catalog);
    }
    if (plot) {
      for (ExampleModels.Example ex : which) {
        Path png = catalog.resolve(ex.storeName()).resolve(LatentSpacePlot.FILE_NAME);
        if (!Files.exists(png)) {
          LatentSpacePlot.write(catalog.resolve(ex.storeName()), png, LatentSpacePlot.DEFAULT_ITEMS,
              LatentSpacePlot.DEFAULT_ITERATIONS);
        }
      }
    }
    System.err.printf(Locale.ROOT, "catalog %s ready in %.0f s%n", catalog.toAbsolutePath(),
        (System.nanoTime() - t0) / 1e9);
  }
}
