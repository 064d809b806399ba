/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a store directory: {@code store.json}, {@code items.csv} (with any extra columns) and
 * one float32 {@code .npy} file per layer, item by item.
 */
public final class StoreWriter implements AutoCloseable {
  private final StoreManifest manifest;
  private final CSVPrinter items;
  private final Map<String, NpyWriter> layers = new LinkedHashMap<>();
  private final int extraColumns;

  /** Creates the directory (if needed) and the files for {@code rows} items. */
  public StoreWriter(Path storeDir, StoreManifest manifest, int rows) throws IOException {
    this(storeDir, manifest, rows, List.of());
  }

  /** Creates the files for {@code rows} items, with {@code extraColumns} in items.csv. */
  public StoreWriter(Path storeDir, StoreManifest manifest, int rows, List<String> extraColumns)
      throws IOException {
    this.manifest = manifest;
    this.extraColumns = extraColumns.size();
    Files.createDirectories(storeDir);
    manifest.write(storeDir);
    List<String> header = new ArrayList<>(List.of("id", "split", "label", "predicted"));
    header.addAll(extraColumns);
    this.items = new CSVPrinter(Files.newBufferedWriter(storeDir.resolve(Items.FILE_NAME)),
        CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new))
            .setRecordSeparator('\n').get());
    for (LayerSpec layer : manifest.layers()) {
      layers.put(layer.name(),
          new NpyWriter(storeDir.resolve(layer.name() + ".npy"), rows, layer.shape()));
    }
  }

  /** Appends one item's row to {@code items.csv}. */
  public void writeItem(long id, String split, int label, int predicted) throws IOException {
    writeItem(id, split, label, predicted, List.of());
  }

  /** Appends one item's row to {@code items.csv}, with its values of the extra columns. */
  public void writeItem(long id, String split, int label, int predicted, List<String> extras)
      throws IOException {
    if (extras.size() != extraColumns) {
      throw new IllegalArgumentException(extras.size() + " extra values for " + extraColumns
          + " extra columns");
    }
    if (label < 0 || label >= manifest.classes().size()
        || predicted < 0 || predicted >= manifest.classes().size()) {
      throw new IllegalArgumentException("class index out of range: label " + label
          + ", predicted " + predicted);
    }
    List<Object> record = new ArrayList<>(List.of(id, split, label, predicted));
    record.addAll(extras);
    items.printRecord(record);
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
