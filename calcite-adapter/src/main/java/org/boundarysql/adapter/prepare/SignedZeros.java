/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.prepare;

import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.SetOp;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.Union;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalSort;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexFieldCollation;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexWindow;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;

import com.google.common.collect.ImmutableList;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;

/**
 * -0.0 and 0.0 as one value wherever Calcite's enumerable operators tell floating-point values
 * apart by their Java objects: group keys and {@code DISTINCT} arguments of an aggregate
 * ({@code Double.equals} distinguishes the two zeros), sort keys ({@code Double.compare} puts
 * -0.0 first), the equality keys of a join, the columns of {@code UNION}, {@code INTERSECT} and
 * {@code EXCEPT}, and a window's partition and order keys. Each such value is passed through
 * {@link #ZERO} ({@link PositiveZero}), which turns -0.0 into 0.0 and leaves every other value
 * as it is; a value shown
 * in a result is left alone (SQL's -0.0 = 0.0, and PostgreSQL shows -0.0 as {@code -0}).
 */
final class SignedZeros extends RelHomogeneousShuttle {
  /** {@code ZERO(x)}: x, with -0.0 as 0.0. */
  static final SqlFunction ZERO = new SqlUserDefinedFunction(
      new SqlIdentifier("$POSITIVE_ZERO", SqlParserPos.ZERO), SqlKind.OTHER_FUNCTION,
      ReturnTypes.ARG0, InferTypes.RETURN_TYPE, null,
      ScalarFunctionImpl.create(PositiveZero.class, "ofDouble"));
  /** {@link #ZERO} of a REAL, which must stay a float. */
  static final SqlFunction ZERO_REAL = new SqlUserDefinedFunction(
      new SqlIdentifier("$POSITIVE_ZERO_REAL", SqlParserPos.ZERO), SqlKind.OTHER_FUNCTION,
      ReturnTypes.ARG0, InferTypes.RETURN_TYPE, null,
      ScalarFunctionImpl.create(PositiveZero.class, "ofReal"));

  private SignedZeros() {
  }

  /** The plan with every grouping, sorting, joining and set comparison of zeros canonical. */
  static RelNode canonical(RelNode rel) {
    return rel.accept(new SignedZeros());
  }

  @Override public RelNode visit(RelNode other) {
    RelNode rel = super.visit(other);
    if (rel instanceof Aggregate aggregate) {
      return aggregate(aggregate);
    }
    if (rel instanceof Sort sort) {
      return sort(sort);
    }
    if (rel instanceof Join join) {
      RexNode condition = join.getCondition().accept(new EqualityOperands(rexBuilder(rel)));
      return condition == join.getCondition() ? join
          : join.copy(join.getTraitSet(), condition, join.getLeft(), join.getRight(),
              join.getJoinType(), join.isSemiJoinDone());
    }
    if (rel instanceof SetOp setOp && !(setOp instanceof Union && setOp.all)) {
      List<RelNode> inputs = new ArrayList<>();
      setOp.getInputs().forEach(input -> inputs.add(project(input, approximate(input))));
      return setOp.copy(setOp.getTraitSet(), inputs);
    }
    if (rel instanceof Project project && project.containsOver()) {
      WindowKeys keys = new WindowKeys(rexBuilder(rel));
      List<RexNode> projects = keys.apply(project.getProjects());
      return keys.changed ? project.copy(project.getTraitSet(), project.getInput(), projects,
          project.getRowType()) : project;
    }
    return rel;
  }

  /** Group keys and the arguments of DISTINCT aggregate calls, canonical. */
  private static RelNode aggregate(Aggregate aggregate) {
    BitSet fields = new BitSet();
    RelNode input = aggregate.getInput();
    aggregate.getGroupSet().forEach(fields::set);
    for (AggregateCall call : aggregate.getAggCallList()) {
      if (call.isDistinct()) {
        call.getArgList().forEach(fields::set);
      }
    }
    fields.and(approximate(input));
    if (fields.isEmpty()) {
      return aggregate;
    }
    return aggregate.copy(aggregate.getTraitSet(), List.of(project(input, fields)));
  }

