/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.util.ArrayImpl;
import org.boundarysql.adapter.function.DoubleList;
import org.boundarysql.store.ActivationRow;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Types;
import java.util.List;

/**
 * A JDBC array over a stored activation ({@link ActivationRow}, {@code REAL ARRAY}) or an
 * aggregate's result ({@link DoubleList}, {@code DOUBLE ARRAY}) as the query computed it, read
 * only when the client asks and then in bulk.
 *
 * <p>Why: Avatica's array accessor copies a {@code List} value element by element through its
 * component accessor (boxing every value again into a new list) before the client sees it, and
 * {@link #getArray()} unboxes that copy; a value that already is an {@link ArrayImpl} is handed
 * over as it is. This class gives what Avatica's {@link ArrayImpl} gives for the same values:
 * {@code float[]} or {@code double[]} (boxed {@code Object[]} for a nullable component),
 * the same string, base type, ranges and errors.
 */
final class ListArray extends ArrayImpl {
  private final List<?> values;
  private final ColumnMetaData.AvaticaType component;
  /** Makes {@link #getResultSet()}: the result set the value came from. */
  private final ArrayImpl.Factory resultSets;

  private ListArray(List<?> values, ColumnMetaData.AvaticaType component,
      ArrayImpl.Factory resultSets) {
    super(List.of(), null);
    this.values = values;
    this.component = component;
    this.resultSets = resultSets;
  }

  /**
   * {@code value} as an array of a column whose elements are of type {@code component}, if it
   * is a list this class reads in bulk as that type; otherwise {@code value} itself, which
   * Avatica's accessor then converts as usual.
   */
  static Object of(Object value, ColumnMetaData.AvaticaType component) {
    boolean floats = component.id == Types.REAL && (component.rep
        == ColumnMetaData.Rep.PRIMITIVE_FLOAT || component.rep == ColumnMetaData.Rep.FLOAT);
    boolean doubles = (component.id == Types.DOUBLE || component.id == Types.FLOAT)
        && (component.rep == ColumnMetaData.Rep.PRIMITIVE_DOUBLE
        || component.rep == ColumnMetaData.Rep.DOUBLE);
    return floats && value instanceof ActivationRow || doubles && value instanceof DoubleList
        ? new ListArray((List<?>) value, component, null) : value;
  }

  /** This array, its {@link #getResultSet()} made by {@code resultSet} (as Avatica's are). */
  ListArray in(ArrayImpl.Factory resultSet) {
    return new ListArray(values, component, resultSet);
  }

  @Override public String getBaseTypeName() {
    return component.getName();
  }

  @Override public int getBaseType() {
    return component.id;
  }

  @Override public Object getArray() {
    return elements(0, values.size());
  }

  @Override public Object getArray(long index, int count) {
    // ArrayImpl's checks and messages
    if (index > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("Arrays cannot be longer than " + Integer.MAX_VALUE);
    }
    int start = (int) index - 1;
    if (start < 0 || start > values.size()) {
      throw new IllegalArgumentException("Invalid index: " + index + ". Size = "
          + values.size());
    }
    int end = start + count;
    if (end > values.size()) {
      throw new IllegalArgumentException("Invalid count provided. Size = " + values.size()
          + ", count = " + count);
    }
    return elements(start, end);
  }

  private Object elements(int from, int to) {
    switch (component.rep) {
    case PRIMITIVE_FLOAT:
      ActivationRow row = (ActivationRow) values;
      float[] floats = new float[to - from];
      if (from == 0 && to == row.size()) {
        row.copyTo(floats);
      } else {
        for (int i = from; i < to; i++) {
          floats[i - from] = row.value(i);
        }
      }
      return floats;
    case PRIMITIVE_DOUBLE:
      return ((DoubleList) values).copy(from, to);
    default:
      return values.subList(from, to).toArray();
    }
  }

  @Override public ResultSet getResultSet() throws SQLException {
    if (resultSets == null) {
      throw new SQLFeatureNotSupportedException("this array's result set is read through the"
          + " result set it came from");
    }
    @SuppressWarnings("unchecked")
    Iterable<Object> elements = (Iterable<Object>) values;
    return resultSets.create(component, elements);
  }

  /** As Avatica's: the elements as their component type writes them, in brackets. */
  @Override public String toString() {
    return values.toString();
  }
}
