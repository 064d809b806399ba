/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import org.boundarysql.store.LayerSpec;
import org.boundarysql.store.StoreTokens;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The layers of a capture of token sequences that have a row per position (item shape
 * {@code [length, hidden]}, length being the token ids' length, or named by
 * {@code --token-layer}), each of which gets a table of a row per token; and the latent layer
 * pooled over the unpadded positions ({@code --latent-pool}). The unpadded positions are those
 * the tokenizer's attention mask keeps (texts), else those of the model's mask input, else all.
 */
final class SequenceLayers {
  private final CaptureInputs inputs;
  private final List<String> tokenLayers;
  private final String ids;
  private final int length;
  private final CaptureSpec.LatentPool pool;
  private final String latent;

  private SequenceLayers(CaptureInputs inputs, List<String> tokenLayers, String ids, int length,
      CaptureSpec.LatentPool pool, String latent) {
    this.inputs = inputs;
    this.tokenLayers = tokenLayers;
    this.ids = ids;
    this.length = length;
    this.pool = pool;
    this.latent = latent;
  }

  /**
   * Finds the token layers among {@code layers} (alias to the value's item shape) and checks
   * the options; replaces the latent layer's shape by the pooled one if it is pooled.
   */
  static SequenceLayers of(CaptureSpec spec, CaptureInputs inputs,
      Map<String, LayerSpec> layers) {
    String ids = inputs.roles().ids();
    long[] idsShape = ids == null ? null : inputs.arrays().get(ids).get(0).rowShape();
    int length = idsShape != null && idsShape.length == 1 ? Math.toIntExact(idsShape[0]) : -1;
    CaptureSpec.LatentPool pool = spec.latentPool();
    String latent = spec.latent();
    if (pool != CaptureSpec.LatentPool.NONE) {
      int[] shape = layers.get(latent).shape();
      requireSequence("--latent-pool", inputs, length);
      if (shape.length != 2 || shape[0] != length) {
        throw new IllegalArgumentException("--latent-pool pools a latent layer of a row per"
            + " token, [" + length + ", hidden] (the length of the token ids '" + ids + "'),"
            + " over the unpadded positions, but latent layer " + latent + " has rows of shape "
            + Arrays.toString(shape));
      }
      layers.put(latent, new LayerSpec(latent, new int[] {shape[1]}));
    }
    List<String> tokenLayers = new ArrayList<>();
    for (String alias : spec.tokenLayers()) {
      LayerSpec layer = layers.get(alias);
      if (layer == null) {
        throw new IllegalArgumentException("--token-layer " + alias + " is not a captured"
            + " layer; captured: " + layers.keySet());
      }
      requireSequence("--token-layer", inputs, length);
      if (layer.shape().length != 2 || layer.shape()[0] != length) {
        throw new IllegalArgumentException("--token-layer " + alias + ": a token layer has a"
            + " row per position of the token ids '" + ids + "' (" + length + "), [" + length
            + ", hidden], but its rows have shape " + Arrays.toString(layer.shape()));
      }
      tokenLayers.add(alias);
    }
    String mask = inputs.roles().mask();
    if (length > 0 && mask != null && !inputs.hasTexts()
        && inputs.arrays().get(mask).get(0).rowValues() != length) {
      throw new IllegalArgumentException("the attention mask '" + mask + "' has rows of shape "
          + Arrays.toString(inputs.arrays().get(mask).get(0).rowShape()) + ", not a value per"
          + " position of the token ids '" + ids + "' (" + length + ")");
    }
    if (length > 0) {
      for (LayerSpec layer : layers.values()) {
        if (layer.shape().length == 2 && layer.shape()[0] == length
            && !tokenLayers.contains(layer.name()) && !layer.name().equals(spec.logits())) {
          tokenLayers.add(layer.name());
        }
      }
    }
    return new SequenceLayers(inputs, tokenLayers, ids, length, pool, latent);
  }

  /** Checks that the model is fed token ids of one sequence per item, for {@code option}. */
  private static void requireSequence(String option, CaptureInputs inputs, int length) {
    String ids = inputs.roles().requireIds(option, inputs.arrays().keySet());
    if (length < 0) {
      throw new IllegalArgumentException(option + " needs token ids of shape [batch, length],"
          + " but the rows of input '" + ids + "' have shape "
          + Arrays.toString(inputs.arrays().get(ids).get(0).rowShape()));
    }
  }

  /** The token layers among {@code written}; empty if none. */
  List<String> tokenLayers(Map<String, LayerSpec> written) {
    return tokenLayers.stream().filter(written::containsKey).toList();
  }

  /** A writer of the tokens of a store holding {@code written} (null if it needs none). */
  StoreTokens.Writer writer(Path dir, Map<String, LayerSpec> written) throws IOException {
    List<String> layers = tokenLayers(written);
    return layers.isEmpty() ? null : new StoreTokens.Writer(dir, layers, length);
  }

  /** Writes the tokens of item {@code row} of the capture as item {@code id}. */
  void writeTokens(StoreTokens.Writer writer, long id, int row) throws IOException {
    writer.write(id, values(ids, row), mask(row), inputs.tokens(row));
  }

  /** Which positions of an item are tokens, not padding (null: all of them). */
  private long[] mask(int row) throws IOException {
    String maskInput = inputs.roles().mask();
    return inputs.hasTexts() ? inputs.textMask(row)
        : maskInput != null ? values(maskInput, row) : null;
  }

  /** The values of {@code input} for item {@code row}, as integers (a float input's cut). */
  private long[] values(String input, int row) throws IOException {
    long[] values = new long[length];
    if (inputs.arrays().get(input).get(0).dtype().isInteger()) {
      inputs.read(input, new int[] {row}, 0, 1, (array, first, count, offset) ->
          array.readIntegers(first, count, values, offset));
    } else {
      float[] floats = new float[length];
      inputs.read(input, new int[] {row}, 0, 1, (array, first, count, offset) ->
          array.read(first, count, floats, offset));
      for (int p = 0; p < length; p++) {
        values[p] = (long) floats[p];
      }
    }
    return values;
  }

  /**
   * The stored row of {@code layer} for item {@code row}, whose value is at {@code index} of a
   * batch in {@code data} with {@code valueWidth} values per item: pooled if it is the latent
   * layer and pooled, else as computed.
   */
  float[] row(String layer, float[] data, int index, int valueWidth, int row)
      throws IOException {
    if (pool == CaptureSpec.LatentPool.NONE || !layer.equals(latent)) {
      return Arrays.copyOfRange(data, index * valueWidth, (index + 1) * valueWidth);
    }
    int hidden = valueWidth / length;
    int base = index * valueWidth;
    float[] pooled = new float[hidden];
    if (pool == CaptureSpec.LatentPool.FIRST) {
      System.arraycopy(data, base, pooled, 0, hidden);
      return pooled;
    }
    long[] mask = mask(row);
    double[] sum = new double[hidden];
    int kept = 0;
    for (int p = 0; p < length; p++) {
      if (mask == null || mask[p] != 0) {
        kept++;
        for (int k = 0; k < hidden; k++) {
          sum[k] += data[base + p * hidden + k];
        }
      }
    }
    for (int k = 0; k < hidden; k++) {
      pooled[k] = (float) (sum[k] / Math.max(kept, 1));
    }
    return pooled;
  }
}
