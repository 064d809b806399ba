/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.ondemand;

import org.boundarysql.store.Layer;
import org.boundarysql.store.LayerSpec;

import java.util.function.Supplier;

/**
 * Rows of an on-demand layer computed when the first of them is read: a scan that hands out
 * its activations but whose query never reads them (a population counted beside a sample, an
 * activation projected away late) computes nothing; the first read computes every row of the
 * scan at once.
 */
final class DeferredLayer implements Layer {
  private final LayerSpec spec;
  private final int items;
  private final Supplier<ComputedLayer> computation;
  private volatile ComputedLayer computed;

  DeferredLayer(LayerSpec spec, int items, Supplier<ComputedLayer> computation) {
    this.spec = spec;
    this.items = items;
    this.computation = computation;
  }

  private Layer computed() {
    ComputedLayer layer = computed;
    if (layer == null) {
      synchronized (this) {
        layer = computed;
        if (layer == null) {
          layer = computation.get();
          computed = layer;
        }
      }
    }
    return layer;
  }

  @Override public LayerSpec spec() {
    return spec;
  }

  @Override public int rows() {
    return items;
  }

  @Override public float value(int row, int neuron) {
    return computed().value(row, neuron);
  }

  @Override public void read(int row, float[] dst) {
    computed().read(row, dst);
  }
}
