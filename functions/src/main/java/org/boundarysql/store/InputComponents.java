/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import org.boundarysql.task.Cancellation;

import smile.math.blas.UPLO;
import smile.math.matrix.Matrix;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The scores of every item of a store on the leading principal components of its model inputs
 * fed as floats (images; not token ids), as fed: the layer
 * {@code input_components} of {@value #COMPONENTS} values per item (fewer if the inputs have
 * fewer directions), known for every item like the latent layer, so an auxiliary of the
 * model-assisted estimates.
 *
 * <p>The components are those of the float64 covariance of the flattened, transformed inputs
 * of at most {@value #FIT_ITEMS} items spread evenly over the store (a symmetric
 * eigen-decomposition, LAPACK's through Smile). The scores are computed once and written to a
 * {@code .npy} file in the store's cache directory, aside and then renamed
 * ({@link PartialFile}), named after the store's fingerprint and the input files' own, so that
 * changed inputs are scored again (the older file is removed then); if it cannot be written
 * (a read-only or full cache directory) the scores are kept in memory.
 */
public final class InputComponents {
  /** The name of the scores' layer. */
  public static final String NAME = "input_components";
  /** The most components kept. */
  public static final int COMPONENTS = 48;
  /** The most items the covariance is fitted on. */
  static final int FIT_ITEMS = 20_000;
  /** An eigenvalue below this share of the largest is rounding, not a direction. */
  private static final double NULL_DIRECTION = 1e-10;
  /** Rows multiplied at a time. */
  private static final int BLOCK = 1024;
  private static final String PREFIX = NAME + "-";
  private static final System.Logger LOG = System.getLogger(InputComponents.class.getName());

  private InputComponents() {
  }

  /**
   * The store's inputs that are auxiliaries: those fed as floats (of a float element type, or
   * with a transform); integer inputs fed as they are (token ids, masks) are not.
   */
  public static List<InputLayer> scored(Store store) {
    return applies(store) ? store.inputs().stream().filter(i -> fedAsFloats(i.input())).toList()
        : List.of();
  }

  /** Whether the store has inputs to score, by its declaration alone (nothing is read). */
  public static boolean applies(Store store) {
    return store.manifest().inputs().stream().anyMatch(InputComponents::fedAsFloats);
  }

  private static boolean fedAsFloats(ModelInput input) {
    return input.transform() != null || !input.dtype().isInteger();
  }

  /**
   * The items' scores, from the cache directory's file (written first if missing); empty if
   * the store has no float-fed input.
   */
  static Optional<Layer> open(Store store) {
    List<InputLayer> inputs = scored(store);
    if (inputs.isEmpty() || store.items().size() == 0) {
      return Optional.empty();
    }
    Path file = store.cacheDirectory().resolve(PREFIX + key(store, inputs) + ".npy");
    if (Files.isRegularFile(file)) {
      try {
        return Optional.of(NpyLayer.open(file, spec(rowShape(file)), store.items().size()));
      } catch (IOException | StoreFormatException | UncheckedIOException e) {
        LOG.log(System.Logger.Level.WARNING, file + " is broken (" + e.getMessage()
            + "); computing it again");
      }
    }
    float[][] scores = scores(inputs, store.items().size());
    try {
      PartialFile.write(file, partial -> write(scores, partial));
      CacheFiles.removeOlder(store.cacheDirectory(), PREFIX, file);
      return Optional.of(NpyLayer.open(file, spec(new long[] {width(scores)}), scores.length));
    } catch (IOException | UncheckedIOException | StoreFormatException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot write " + file + " (" + e.getMessage()
          + "); the input's principal component scores are kept in memory");
      return Optional.of(new InMemory(spec(new long[] {width(scores)}), scores));
    }
  }

  private static long[] rowShape(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return NpyHeader.read(file, channel).rowShape();
    }
  }

  private static int width(float[][] scores) {
    return scores.length == 0 ? 0 : scores[0].length;
  }

  private static LayerSpec spec(long[] rowShape) {
    return new LayerSpec(NAME, new int[] {Math.toIntExact(rowShape[0])});
  }

  /** Each item's scores on the leading components, [item][component]. */
  static float[][] scores(List<InputLayer> inputs, int items) {
    int d = inputs.stream().mapToInt(InputLayer::width).sum();
    int fit = Math.min(items, FIT_ITEMS);
    int[] fitted = IntStream.range(0, fit).map(i -> (int) ((long) i * items / fit)).toArray();
    double[] mean = new double[d];
    float[] row = new float[d];
    float[][] buffers = buffers(inputs);
    for (int item : fitted) {
      read(inputs, item, row, buffers);
      for (int j = 0; j < d; j++) {
        mean[j] += row[j];
      }
    }
    for (int j = 0; j < d; j++) {
      mean[j] /= fit;
    }
    Matrix covariance = new Matrix(d, d);
    for (int from = 0; from < fit; from += BLOCK) {
      Cancellation.checkCurrent();
      Matrix block = centred(inputs, fitted, from, Math.min(fit, from + BLOCK), mean);
      covariance = covariance.add(block.ata());
    }
    double[][] components = leading(covariance, d);
    int k = components.length;
    float[][] scores = new float[items][k];
    Matrix directions = new Matrix(d, k);
    for (int c = 0; c < k; c++) {
      for (int j = 0; j < d; j++) {
        directions.set(j, c, components[c][j]);
      }
    }
    int[] all = IntStream.range(0, items).toArray();
    for (int from = 0; from < items; from += BLOCK) {
      Cancellation.checkCurrent();
      int to = Math.min(items, from + BLOCK);
      Matrix projected = centred(inputs, all, from, to, mean).mm(directions);
      for (int i = from; i < to; i++) {
        for (int c = 0; c < k; c++) {
          scores[i][c] = (float) projected.get(i - from, c);
        }
      }
    }
    return scores;
  }

  /** The rows {@code items[from..to)} of the inputs less their mean, one item per row. */
  private static Matrix centred(List<InputLayer> inputs, int[] items, int from, int to,
      double[] mean) {
    int d = mean.length;
    float[] row = new float[d];
    float[][] buffers = buffers(inputs);
    Matrix block = new Matrix(to - from, d);
    for (int i = from; i < to; i++) {
      read(inputs, items[i], row, buffers);
      for (int j = 0; j < d; j++) {
        block.set(i - from, j, row[j] - mean[j]);
      }
    }
    return block;
  }

  /** One buffer per input, for {@link #read}. */
  private static float[][] buffers(List<InputLayer> inputs) {
    return inputs.stream().map(input -> new float[input.width()]).toArray(float[][]::new);
  }

  /** An item's inputs as fed, flattened and concatenated, through {@code buffers}. */
  private static void read(List<InputLayer> inputs, int item, float[] row, float[][] buffers) {
    int offset = 0;
    for (int i = 0; i < buffers.length; i++) {
      inputs.get(i).read(item, buffers[i]);
      System.arraycopy(buffers[i], 0, row, offset, buffers[i].length);
      offset += buffers[i].length;
    }
  }

  /**
   * The leading eigenvectors of a covariance, [component][coordinate], largest eigenvalue
   * first, each signed so that its largest coordinate in magnitude is positive.
   */
  private static double[][] leading(Matrix covariance, int d) {
    Matrix.EVD evd = covariance.uplo(UPLO.LOWER).eigen(false, true, true);
    double[] values = evd.wr;
    double top = Arrays.stream(values).max().orElse(0);
    int[] kept = IntStream.range(0, d).filter(c -> values[c] > NULL_DIRECTION * top).boxed()
        .sorted(Comparator.comparingDouble((Integer c) -> -values[c]))
        .limit(COMPONENTS).mapToInt(c -> c).toArray();
    double[][] components = new double[kept.length][d];
    for (int c = 0; c < kept.length; c++) {
      int largest = 0;
      for (int j = 0; j < d; j++) {
        components[c][j] = evd.Vr.get(j, kept[c]);
        largest = Math.abs(components[c][j]) > Math.abs(components[c][largest]) ? j : largest;
      }
      double sign = Math.signum(components[c][largest]);
      for (int j = 0; j < d; j++) {
        components[c][j] *= sign;
      }
    }
    return components;
  }

  /**
   * A digest of the store's fingerprint, its input files' own (the store's does not cover
   * them), the inputs' names and transforms, and the number of components.
   */
  private static String key(Store store, List<InputLayer> inputs) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      List<Path> files = inputs.stream()
          .map(i -> store.directory().resolve(i.input().file().file())).toList();
      StringBuilder text = new StringBuilder(store.fingerprint()).append('\n')
          .append(FileFingerprint.of(store.directory(), files)).append('\n')
          .append(COMPONENTS).append(' ').append(FIT_ITEMS);
      for (InputLayer input : inputs) {
        text.append('\n').append(input.name()).append(' ').append(input.input().transform());
      }
      digest.update(text.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest.digest(), 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void write(float[][] scores, Path partial) throws IOException {
    int k = width(scores);
    byte[] header = NpyWriter.header(scores.length, new int[] {k});
    ByteBuffer buffer = ByteBuffer.allocate(Math.max(1, BLOCK * k) * Float.BYTES)
        .order(ByteOrder.LITTLE_ENDIAN);
    try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(header));
      for (float[] row : scores) {
        if (buffer.remaining() < k * Float.BYTES) {
          CacheFiles.drain(channel, buffer);
        }
        buffer.asFloatBuffer().put(row);
        buffer.position(buffer.position() + k * Float.BYTES);
      }
      CacheFiles.drain(channel, buffer);
      channel.force(false);
    }
  }

  /** Scores kept in memory, when the cache directory cannot hold them. */
  private record InMemory(LayerSpec spec, float[][] scores) implements Layer {
    @Override public int rows() {
      return scores.length;
    }

    @Override public float value(int row, int neuron) {
      return scores[row][neuron];
    }

    @Override public void read(int row, float[] dst) {
      System.arraycopy(scores[row], 0, dst, 0, dst.length);
    }
  }
}
