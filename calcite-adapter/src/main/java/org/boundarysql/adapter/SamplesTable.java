/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.boundarysql.store.Sample;
import org.boundarysql.store.SampleCache;

import java.util.ArrayList;
import java.util.List;

/**
 * Table {@code boundary.samples}: every sample this process holds, with its spec, size,
 * correct and incorrect items, and the time it took to create.
 */
final class SamplesTable extends AbstractTable implements ScannableTable {
  private final SampleCache cache;

  SamplesTable(SampleCache cache) {
    this.cache = cache;
  }

  @Override public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    return typeFactory.builder()
        .add("store", SqlTypeName.VARCHAR)
        .add("sampler", SqlTypeName.VARCHAR)
        .add("fraction", SqlTypeName.DOUBLE)
        .add("j", SqlTypeName.DOUBLE)
        .add("seed", SqlTypeName.BIGINT)
        .add("size", SqlTypeName.INTEGER)
        .add("correct", SqlTypeName.INTEGER)
        .add("incorrect", SqlTypeName.INTEGER)
        .add("creation_ms", SqlTypeName.BIGINT)
        .add("from_disk", SqlTypeName.BOOLEAN)
        .build();
  }

  @Override public Enumerable<Object[]> scan(DataContext root) {
    List<Object[]> rows = new ArrayList<>();
    for (Sample s : cache.samples()) {
      rows.add(new Object[] {s.store(), s.spec().method().methodName(), s.spec().fraction(),
          s.spec().j(), s.spec().seed(), s.rows().length, s.correct(), s.incorrect(),
          s.creationMillis(), s.fromDisk()});
    }
    return Linq4j.asEnumerable(rows);
  }
}
