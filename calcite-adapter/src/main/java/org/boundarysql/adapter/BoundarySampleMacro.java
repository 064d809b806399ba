/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.TableMacro;
import org.apache.calcite.schema.TranslatableTable;
import org.boundarysql.sample.SampleSpec;
import org.boundarysql.sample.SamplingMethod;
import org.boundarysql.sample.cache.SampleCache;

import java.util.ArrayList;
import java.util.List;

/**
 * Table macro {@code BOUNDARY_SAMPLE(table, method, fraction, j, seed)} of a store's schema:
 * the table restricted to the store's sample for that spec. The parser rewrites
 * {@code FROM t TABLESAMPLE BOUNDARY(...)} into a call of it.
 */
final class BoundarySampleMacro implements TableMacro {
  /** Name of the macro in every store schema. */
  static final String NAME = "BOUNDARY_SAMPLE";

  private static final List<String> PARAMETERS = List.of("table", "method", "fraction", "j",
      "seed");
  private static final List<Class<?>> TYPES = List.of(String.class, String.class, double.class,
      double.class, long.class);

  private final StoreSchema schema;
  private final SampleCache cache;
  private final double budgetSeconds;

  BoundarySampleMacro(StoreSchema schema, SampleCache cache, double budgetSeconds) {
    this.schema = schema;
    this.cache = cache;
    this.budgetSeconds = budgetSeconds;
  }

  @Override public TranslatableTable apply(List<?> arguments) {
    String tableName = (String) arguments.get(0);
    SampleableTable table = schema.sampleable(tableName);
    if (table == null) {
      throw new IllegalArgumentException("store " + schema.store().name() + " has no table "
          + tableName);
    }
    SampleSpec spec = spec(arguments.get(1), arguments.get(2), arguments.get(3),
        arguments.get(4));
    if (schema.store().latentLayer().isEmpty()) {
      throw new IllegalArgumentException("TABLESAMPLE BOUNDARY needs a latent layer, but store "
          + schema.store().name() + " names no \"latentLayer\" in store.json");
    }
    return table.restrictTo(SampledRows.of(cache.get(schema.store(), spec, budgetSeconds)));
  }

  /** The spec of the arguments; {@link SampleSpec} checks their ranges. */
  static SampleSpec spec(Object method, Object fraction, Object j, Object seed) {
    if (method == null || fraction == null || j == null || seed == null) {
      throw new IllegalArgumentException("TABLESAMPLE BOUNDARY arguments must not be null");
    }
    SamplingMethod sampling = SamplingMethod.forName((String) method);
    try {
      return SampleSpec.of(sampling, ((Number) fraction).doubleValue(),
          ((Number) j).doubleValue(), ((Number) seed).longValue());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("TABLESAMPLE BOUNDARY " + e.getMessage(), e);
    }
  }

  @Override public List<FunctionParameter> getParameters() {
    List<FunctionParameter> parameters = new ArrayList<>();
    for (int i = 0; i < PARAMETERS.size(); i++) {
      int ordinal = i;
      parameters.add(new FunctionParameter() {
        @Override public int getOrdinal() {
          return ordinal;
        }

        @Override public String getName() {
          return PARAMETERS.get(ordinal);
        }

        @Override public RelDataType getType(RelDataTypeFactory typeFactory) {
          return ((org.apache.calcite.adapter.java.JavaTypeFactory) typeFactory)
              .createType(TYPES.get(ordinal));
        }

        @Override public boolean isOptional() {
          return false;
        }
      });
    }
    return parameters;
  }
}
