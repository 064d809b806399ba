/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.type.SqlTypeName;
import org.boundarysql.adapter.function.ScanAggregate;
import org.boundarysql.adapter.function.ScanEstimates;
import org.boundarysql.store.SampleProvenance;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.ToIntFunction;

/**
 * Rule that lets a scan compute the aggregate above it ({@link BoundaryTableAggregate}) when
 * the aggregate groups by item columns only and computes only {@code COUNT} and diagnosis
 * aggregates of the activation ({@code TOPK_NEURONS} with a literal k), and, over a sample
 * with known inclusion probabilities, the model-assisted estimates of the activation
 * ({@code AVG_ACTIVATION_ESTIMATE}, {@code TOPK_NEURONS_ESTIMATE} with a literal k,
 * {@code ARGMAX_DIST_ESTIMATE}), with no DISTINCT, FILTER or WITHIN GROUP; a projection between
 * them may pass columns and literals. Any other aggregate stays Calcite's (the estimates:
 * {@link SamplePopulationRule}'s).
 */
public final class BoundaryTableAggregateRule extends RelRule<BoundaryScanRuleConfig> {
  /** Matches an aggregate on a logical scan. */
  static final BoundaryScanRuleConfig DEFAULT_CONFIG = BoundaryScanRuleConfig.of(
      "BoundaryTableAggregateRule", LogicalAggregate.class, BoundaryTableAggregateRule::new);

  /** Matches an aggregate on a projection on a logical scan. */
  static final BoundaryScanRuleConfig PROJECT_CONFIG = new BoundaryScanRuleConfig(
      "BoundaryTableAggregateRule:project",
      b -> b.operand(LogicalAggregate.class).oneInput(p -> p.operand(LogicalProject.class)
          .oneInput(s -> s.operand(BoundaryLogicalTableScan.class).trait(Convention.NONE)
              .noInputs())),
      RelFactories.LOGICAL_BUILDER, BoundaryTableAggregateRule::new);

  BoundaryTableAggregateRule(BoundaryScanRuleConfig config) {
    super(config);
  }

  @Override public void onMatch(RelOptRuleCall call) {
    LogicalAggregate aggregate = call.rel(0);
    BoundaryLogicalTableScan scan = call.rel(call.rels.length - 1);
    List<RexNode> fields = call.rels.length == 3 ? ((LogicalProject) call.rel(1)).getProjects()
        : identity(scan);
    if (aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
      return;
    }
    List<Integer> groupSet = aggregate.getGroupSet().asList();
    ItemColumn[] keys = new ItemColumn[groupSet.size()];
    for (int i = 0; i < keys.length; i++) {
      int column = column(scan, fields.get(groupSet.get(i)));
      keys[i] = ItemColumn.at(column);
      if (keys[i] == null) {
        return;
      }
    }
    ScanAggregate[] aggregates = new ScanAggregate[aggregate.getAggCallList().size()];
    for (int i = 0; i < aggregates.length; i++) {
      aggregates[i] = scanAggregate(aggregate.getAggCallList().get(i), scan, fields);
      if (aggregates[i] == null) {
        return;
      }
    }
    call.transformTo(new BoundaryTableAggregate(
        aggregate.getTraitSet().replace(EnumerableConvention.INSTANCE), scan, keys, aggregates,
        aggregate.getRowType()));
  }

  private static List<RexNode> identity(BoundaryLogicalTableScan scan) {
    List<RexNode> refs = new ArrayList<>();
    for (RelDataTypeField field : scan.getRowType().getFieldList()) {
      refs.add(new RexInputRef(field.getIndex(), field.getType()));
    }
    return refs;
  }

