/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server.flight;

import org.boundarysql.store.ActivationRow;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;

import java.lang.reflect.Array;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * Writes arrays into a list vector ({@code List} or {@code FixedSizeList}). A store's
 * activation ({@link ActivationRow}) into float32 elements is copied in bulk from the mapped
 * layer file into the elements' buffer, with no Java object per value; other arrays (the
 * results of aggregates, a few per answer) element by element.
 */
final class ArrayWriter implements ColumnWriter {
  private final FieldVector list;
  /** The length of every array, or -1 for a variable-length list. */
  private final int fixedLength;
  private final FieldVector elements;
  private final ColumnWriter elementWriter;
  private final int elementBytes;
  /** A view of the float elements' buffer, or null until needed (made again when it grows). */
  private FloatBuffer floats;
  private long floatsAddress;

  private ArrayWriter(FieldVector list, int fixedLength, FieldVector elements) {
    this.list = list;
    this.fixedLength = fixedLength;
    this.elements = elements;
    this.elementWriter = ColumnWriter.of(elements);
    this.elementBytes = RecordBatchWriter.bytes(elements);
  }

  static ArrayWriter fixed(FixedSizeListVector vector) {
    return new ArrayWriter(vector, vector.getListSize(), vector.getDataVector());
  }

  static ArrayWriter variable(ListVector vector) {
    return new ArrayWriter(vector, -1, vector.getDataVector());
  }

  @Override public long write(int row, Object value) {
    int length = value instanceof List<?> values ? values.size() : Array.getLength(value);
    int offset;
    if (fixedLength >= 0) {
      if (length != fixedLength) {
        throw new IllegalStateException("an array of " + length + " values in column "
            + list.getName() + ", whose arrays all have " + fixedLength);
      }
      ((FixedSizeListVector) list).setNotNull(row);
      offset = row * fixedLength;
    } else {
      offset = ((ListVector) list).startNewValue(row);
    }
    while (elements.getValueCapacity() < offset + length) {
      elements.reAlloc();
    }
    if (value instanceof ActivationRow activation && elements instanceof Float4Vector vector) {
      activation.copyTo(floats(vector), offset);
      setValid(vector.getValidityBuffer(), offset, length);
    } else if (value instanceof List<?> values) {
      for (int i = 0; i < length; i++) {
        writeElement(offset + i, values.get(i));
      }
    } else {
      for (int i = 0; i < length; i++) {
        writeElement(offset + i, Array.get(value, i));
      }
    }
    if (fixedLength < 0) {
      ((ListVector) list).endValue(row, length);
    }
    return 4 + (long) length * elementBytes;
  }

  private void writeElement(int index, Object element) {
    if (element != null) {
      elementWriter.write(index, element);
    }
  }

  /** Marks values {@code from} to {@code from + count} valid: a byte at a time where it can. */
  private static void setValid(ArrowBuf validity, int from, int count) {
    int index = from;
    int end = from + count;
    for (; index < end && (index & 7) != 0; index++) {
      BitVectorHelper.setBit(validity, index);
    }
    int bytes = (end - index) >>> 3;
    if (bytes > 0) {
      validity.setOne(index >>> 3, bytes);
      index += bytes << 3;
    }
    for (; index < end; index++) {
      BitVectorHelper.setBit(validity, index);
    }
  }

  /** The float elements' buffer as floats in Arrow's (the platform's) byte order. */
  private FloatBuffer floats(Float4Vector vector) {
    long address = vector.getDataBuffer().memoryAddress();
    if (floats == null || address != floatsAddress
        || floats.capacity() < vector.getValueCapacity()) {
      floats = vector.getDataBuffer().nioBuffer(0, vector.getValueCapacity() * Float.BYTES)
          .order(ByteOrder.nativeOrder()).asFloatBuffer();
      floatsAddress = address;
    }
    return floats;
  }
}
