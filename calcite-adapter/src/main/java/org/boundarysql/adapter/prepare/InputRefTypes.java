/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.prepare;

import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.SetOp;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;

import java.util.ArrayList;
import java.util.List;

/**
 * Projections whose field references have the types of the fields they read, and set
 * operations whose inputs have the operation's row type. Calcite 1.42's expansion of repeated
 * grouping sets ({@code GROUPING SETS ((a), (a))}, which {@code CUBE(a, a)} is) into a
 * {@code UNION ALL} breaks both: it projects each set's aggregate with the types of the
 * aggregate of all the sets (a {@code SUM} that is never null over a non-empty group is read as
 * nullable, and the planner fails, "Cannot add expression of different type to set", when it
 * computes the projection's type again), and it writes {@code GROUPING(a)} of a set without
 * {@code a} as an INTEGER literal in a BIGINT column (a ClassCastException when the union's rows
 * are read). A reference of another nullability reads the field as it is, cast to the type the
 * projection declared; an input of another row type is cast to the operation's.
 */
final class InputRefTypes extends RelHomogeneousShuttle {
  private InputRefTypes() {
  }

  /** The plan with every projection's references typed as their fields. */
  static RelNode repair(RelNode rel) {
    return rel.accept(new InputRefTypes());
  }

  @Override public RelNode visit(RelNode other) {
    RelNode rel = super.visit(other);
    if (rel instanceof SetOp setOp) {
      return setOp(setOp);
    }
    if (!(rel instanceof LogicalProject project)) {
      return rel;
    }
    List<RelDataType> fields = project.getInput().getRowType().getFieldList().stream()
        .map(f -> f.getType()).toList();
    RexBuilder rexBuilder = project.getCluster().getRexBuilder();
    boolean[] changed = {false};
    List<RexNode> projects = new RexShuttle() {
      @Override public RexNode visitInputRef(RexInputRef ref) {
        RelDataType actual = fields.get(ref.getIndex());
        if (actual.equals(ref.getType())) {
          return ref;
        }
        changed[0] = true;
        return rexBuilder.makeAbstractCast(ref.getType(), new RexInputRef(ref.getIndex(), actual),
            false);
      }
    }.apply(project.getProjects());
    return changed[0] ? project.copy(project.getTraitSet(), project.getInput(), projects,
        project.getRowType()) : project;
  }

  /** The set operation with every input cast to its row type. */
  private static RelNode setOp(SetOp setOp) {
    RelDataType rowType = setOp.getRowType();
    List<RelNode> inputs = new ArrayList<>();
    boolean changed = false;
    for (RelNode input : setOp.getInputs()) {
      if (input.getRowType().equals(rowType)) {
        inputs.add(input);
      } else {
        inputs.add(RelOptUtil.createCastRel(input, rowType, true));
        changed = true;
      }
    }
    return changed ? setOp.copy(setOp.getTraitSet(), inputs) : setOp;
  }
}
