/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.prepare;

import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.SqlKind;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code GROUPING(k)} reads the key {@code k}. Calcite converts the argument a second time, in
 * the scope where grouping sets make keys nullable, so a key with a cast ({@code CASE WHEN
 * cardinality(a) = 13.5 ...}) came back as another expression, its cast nullable: the call
 * read a column that is no key, and the generated code did not compile (XX000). The argument
 * is mapped back to the key it equals but for nullability.
 */
final class GroupingArguments extends RelHomogeneousShuttle {
  private GroupingArguments() {
  }

  /** The plan with every grouping function reading its key. */
  static RelNode repair(RelNode rel) {
    return rel.accept(new GroupingArguments());
  }

  @Override public RelNode visit(RelNode other) {
    RelNode rel = super.visit(other);
    if (!(rel instanceof Aggregate aggregate)
        || !(aggregate.getInput() instanceof Project project)) {
      return rel;
    }
    List<AggregateCall> calls = new ArrayList<>();
    boolean changed = false;
    for (AggregateCall call : aggregate.getAggCallList()) {
      AggregateCall repaired = call;
      if (call.getAggregation().getKind() == SqlKind.GROUPING
          || call.getAggregation().getKind() == SqlKind.GROUPING_ID) {
        List<Integer> args = new ArrayList<>();
        for (int arg : call.getArgList()) {
          args.add(aggregate.getGroupSet().get(arg) ? arg : key(aggregate, project, arg));
        }
        repaired = call.withArgList(args);
        changed |= !args.equals(call.getArgList());
      }
      calls.add(repaired);
    }
    return changed ? aggregate.copy(aggregate.getTraitSet(), project, aggregate.getGroupSet(),
        aggregate.getGroupSets(), calls) : rel;
  }

  /** The key whose expression equals the argument's but for nullability, or the argument. */
  private static int key(Aggregate aggregate, Project project, int arg) {
    RelDataTypeFactory types = aggregate.getCluster().getTypeFactory();
    RexNode wanted = nullable(project.getProjects().get(arg), types);
    for (int key : aggregate.getGroupSet()) {
      if (nullable(project.getProjects().get(key), types).equals(wanted)) {
        return key;
      }
    }
    return arg;
  }

  private static RexNode nullable(RexNode expression, RelDataTypeFactory types) {
    return expression.accept(new RexShuttle() {
      @Override public RexNode visitCall(RexCall call) {
        RexCall visited = (RexCall) super.visitCall(call);
        return visited.clone(types.createTypeWithNullability(visited.getType(), true),
            visited.getOperands());
      }
    });
  }
}
