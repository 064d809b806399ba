/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.metadata.RelColumnOrigin;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.type.SqlTypeName;

import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The fixed length of each array column of a query's result, where the plan shows one: a
 * column that is a table's activation column, passed through unchanged (by samples, filters,
 * joins, unions, sorts), has the layer's width in every row. SQL's ARRAY type carries no length;
 * a columnar client (Arrow's {@code FixedSizeList}) wants it before the first row.
 */
final class ArrayLengths {
  /** The result columns have no fixed lengths known. */
  static final List<Integer> NONE = List.of();

  private ArrayLengths() {
  }

  /**
   * For each result column in {@code columns}, the fixed length of its arrays, or -1, from
   * {@code rel}, the query's logical plan, whose first fields are the result's columns (an
   * EXPLAIN's plan is not its result: its columns are no arrays).
   */
  static List<Integer> of(RelNode rel, List<ColumnMetaData> columns) {
    List<RelDataType> fields = rel.getRowType().getFieldList().stream()
        .map(f -> f.getType()).toList();
    if (fields.size() < columns.size()) {
      return NONE;
    }
    RelMetadataQuery metadata = rel.getCluster().getMetadataQuery();
    List<Integer> lengths = new ArrayList<>(columns.size());
    for (int i = 0; i < columns.size(); i++) {
      boolean array = columns.get(i).type.id == Types.ARRAY
          && fields.get(i).getSqlTypeName() == SqlTypeName.ARRAY;
      lengths.add(array ? length(metadata.getColumnOrigins(rel, i)) : -1);
    }
    return List.copyOf(lengths);
  }

  /** The length shared by every origin, each a table's fixed-length column taken as is. */
  private static int length(Set<RelColumnOrigin> origins) {
    if (origins == null || origins.isEmpty()) {
      return -1;
    }
    int length = -1;
    for (RelColumnOrigin origin : origins) {
      FixedLengthArrays table = origin.getOriginTable().unwrap(FixedLengthArrays.class);
      int each = origin.isDerived() || table == null ? -1
          : table.fixedArrayLength(origin.getOriginColumnOrdinal());
      if (each < 0 || length >= 0 && each != length) {
        return -1;
      }
      length = each;
    }
    return length;
  }
}
