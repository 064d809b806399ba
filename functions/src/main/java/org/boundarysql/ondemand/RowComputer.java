/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.ondemand;

import org.boundarysql.store.LayerSpec;
import org.boundarysql.store.Store;

import java.util.List;

/**
 * Runs a store's model to compute rows of its on-demand layers. The engine holds no model
 * runtime: an implementation is found with {@link java.util.ServiceLoader} (the capture module
 * provides one, with ONNX Runtime).
 */
public interface RowComputer {
  /**
   * Opens the store's model to compute {@code layers} (on-demand layers of the store), fed
   * {@code batch} items at a time (0: the best batch for the model). Checks the model file and
   * the inputs against {@code store.json} (existence, SHA-256, element type, shape, count) and
   * fails with a {@link org.boundarysql.store.StoreFormatException} naming what changed.
   */
  ModelRun open(Store store, List<LayerSpec> layers, int batch);

  /**
   * Measures, on this machine, how fast the model computes {@code layers} for the store's
   * items at a few batch sizes, and returns the best; takes about a second for a small model.
   */
  Throughput measure(Store store, List<LayerSpec> layers);
}
