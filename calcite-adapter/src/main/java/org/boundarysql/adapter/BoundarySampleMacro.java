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

  BoundarySampleMacro(StoreSchema schema, SampleCache cache) {
    this.schema = schema;
    this.cache = cache;
  }

  @Override public TranslatableTable apply(List<?> arguments) {
    String tableName = (String) arguments.get(0);
    StoreTable table = schema.table(tableName);
    if (table == null) {
      throw new IllegalArgumentException("store " + schema.store().name() + " has no table "
          + tableName);
    }
    SampleSpec spec = spec(arguments.get(1), arguments.get(2), arguments.get(3),
        arguments.get(4));
    return table.restrictTo(cache.get(schema.store(), spec).sampledRows());
  }

  /** Checks the arguments; a non-random method ignores the seed, so it is set to 0. */
  static SampleSpec spec(Object method, Object fraction, Object j, Object seed) {
    if (method == null || fraction == null || j == null || seed == null) {
      throw new IllegalArgumentException("TABLESAMPLE BOUNDARY arguments must not be null");
    }
    SamplingMethod sampling = SamplingMethod.forName((String) method);
    double f = ((Number) fraction).doubleValue();
    double share = ((Number) j).doubleValue();
    if (!(f > 0 && f <= 1)) {
      throw new IllegalArgumentException("TABLESAMPLE BOUNDARY fraction must be in (0, 1], got "
          + f);
    }
    if (!(share >= 0 && share <= 1)) {
      throw new IllegalArgumentException("TABLESAMPLE BOUNDARY j must be in [0, 1], got "
          + share);
    }
    return new SampleSpec(sampling, f, share,
        sampling.isRandom() ? ((Number) seed).longValue() : 0);
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