  /** The call as a scan computes it, or null if a scan cannot. */
  private static @Nullable ScanAggregate scanAggregate(AggregateCall call,
      BoundaryLogicalTableScan scan, List<RexNode> fields) {
    ScanAggregate.Kind kind = ScanAggregate.kindOf(call.getAggregation());
    if (kind != null && kind.isEstimate()) {
      return estimatesInScan(scan) && plain(call)
          && column(scan, fields.get(call.getArgList().get(0))) == ItemColumn.COUNT
          ? activationAggregate(kind, call, fields) : null;
    }
    return scanAggregate(call, fields, field -> column(scan, field),
        column -> ItemColumn.at(column) != null,
        scan.storeTable.hasActivations() ? ItemColumn.COUNT : -1);
  }

  /**
   * The call as a table computes it, or null if it cannot: {@code column} gives the table
   * column a field passes on (-1 if it computes a value), {@code notNull} the columns never
   * null, whose COUNT counts rows, and {@code activation} the activation column (-1: none).
   */
  static @Nullable ScanAggregate scanAggregate(AggregateCall call, List<RexNode> fields,
      ToIntFunction<RexNode> column, IntPredicate notNull, int activation) {
    ScanAggregate.Kind kind = ScanAggregate.kindOf(call.getAggregation());
    if (kind == null || kind.isEstimate() || !plain(call)) {
      return null;
    }
    List<Integer> args = call.getArgList();
    boolean hasActivation = activation >= 0;
    switch (kind) {
    case COUNT:
      // Item columns and activations are never null: COUNT of them counts rows.
      for (int arg : args) {
        int c = column.applyAsInt(fields.get(arg));
        if (!(c >= 0 && notNull.test(c)) && !(hasActivation && c == activation)) {
          return null;
        }
      }
      return new ScanAggregate(kind, 0);
    default:
      return hasActivation && column.applyAsInt(fields.get(args.get(0))) == activation
          ? activationAggregate(kind, call, fields) : null;
    }
  }

  /** Whether a call has no DISTINCT, FILTER or WITHIN GROUP. */
  private static boolean plain(AggregateCall call) {
    return !call.isDistinct() && call.filterArg < 0 && call.rexList.isEmpty()
        && call.collation.getFieldCollations().isEmpty();
  }

  /**
   * A call of an aggregate of the activation (its first argument), or null if its other
   * arguments are not what a scan takes: {@code k}, an integer literal, for the top-k ones.
   */
  private static @Nullable ScanAggregate activationAggregate(ScanAggregate.Kind kind,
      AggregateCall call, List<RexNode> fields) {
    List<Integer> args = call.getArgList();
    if (kind == ScanAggregate.Kind.TOPK_NEURONS
        || kind == ScanAggregate.Kind.TOPK_NEURONS_ESTIMATE) {
      Integer k = args.size() == 2 ? integer(fields.get(args.get(1))) : null;
      return k == null ? null : new ScanAggregate(kind, k);
    }
    return args.size() == 1 ? new ScanAggregate(kind, 0) : null;
  }

  /**
   * Whether the scan's table can compute the model-assisted estimates itself: a layer of a
   * sample whose design knows its items' inclusion probabilities, of a store with a latent
   * layer and logits, that is not itself a sample (whose population is another store's).
   */
  private static boolean estimatesInScan(BoundaryLogicalTableScan scan) {
    StoreTable table = scan.storeTable;
    SampledRows sample = table.sample();
    return sample != null && table instanceof LayerTable
        && SampleProvenance.of(table.store).isEmpty()
        && ScanEstimates.serves(table.store, sample.draw(), sample.spec().method().methodName());
  }

  /** The table column a field passes on, or -1 if it computes a value. */
  private static int column(BoundaryLogicalTableScan scan, RexNode field) {
    return field instanceof RexInputRef ref ? scan.columns()[ref.getIndex()] : -1;
  }

  private static @Nullable Integer integer(RexNode field) {
    if (field instanceof RexLiteral literal && !literal.isNull()
        && SqlTypeName.INT_TYPES.contains(literal.getType().getSqlTypeName())) {
      Long value = literal.getValueAs(Long.class);
      return value != null && value == value.intValue() ? value.intValue() : null;
    }
    return null;
  }
}
