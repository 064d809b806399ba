/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.prepare;

import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.linq4j.tree.Blocks;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.linq4j.tree.Primitive;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.util.BuiltInMethod;

import com.google.common.collect.ImmutableList;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * Enumerable rows of literals held beside the generated code, not written into it: Calcite's
 * {@code EnumerableValues} writes every value as a constant of one Java method, which grows
 * beyond the JVM's 64 KB per method at about 5,000 values, and a long {@code IN} list
 * ({@code id in (0, 1, ..., 9999)}) is such a join with values.
 */
final class StashedValues extends Values implements EnumerableRel {
  /** The rows, as the generated code reads them (a value, or an array per row). */
  private final List<Object> rows;

  private StashedValues(RelOptCluster cluster, RelDataType rowType,
      ImmutableList<ImmutableList<RexLiteral>> tuples, RelTraitSet traits, List<Object> rows) {
    super(cluster, rowType, tuples, traits);
    this.rows = rows;
  }

  /**
   * Values in the given traits, or null if a literal has no plain Java value (the rows are then
   * left to Calcite).
   */
  static StashedValues of(Values values, RelTraitSet traits) {
    RelDataType rowType = values.getRowType();
    PhysType physType = physType(values.getCluster(), rowType);
    List<Object> rows = new ArrayList<>(values.getTuples().size());
    for (List<RexLiteral> tuple : values.getTuples()) {
      Object[] row = new Object[tuple.size()];
      for (int i = 0; i < row.length; i++) {
        Type type = physType.fieldClass(i);
        if (!(type instanceof Class<?> javaClass)) {
          return null;
        }
        try {
          row[i] = tuple.get(i).getValueAs(Primitive.box(javaClass));
        } catch (RuntimeException e) {
          return null; // no such conversion: Calcite's own code writes it
        }
      }
      rows.add(physType.getFormat() == JavaRowFormat.SCALAR ? row[0] : row);
    }
    return new StashedValues(values.getCluster(), rowType, values.getTuples(), traits, rows);
  }

  private static PhysType physType(RelOptCluster cluster, RelDataType rowType) {
    return PhysTypeImpl.of((JavaTypeFactory) cluster.getTypeFactory(), rowType,
        JavaRowFormat.ARRAY);
  }

  @Override public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new StashedValues(getCluster(), getRowType(), getTuples(), traitSet, rows);
  }

  @Override public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    PhysType physType = physType(getCluster(), getRowType());
    return implementor.result(physType, Blocks.toBlock(Expressions.call(
        BuiltInMethod.AS_ENUMERABLE2.method, implementor.stash(rows, List.class))));
  }
}
