/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server.flight;

import org.apache.calcite.linq4j.Enumerator;

import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;

import java.util.ArrayList;
import java.util.List;

/**
 * Fills a {@link VectorSchemaRoot} with rows, a batch of a few megabytes at a time: each batch
 * gets new buffers sized for its rows, as the buffers of the batch before may still be on their
 * way to the client.
 */
final class RecordBatchWriter {
  /**
   * About how many bytes a batch holds: megabytes, to cross the wire at speed, and under the
   * 4 MiB a gRPC message may have in clients that keep gRPC's default limit (tonic, grpc-java).
   */
  static final long BATCH_BYTES = 2L << 20;
  /** Most rows of a batch, whatever their size. */
  static final int MAX_ROWS = 1 << 16;

  private final VectorSchemaRoot root;
  private final List<ColumnWriter> writers = new ArrayList<>();
  private final int batchRows;

  RecordBatchWriter(VectorSchemaRoot root) {
    this.root = root;
    long rowBytes = 0;
    for (FieldVector vector : root.getFieldVectors()) {
      writers.add(ColumnWriter.of(vector));
      rowBytes += vector instanceof FixedSizeListVector list
          ? (long) list.getListSize() * bytes(list.getDataVector()) : bytes(vector);
    }
    this.batchRows = (int) Math.max(1, Math.min(MAX_ROWS, BATCH_BYTES / Math.max(1, rowBytes)));
  }

  /** Bytes of one value of a vector: its width if fixed, else a guess that grows as it fills. */
  static int bytes(FieldVector vector) {
    return vector instanceof BaseFixedWidthVector fixed ? Math.max(1, fixed.getTypeWidth()) : 16;
  }

  /**
   * Fills the next batch from {@code rows}, at most {@link #BATCH_BYTES} or {@link #MAX_ROWS}
   * of them; returns whether rows remain. The root's row count is the batch's.
   */
  boolean fill(Enumerator<Object[]> rows) {
    for (FieldVector vector : root.getFieldVectors()) {
      vector.setInitialCapacity(batchRows);
    }
    root.allocateNew();
    int row = 0;
    long bytes = 0;
    boolean more = true;
    while (row < batchRows && bytes < BATCH_BYTES && (more = rows.moveNext())) {
      Object[] values = rows.current();
      for (int c = 0; c < values.length; c++) {
        if (values[c] != null) {
          bytes += writers.get(c).write(row, values[c]);
        }
      }
      row++;
    }
    root.setRowCount(row);
    return more;
  }
}
