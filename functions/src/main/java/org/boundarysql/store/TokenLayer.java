/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

/**
 * A layer of a row per token: a view of a layer whose items have a row per position
 * ({@code [length, hidden]}), row {@code t} being the hidden values of token row {@code t} of
 * {@link StoreTokens} (its item's row, at its position).
 */
public final class TokenLayer implements Layer {
  private final Layer layer;
  private final StoreTokens tokens;
  private final LayerSpec spec;
  private final int hidden;

  /** The token rows of {@code layer}, whose row width is a multiple of the sequence length. */
  public TokenLayer(Layer layer, StoreTokens tokens) {
    if (layer.width() % tokens.length() != 0) {
      throw new IllegalArgumentException("layer " + layer.name() + " has rows of "
          + layer.width() + " values, not a row per position of " + tokens.length());
    }
    this.layer = layer;
    this.tokens = tokens;
    this.hidden = layer.width() / tokens.length();
    this.spec = specOf(layer.spec(), tokens);
  }

  /** The declaration of the token rows of {@code layer}: {@code LAYER_tokens}, [hidden]. */
  public static LayerSpec specOf(LayerSpec layer, StoreTokens tokens) {
    return new LayerSpec(layer.name() + "_tokens", new int[] {layer.width() / tokens.length()});
  }

  @Override public LayerSpec spec() {
    return spec;
  }

  @Override public int rows() {
    return tokens.size();
  }

  @Override public float value(int row, int neuron) {
    return layer.value(tokens.row(row), tokens.position(row) * hidden + neuron);
  }

  @Override public void read(int row, float[] dst) {
    layer.read(tokens.row(row), tokens.position(row) * hidden, dst, hidden);
  }
}
