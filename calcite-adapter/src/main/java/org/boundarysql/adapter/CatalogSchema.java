/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

import com.google.common.collect.ImmutableMap;

import java.util.Map;

/**
 * Schema of a catalog's own tables: {@code stores}, {@code layers}, {@code samples},
 * {@code sample_items} and
 * {@code functions}.
 */
final class CatalogSchema extends AbstractSchema implements PlanScope {
  private final OpenCatalog open;
  private final Map<String, Table> tables;

  CatalogSchema(OpenCatalog open) {
    this.open = open;
    this.tables = ImmutableMap.of("stores", new StoresTable(open.catalog()),
        "layers", new LayersTable(open), "samples", new SamplesTable(open.samples()),
        "sample_items", new SampleItemsTable(open.catalog(), open.samples()),
        "functions", new FunctionsTable());
  }

  /** The open catalog: reopened, and so another object, when its files change. */
  @Override public Object planIdentity() {
    return open;
  }

  @Override protected Map<String, Table> getTableMap() {
    return tables;
  }
}
