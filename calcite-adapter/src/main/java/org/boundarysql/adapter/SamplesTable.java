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
import org.boundarysql.sample.Draw;
import org.boundarysql.sample.SampleSpec;
import org.boundarysql.sample.cache.Sample;
import org.boundarysql.sample.cache.SampleCache;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.DoubleStream;

/**
 * Table {@code boundary.samples}: every sample this process holds, with its spec, size,
 * correct and incorrect items, the time it took to create and, for a design that knows its
 * items' inclusion probabilities, its number of strata and the smallest and largest of those
 * probabilities (each item's: {@code boundary.sample_items}); and the samples being computed
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
        // null while computing and for designs that do not know their probabilities
        .add("strata", SqlTypeName.INTEGER).nullable(true)
        .add("min_inclusion", SqlTypeName.DOUBLE).nullable(true)
        .add("max_inclusion", SqlTypeName.DOUBLE).nullable(true)
        .build();
  }

  @Override public Enumerable<Object[]> scan(DataContext root) {
    List<Object[]> rows = new ArrayList<>();
    for (SampleCache.Status status : cache.status()) {
      Sample s = status.sample();
      SampleSpec spec = status.spec();
      Draw draw = s == null || !s.draw().hasProbabilities() ? null : s.draw();
      rows.add(new Object[] {status.store(), spec.method().methodName(), spec.fraction(),
          spec.j(), spec.seed(), s == null ? null : s.rows().length,
          s == null ? null : s.correct(), s == null ? null : s.incorrect(), status.millis(),
          s != null && s.fromDisk(), status.state().name().toLowerCase(Locale.ROOT),
          status.waiters(), draw == null ? null : draw.strataCount(),
          draw == null ? null : DoubleStream.of(draw.probabilities()).min().orElse(1),
          draw == null ? null : DoubleStream.of(draw.probabilities()).max().orElse(1)});
    }
    return Linq4j.asEnumerable(rows);
  }
}
