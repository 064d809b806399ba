/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server.flight;

import org.apache.calcite.avatica.util.ByteString;

import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Writes one column's values, as Calcite holds them (numbers, strings, {@link ByteString}s,
 * dates as days, times and timestamps as milliseconds, arrays as lists), into an Arrow vector
 * whose fixed-width buffers hold the batch's rows already ({@link RecordBatchWriter} allocates
 * them).
 */
interface ColumnWriter {
  /** Writes {@code value}, not null, at {@code row}; returns about how many bytes it took. */
  long write(int row, Object value);

  /** The writer of a vector of the types {@link ArrowTypes} makes. */
  static ColumnWriter of(FieldVector vector) {
    if (vector instanceof FixedSizeListVector list) {
      return ArrayWriter.fixed(list);
    }
    if (vector instanceof ListVector list) {
      return ArrayWriter.variable(list);
    }
    if (vector instanceof BitVector v) {
      return (row, value) -> {
        v.set(row, (Boolean) value ? 1 : 0);
        return 1;
      };
    }
    if (vector instanceof TinyIntVector v) {
      return (row, value) -> {
        v.set(row, ((Number) value).byteValue());
        return 1;
      };
    }
    if (vector instanceof SmallIntVector v) {
      return (row, value) -> {
        v.set(row, ((Number) value).shortValue());
        return 2;
      };
    }
    if (vector instanceof IntVector v) {
      return (row, value) -> {
        v.set(row, ((Number) value).intValue());
        return 4;
      };
    }
    if (vector instanceof BigIntVector v) {
      return (row, value) -> {
        v.set(row, ((Number) value).longValue());
        return 8;
      };
    }
    if (vector instanceof Float4Vector v) {
      return (row, value) -> {
        v.set(row, ((Number) value).floatValue());
        return 4;
      };
    }
    if (vector instanceof Float8Vector v) {
      return (row, value) -> {
        v.set(row, ((Number) value).doubleValue());
        return 8;
      };
    }
    if (vector instanceof DecimalVector v) {
      return (row, value) -> {
        BigDecimal decimal = value instanceof BigDecimal d ? d
            : new BigDecimal(value.toString());
        v.set(row, decimal.setScale(v.getScale(), RoundingMode.HALF_UP));
        return 16;
      };
    }
    if (vector instanceof DateDayVector v) {
      return (row, value) -> {
        v.set(row, ((Number) value).intValue());
        return 4;
      };
    }
    if (vector instanceof TimeMilliVector v) {
      return (row, value) -> {
        v.set(row, ((Number) value).intValue());
        return 4;
      };
    }
    if (vector instanceof TimeStampMilliVector v) {
      return (row, value) -> {
        v.set(row, ((Number) value).longValue());
        return 8;
      };
    }
    if (vector instanceof VarBinaryVector v) {
      return (row, value) -> {
        byte[] bytes = value instanceof ByteString b ? b.getBytes() : (byte[]) value;
        v.setSafe(row, bytes);
        return 4 + bytes.length;
      };
    }
    if (vector instanceof VarCharVector v) {
      return (row, value) -> {
        byte[] bytes = value.toString().getBytes(StandardCharsets.UTF_8);
        v.setSafe(row, bytes);
        return 4 + bytes.length;
      };
    }
    if (vector instanceof NullVector) {
      return (row, value) -> 0;
    }
    throw new IllegalArgumentException("no writer for " + vector.getField());
  }
}
