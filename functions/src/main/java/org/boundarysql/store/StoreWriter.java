/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a store directory: {@code store.json}, {@code items.csv} and one float32 {@code .npy}
 * file per layer, item by item.
 */
public final class StoreWriter implements AutoCloseable {
  private final StoreManifest manifest;
  private final CSVPrinter items;
  private final Map<String, NpyWriter> layers = new LinkedHashMap<>();

  /** Creates the directory (if needed) and the files for {@code rows} items. */
  public StoreWriter(Path storeDir, StoreManifest manifest, int rows) throws IOException {
    this.manifest = manifest;
    Files.createDirectories(storeDir);
    manifest.write(storeDir);
    this.items = new CSVPrinter(Files.newBufferedWriter(storeDir.resolve(Items.FILE_NAME)),
        CSVFormat.DEFAULT.builder().setHeader("id", "split", "label", "predicted")
            .setRecordSeparator('\n').get());
    for (LayerSpec layer : manifest.layers()) {
      layers.put(layer.name(),
          new NpyWriter(storeDir.resolve(layer.name() + ".npy"), rows, layer.shape()));
    }
  }

  /** Appends one item's row to {@code items.csv}. */
  public void writeItem(long id, String split, int label, int predicted) throws IOException {
    if (label < 0 || label >= manifest.classes().size()
        || predicted < 0 || predicted >= manifest.classes().size()) {
      throw new IllegalArgumentException("class index out of range: label " + label
          + ", predicted " + predicted);
    }
    items.printRecord(id, split, label, predicted);
  }

  /** Appends one item's activation to a layer's file. */
  public void writeActivation(String layer, float[] row) throws IOException {
    NpyWriter writer = layers.get(layer);
    if (writer == null) {
      throw new IllegalArgumentException("unknown layer " + layer + "; declared: "
          + layers.keySet());
    }
    writer.writeRow(row);
  }

  @Override public void close() throws IOException {
    items.close();
    for (NpyWriter writer : layers.values()) {
      writer.close();
    }
  }
}
