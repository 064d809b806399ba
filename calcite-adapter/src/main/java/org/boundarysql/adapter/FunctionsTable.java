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
import org.boundarysql.adapter.function.DiagnosisFunctions;
import org.boundarysql.sample.SampleSpec;
import org.boundarysql.sample.SamplingMethod;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Table {@code boundary.functions}: the diagnosis functions, from the registry that registers
 * them ({@link DiagnosisFunctions}), and the {@code TABLESAMPLE BOUNDARY} clause, for tools
 * that list functions by query (Avatica carries no {@code getFunctions}).
 */
final class FunctionsTable extends AbstractTable implements ScannableTable {
  /** Kind of the sampling clause's row. */
  static final String SAMPLING_CLAUSE = "sampling clause";

  private final List<Object[]> rows;

  FunctionsTable() {
    List<Object[]> list = new ArrayList<>();
    for (DiagnosisFunctions.Entry entry : DiagnosisFunctions.ALL) {
      list.add(new Object[] {entry.name(), entry.kind().label(), entry.signature(),
          entry.description()});
    }
    list.add(new Object[] {"BOUNDARY", SAMPLING_CLAUSE,
        "t TABLESAMPLE BOUNDARY('method', fraction [, j]) [REPEATABLE(seed)] [[AS] alias]",
        "Replaces table t by the items near the model's decision boundary, computed once per"
            + " store and cached; method: " + Arrays.stream(SamplingMethod.values())
            .map(SamplingMethod::methodName).collect(Collectors.joining(", "))
            + "; fraction in (0, 1]; j in [0, 1], default " + SampleSpec.DEFAULT_J + " ("
            + SamplingMethod.MARGIN_STRATIFIED.defaultJ() + " for "
            + SamplingMethod.MARGIN_STRATIFIED.methodName() + ")."});
    this.rows = List.copyOf(list);
  }

  @Override public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    return typeFactory.builder()
        .add("name", SqlTypeName.VARCHAR)
        .add("kind", SqlTypeName.VARCHAR)
        .add("signature", SqlTypeName.VARCHAR)
        .add("description", SqlTypeName.VARCHAR)
        .build();
  }

  @Override public Enumerable<Object[]> scan(DataContext root) {
    return Linq4j.asEnumerable(rows);
  }
}
