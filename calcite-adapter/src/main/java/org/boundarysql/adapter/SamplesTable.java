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
import org.boundarysql.sample.SampleSpec;
import org.boundarysql.sample.cache.Sample;
import org.boundarysql.sample.cache.SampleCache;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Table {@code boundary.samples}: every sample this process holds, with its spec, size,
 * correct and incorrect items and the time it took to create; and the samples being computed
 * or waiting for a sampler thread, with the queries waiting for them and the time so far.
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
        .add("size", SqlTypeName.INTEGER).nullable(true) // null until the sample is ready
        .add("correct", SqlTypeName.INTEGER).nullable(true)
        .add("incorrect", SqlTypeName.INTEGER).nullable(true)
        .add("creation_ms", SqlTypeName.BIGINT)
        .add("from_disk", SqlTypeName.BOOLEAN)
        .add("state", SqlTypeName.VARCHAR)
        .add("waiting_queries", SqlTypeName.INTEGER)
        .build();
  }

  @Override public Enumerable<Object[]> scan(DataContext root) {
    List<Object[]> rows = new ArrayList<>();
    for (SampleCache.Status status : cache.status()) {
      Sample s = status.sample();
      SampleSpec spec = status.spec();
      rows.add(new Object[] {status.store(), spec.method().methodName(), spec.fraction(),
          spec.j(), spec.seed(), s == null ? null : s.rows().length,
          s == null ? null : s.correct(), s == null ? null : s.incorrect(), status.millis(),
          s != null && s.fromDisk(), status.state().name().toLowerCase(Locale.ROOT),
          status.waiters()});
    }
    return Linq4j.asEnumerable(rows);
  }
}