  /** A sort on canonical copies of its approximate keys, which it then drops. */
  private static RelNode sort(Sort sort) {
    RelNode input = sort.getInput();
    BitSet approximate = approximate(input);
    int width = input.getRowType().getFieldCount();
    RexBuilder rexBuilder = rexBuilder(sort);
    List<RexNode> extended = new ArrayList<>(identity(input));
    List<String> names = new ArrayList<>(input.getRowType().getFieldNames());
    List<RelFieldCollation> keys = new ArrayList<>();
    for (RelFieldCollation key : sort.getCollation().getFieldCollations()) {
      int field = key.getFieldIndex();
      if (approximate.get(field)) {
        keys.add(key.withFieldIndex(extended.size()));
        extended.add(zero(rexBuilder, extended.get(field)));
        names.add("$zero" + field);
      } else {
        keys.add(key);
      }
    }
    if (extended.size() == width) {
      return sort;
    }
    RelCollation collation = RelCollations.of(keys);
    RelNode sorted = LogicalSort.create(LogicalProject.create(input, List.of(), extended, names,
        Set.of()), collation, sort.offset, sort.fetch);
    return LogicalProject.create(sorted, List.of(), identity(sorted).subList(0, width),
        input.getRowType().getFieldNames(), Set.of());
  }

  /** The input with the given fields canonical, the others as they are. */
  private static RelNode project(RelNode input, BitSet fields) {
    if (fields.isEmpty()) {
      return input;
    }
    RexBuilder rexBuilder = input.getCluster().getRexBuilder();
    List<RexNode> projects = new ArrayList<>(identity(input));
    fields.stream().forEach(i -> projects.set(i, zero(rexBuilder, projects.get(i))));
    return LogicalProject.create(input, List.of(), projects, input.getRowType().getFieldNames(),
        Set.of());
  }

  private static List<RexNode> identity(RelNode input) {
    List<RexNode> refs = new ArrayList<>();
    List<RelDataTypeField> fields = input.getRowType().getFieldList();
    for (int i = 0; i < fields.size(); i++) {
      refs.add(new RexInputRef(i, fields.get(i).getType()));
    }
    return refs;
  }

  /** The fields of a REAL, FLOAT or DOUBLE type. */
  private static BitSet approximate(RelNode rel) {
    BitSet fields = new BitSet();
    List<RelDataTypeField> list = rel.getRowType().getFieldList();
    for (int i = 0; i < list.size(); i++) {
      if (isApproximate(list.get(i).getType())) {
        fields.set(i);
      }
    }
    return fields;
  }

  /** Whether values of a type are REAL, FLOAT or DOUBLE. */
  static boolean isApproximate(RelDataType type) {
    return SqlTypeName.APPROX_TYPES.contains(type.getSqlTypeName());
  }

  private static RexNode zero(RexBuilder rexBuilder, RexNode value) {
    return rexBuilder.makeCall(value.getType(),
        value.getType().getSqlTypeName() == SqlTypeName.REAL ? ZERO_REAL : ZERO,
        List.of(value));
  }

  private static RexBuilder rexBuilder(RelNode rel) {
    return rel.getCluster().getRexBuilder();
  }

  /** Makes both operands of an equality of approximate numbers canonical. */
  private static final class EqualityOperands extends RexShuttle {
    private final RexBuilder rexBuilder;

    EqualityOperands(RexBuilder rexBuilder) {
      this.rexBuilder = rexBuilder;
    }

    @Override public RexNode visitCall(RexCall call) {
      RexCall visited = (RexCall) super.visitCall(call);
      if ((visited.getKind() == SqlKind.EQUALS
          || visited.getKind() == SqlKind.IS_NOT_DISTINCT_FROM)
          && visited.getOperands().stream().allMatch(o -> isApproximate(o.getType()))) {
        return visited.clone(visited.getType(), List.of(
            zero(rexBuilder, visited.getOperands().get(0)),
            zero(rexBuilder, visited.getOperands().get(1))));
      }
      return visited;
    }
  }

  /** Makes the approximate partition and order keys of windows canonical. */
  private static final class WindowKeys extends RexShuttle {
    private final RexBuilder rexBuilder;
    private boolean changed;

    WindowKeys(RexBuilder rexBuilder) {
      this.rexBuilder = rexBuilder;
    }

    @Override public RexNode visitOver(RexOver over) {
      RexWindow window = over.getWindow();
      List<RexNode> partition = new ArrayList<>();
      for (RexNode key : window.partitionKeys) {
        partition.add(isApproximate(key.getType()) ? zero(rexBuilder, key) : key);
      }
      List<RexFieldCollation> order = new ArrayList<>();
      for (RexFieldCollation key : window.orderKeys) {
        order.add(isApproximate(key.left.getType())
            ? new RexFieldCollation(zero(rexBuilder, key.left), key.right) : key);
      }
      if (partition.equals(window.partitionKeys) && order.equals(window.orderKeys)) {
        return over;
      }
      changed = true;
      return rexBuilder.makeOver(over.getType(), over.getAggOperator(), over.getOperands(),
          partition, ImmutableList.copyOf(order), window.getLowerBound(),
          window.getUpperBound(), window.getExclude(), window.isRows(), true, false,
          over.isDistinct(), over.ignoreNulls());
    }
  }
}
