/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.jdbc.CalcitePrepare.CalciteSignature;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.runtime.Bindable;

/**
 * A query's rows as JDBC hands them to a client: the values of its {@code REAL} and
 * {@code DOUBLE ARRAY} columns as {@link ListArray}s, which Avatica passes on without copying
 * them element by element. The rows Calcite's operators pass among themselves are untouched
 * (they take an ARRAY value as a {@code java.util.List}); only the signature a JDBC statement
 * executes maps them, one row at a time, into a new row.
 */
final class ResultArrays {
  private ResultArrays() {
  }

  /** {@code signature}, its rows' arrays handed over as {@link ListArray}s where it has any. */
  static <T> CalciteSignature<T> handedOver(CalciteSignature<T> signature) {
    ColumnMetaData.AvaticaType[] components =
        new ColumnMetaData.AvaticaType[signature.columns.size()];
    boolean any = false;
    for (int i = 0; i < components.length; i++) {
      if (signature.columns.get(i).type instanceof ColumnMetaData.ArrayType array) {
        components[i] = array.getComponent();
        any = true;
      }
    }
    Meta.Style style = signature.cursorFactory.style;
    boolean rows = style == Meta.Style.ARRAY;
    boolean values = style == Meta.Style.OBJECT && components.length == 1;
    if (!any || !rows && !values) {
      return signature;
    }
    Bindable<T> bindable = dataContext -> {
      Enumerable<T> enumerable = signature.enumerable(dataContext);
      return enumerable.select(row -> {
        @SuppressWarnings("unchecked")
        T handed = (T) (rows ? row((Object[]) row, components)
            : ListArray.of(row, components[0]));
        return handed;
      });
    };
    return new CalciteSignature<>(signature.sql, signature.parameters,
        signature.internalParameters, signature.rowType, signature.columns,
        signature.cursorFactory, signature.rootSchema, signature.getCollationList(),
        -1, bindable, signature.statementType); // signature.enumerable applies the limit
  }

  /** The row, or a copy whose arrays are {@link ListArray}s (the row may be Calcite's own). */
  private static Object[] row(Object[] row, ColumnMetaData.AvaticaType[] components) {
    Object[] handed = row;
    for (int i = 0; i < components.length; i++) {
      if (components[i] != null && row[i] != null) {
        Object array = ListArray.of(row[i], components[i]);
        if (array != row[i]) {
          if (handed == row) {
            handed = row.clone();
          }
          handed[i] = array;
        }
      }
    }
    return handed;
  }
}
