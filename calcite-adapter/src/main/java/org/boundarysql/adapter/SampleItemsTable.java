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
import org.boundarysql.store.Catalog;
import org.boundarysql.store.Store;

import java.util.ArrayList;
import java.util.List;

/**
 * Table {@code boundary.sample_items}: every item of every sample this process holds, by the
 * sample's spec (as {@code boundary.samples} names it) and the item's id, with the stratum the
 * design drew it from and its inclusion probability, both null for a design that does not know
 * them.
 */
final class SampleItemsTable extends AbstractTable implements ScannableTable {
  private final Catalog catalog;
  private final SampleCache cache;

  SampleItemsTable(Catalog catalog, SampleCache cache) {
    this.catalog = catalog;
    this.cache = cache;
  }

  @Override public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    return typeFactory.builder()
        .add("store", SqlTypeName.VARCHAR)
        .add("sampler", SqlTypeName.VARCHAR)
        .add("fraction", SqlTypeName.DOUBLE)
        .add("j", SqlTypeName.DOUBLE)
        .add("seed", SqlTypeName.BIGINT)
        .add("id", SqlTypeName.BIGINT)
        .add("stratum", SqlTypeName.INTEGER).nullable(true)
        .add("inclusion_probability", SqlTypeName.DOUBLE).nullable(true)
        .build();
  }

  @Override public Enumerable<Object[]> scan(DataContext root) {
    List<Object[]> rows = new ArrayList<>();
    for (Sample sample : cache.samples()) {
      Store store = catalog.stores().stream().filter(s -> s.name().equals(sample.store()))
          .findFirst().orElse(null);
      if (store == null) {
        continue; // a sample of a store this catalog no longer has
      }
      SampleSpec spec = sample.spec();
      Draw draw = sample.draw();
      for (int i = 0; i < draw.rows().length; i++) {
        rows.add(new Object[] {sample.store(), spec.method().methodName(), spec.fraction(),
            spec.j(), spec.seed(), store.items().id(draw.rows()[i]),
            draw.hasProbabilities() ? draw.strata()[i] : null,
            draw.hasProbabilities() ? draw.probabilities()[i] : null});
      }
    }
    return Linq4j.asEnumerable(rows);
  }
}
