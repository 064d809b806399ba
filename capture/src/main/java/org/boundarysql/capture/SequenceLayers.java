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
 * pooled over the unpadded positions ({@code --latent-pool}).
 */
final class SequenceLayers {
  static final String IDS = "input_ids";
  static final String MASK = "attention_mask";

  private final CaptureInputs inputs;
  private final List<String> tokenLayers;
  private final int length;
  private final CaptureSpec.LatentPool pool;
  private final String latent;

  private SequenceLayers(CaptureInputs inputs, List<String> tokenLayers, int length,
      CaptureSpec.LatentPool pool, String latent) {
    this.inputs = inputs;
    this.tokenLayers = tokenLayers;
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
    boolean hasIds = inputs.arrays().containsKey(IDS);
    int length = hasIds ? Math.toIntExact(inputs.arrays().get(IDS).get(0).rowShape()[0]) : -1;
    CaptureSpec.LatentPool pool = spec.latentPool();
    String latent = spec.latent();
    if (pool != CaptureSpec.LatentPool.NONE) {
      int[] shape = layers.get(latent).shape();
      if (!hasIds || shape.length != 2 || shape[0] != length) {
        throw new IllegalArgumentException("--latent-pool pools a latent layer of a row per"
            + " token, [" + (hasIds ? length : "length") + ", hidden], over the positions the"
            + " attention mask keeps, but latent layer " + latent + " has rows of shape "
            + Arrays.toString(shape) + (hasIds ? "" : " and the model is fed no " + IDS));
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
      if (!hasIds || layer.shape().length != 2 || layer.shape()[0] != length) {
        throw new IllegalArgumentException("--token-layer " + alias + ": a token layer has a"
            + " row per position of the model's " + IDS + (hasIds ? " (" + length + ")" : ","
            + " which it is not fed") + ", but its rows have shape "
            + Arrays.toString(layer.shape()));
      }
      tokenLayers.add(alias);
    }
    if (hasIds) {
      for (LayerSpec layer : layers.values()) {
        if (layer.shape().length == 2 && layer.shape()[0] == length
            && !tokenLayers.contains(layer.name()) && !layer.name().equals(spec.logits())) {
          tokenLayers.add(layer.name());
        }
      }
    }
    return new SequenceLayers(inputs, tokenLayers, length, pool, latent);
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
    writer.write(id, values(IDS, row), inputs.arrays().containsKey(MASK) ? values(MASK, row)
        : null, inputs.tokens(row));
  }

  private long[] values(String input, int row) throws IOException {
    long[] values = new long[length];
    inputs.read(input, new int[] {row}, 0, 1, (array, first, count, offset) ->
        array.readIntegers(first, count, values, offset));
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
    long[] mask = inputs.arrays().containsKey(MASK) ? values(MASK, row) : null;
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
