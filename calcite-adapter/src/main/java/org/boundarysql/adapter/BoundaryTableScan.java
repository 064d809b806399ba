/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.tree.Blocks;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexPermuteInputsShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.tools.RelBuilderFactory;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.calcite.util.mapping.Mappings;

import com.google.common.collect.ImmutableList;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Scan of a {@link StoreTable}, logical until the planner converts it to enumerable convention.
 * The table object itself is handed to
 * the generated code, so tables made by the BOUNDARY sample macro, which have no schema path,
 * scan like any other; EXPLAIN shows the sample.
 *
 * <p>Two rules push work into the scan: a projection (only the columns used are built) and the
 * comparisons of item columns with constants in a filter (tested on the store's arrays before
 * a row is built). A scan of one column returns the value itself rather than a one-element
 * array.
 */
public final class BoundaryTableScan extends TableScan implements EnumerableRel {
  /** Guess of the share of rows that pass one pushed comparison, as Calcite guesses for "=". */
  private static final double SELECTIVITY = 0.15;
  /** Cost of testing one row against a pushed filter, relative to building a row. */
  private static final double TEST_COST = 0.05;

  private final StoreTable storeTable;
  /** The whole table; {@link #table} is a {@link NarrowedTable} if the scan keeps fewer. */
  private final RelOptTable wholeTable;
  private final int[] columns;
  private final StoreTable.ItemFilter filter;

  /** A logical scan of every column; the planner converts it to the enumerable scan. */
  BoundaryTableScan(RelOptCluster cluster, RelOptTable table, StoreTable storeTable) {
    this(cluster, cluster.traitSetOf(Convention.NONE), table, storeTable, allColumns(table),
        StoreTable.ItemFilter.ALL);
  }

  private BoundaryTableScan(RelOptCluster cluster, RelTraitSet traits, RelOptTable table,
      StoreTable storeTable, int[] columns, StoreTable.ItemFilter filter) {
    super(cluster, traits, ImmutableList.of(), Arrays.equals(columns, allColumns(table)) ? table
        : NarrowedTable.of(table, columns, cluster.getTypeFactory()));
    this.wholeTable = table;
    this.storeTable = storeTable;
    this.columns = columns;
    this.filter = filter;
  }

  private static int[] allColumns(RelOptTable table) {
    int[] all = new int[table.getRowType().getFieldCount()];
    Arrays.setAll(all, i -> i);
    return all;
  }

  private boolean allColumns() {
    return Arrays.equals(columns, allColumns(wholeTable));
  }

  @Override public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new BoundaryTableScan(getCluster(), traitSet, wholeTable, storeTable, columns, filter);
  }

  @Override public RelWriter explainTerms(RelWriter pw) {
    SampledRows sample = storeTable.sample();
    return super.explainTerms(pw)
        .itemIf("sample", sample, sample != null)
        .itemIf("columns", Arrays.toString(columns), !allColumns())
        .itemIf("filter", filter.describe(wholeTable.getRowType().getFieldNames()),
            filter != StoreTable.ItemFilter.ALL);
  }

  @Override public double estimateRowCount(RelMetadataQuery mq) {
    return storeTable.rowCount() * Math.pow(SELECTIVITY, filter.conditions().size());
  }

  /** Rows tested cost little; rows built cost in proportion to their columns. */
  @Override public @Nullable RelOptCost computeSelfCost(RelOptPlanner planner,
      RelMetadataQuery mq) {
    double tested = filter == StoreTable.ItemFilter.ALL ? 0 : TEST_COST * storeTable.rowCount();
    double built = estimateRowCount(mq) * (columns.length + 2D)
        / (wholeTable.getRowType().getFieldCount() + 2D);
    return planner.getCostFactory().makeCost(tested + built, tested + built, 0);
  }

  @Override public void register(RelOptPlanner planner) {
    // Merging a projection into the aggregate above it gives a second plan of the aggregate
    // whose row count Calcite estimates differently (from the unprojected input), so it can
    // win against a narrower scan; the projection rule below makes the merge unnecessary.
    planner.removeRule(CoreRules.AGGREGATE_PROJECT_MERGE);
    planner.addRule(PROJECT_RULE);
    planner.addRule(FILTER_RULE);
    planner.addRule(AGGREGATE_RULE);
    planner.addRule(ENUMERABLE_RULE);
  }

  @Override public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(),
        columns.length == 1 ? JavaRowFormat.SCALAR : JavaRowFormat.ARRAY);
    Expression table = implementor.stash(storeTable, StoreTable.class);
    return implementor.result(physType,
        Blocks.toBlock(Expressions.call(table, "scan",
            implementor.stash(columns, int[].class),
            implementor.stash(filter, StoreTable.ItemFilter.class))));
  }

  /**
   * Pushes a projection's columns into the logical scan below it. (The rules rewrite logical
   * scans: a logical parent's input is the logical subset of its input's set, so a scan that a
   * rule produced in enumerable convention would be invisible to the next rule.)
   */
  static final RelOptRule PROJECT_RULE = RuleConfig.of("BoundaryProjectScanRule",
      b -> b.operand(LogicalProject.class).oneInput(
          s -> s.operand(BoundaryTableScan.class).trait(Convention.NONE).noInputs()),
      ProjectRule::new);

  /** Pushes a filter's comparisons of item columns with constants into the scan below it. */
  static final RelOptRule FILTER_RULE = RuleConfig.of("BoundaryFilterScanRule",
      b -> b.operand(LogicalFilter.class).oneInput(
          s -> s.operand(BoundaryTableScan.class).trait(Convention.NONE).noInputs()),
      FilterRule::new);

  /**
   * Narrows the scan below an aggregate to the columns the aggregate reads (Calcite merges the
   * projection below an aggregate into it, so the projection rule alone would not see it).
   */
  static final RelOptRule AGGREGATE_RULE = RuleConfig.of("BoundaryAggregateScanRule",
      b -> b.operand(LogicalAggregate.class).oneInput(
          s -> s.operand(BoundaryTableScan.class).trait(Convention.NONE).noInputs()),
      AggregateRule::new);

  /** Makes the enumerable scan of a logical one. */
  static final RelOptRule ENUMERABLE_RULE = ConverterRule.Config.INSTANCE
      .withConversion(BoundaryTableScan.class, Convention.NONE, EnumerableConvention.INSTANCE,
          "BoundaryTableScanRule")
      .withRuleFactory(EnumerableRule::new)
      .toRule();

  /** See {@link #ENUMERABLE_RULE}. */
  private static final class EnumerableRule extends ConverterRule {
    EnumerableRule(ConverterRule.Config config) {
      super(config);
    }

    @Override public RelNode convert(RelNode rel) {
      return rel.copy(rel.getTraitSet().replace(EnumerableConvention.INSTANCE), List.of());
    }
  }

  /** Rule configuration, written out because Calcite's own use generated Immutables classes. */
  private record RuleConfig(String description, RelRule.OperandTransform operandSupplier,
      RelBuilderFactory relBuilderFactory, Function<RuleConfig, RelOptRule> factory)
      implements RelRule.Config {
    static RelOptRule of(String description, RelRule.OperandTransform operands,
        Function<RuleConfig, RelOptRule> factory) {
      return new RuleConfig(description, operands, RelFactories.LOGICAL_BUILDER,
          factory).toRule();
    }

    @Override public RelOptRule toRule() {
      return factory.apply(this);
    }

    @Override public RelRule.Config withRelBuilderFactory(RelBuilderFactory f) {
      return new RuleConfig(description, operandSupplier, f, factory);
    }

    @Override public RelRule.Config withDescription(String d) {
      return new RuleConfig(d, operandSupplier, relBuilderFactory, factory);
    }

    @Override public RelRule.Config withOperandSupplier(RelRule.OperandTransform t) {
      return new RuleConfig(description, t, relBuilderFactory, factory);
    }
  }

  /** See {@link #PROJECT_RULE}. */
  private static final class ProjectRule extends RelRule<RuleConfig> {
    ProjectRule(RuleConfig config) {
      super(config);
    }

    @Override public void onMatch(RelOptRuleCall call) {
      LogicalProject project = call.rel(0);
      BoundaryTableScan scan = call.rel(1);
      ImmutableBitSet used = RelOptUtil.InputFinder.bits(project.getProjects(), null);
      if (used.isEmpty()) {
        used = ImmutableBitSet.of(0); // COUNT(*) and the like: one cheap column
      }
      if (project.getProjects().stream().allMatch(e -> e instanceof RexInputRef)) {
        int[] columns = project.getProjects().stream()
            .mapToInt(e -> scan.columns[((RexInputRef) e).getIndex()]).toArray();
        call.transformTo(scan.with(columns, scan.filter));
        return;
      }
      if (used.cardinality() == scan.columns.length) {
        return;
      }
      int[] kept = used.toArray();
      List<RexNode> projects = RexPermuteInputsShuttle.of(scan.keeping(kept))
          .visitList(project.getProjects());
      call.transformTo(project.copy(project.getTraitSet(), scan.narrowedTo(kept), projects,
          project.getRowType()));
    }
  }

  /** See {@link #AGGREGATE_RULE}. */
  private static final class AggregateRule extends RelRule<RuleConfig> {
    AggregateRule(RuleConfig config) {
      super(config);
    }

    @Override public void onMatch(RelOptRuleCall call) {
      LogicalAggregate aggregate = call.rel(0);
      BoundaryTableScan scan = call.rel(1);
      ImmutableBitSet.Builder used = aggregate.getGroupSet().rebuild();
      for (AggregateCall aggCall : aggregate.getAggCallList()) {
        if (!aggCall.rexList.isEmpty()) {
          return;
        }
        used.addAll(aggCall.getArgList());
        if (aggCall.filterArg >= 0) {
          used.set(aggCall.filterArg);
        }
        if (aggCall.distinctKeys != null) {
          used.addAll(aggCall.distinctKeys);
        }
        aggCall.collation.getFieldCollations().forEach(f -> used.set(f.getFieldIndex()));
      }
      int[] kept = used.build().toArray();
      if (kept.length == 0) {
        kept = new int[] {0}; // COUNT(*): one cheap column
      }
      if (kept.length == scan.columns.length) {
        return;
      }
      Mappings.TargetMapping mapping = scan.keeping(kept);
      List<AggregateCall> calls = new ArrayList<>();
      for (AggregateCall aggCall : aggregate.getAggCallList()) {
        calls.add(aggCall.transform(mapping));
      }
      List<ImmutableBitSet> groupSets = new ArrayList<>();
      for (ImmutableBitSet groupSet : aggregate.getGroupSets()) {
        groupSets.add(groupSet.permute(mapping));
      }
      call.transformTo(aggregate.copy(aggregate.getTraitSet(), scan.narrowedTo(kept),
          aggregate.getGroupSet().permute(mapping), groupSets, calls));
    }
  }

  /** See {@link #FILTER_RULE}. */
  private static final class FilterRule extends RelRule<RuleConfig> {
    FilterRule(RuleConfig config) {
      super(config);
    }

    @Override public void onMatch(RelOptRuleCall call) {
      LogicalFilter filter = call.rel(0);
      BoundaryTableScan scan = call.rel(1);
      List<StoreTable.ItemFilter.Condition> pushed = new ArrayList<>();
      List<RexNode> rest = new ArrayList<>();
      for (RexNode conjunct : RelOptUtil.conjunctions(filter.getCondition())) {
        StoreTable.ItemFilter.Condition condition = condition(conjunct, scan.columns);
        if (condition != null) {
          pushed.add(condition);
        } else {
          rest.add(conjunct);
        }
      }
      if (pushed.isEmpty()) {
        return;
      }
      BoundaryTableScan filtered = scan.with(scan.columns,
          scan.filter.and(StoreTable.ItemFilter.of(pushed)));
      call.transformTo(rest.isEmpty() ? filtered : filter.copy(filter.getTraitSet(), filtered,
          RexUtil.composeConjunction(filter.getCluster().getRexBuilder(), rest)));
    }
  }

  private BoundaryTableScan with(int[] columns, StoreTable.ItemFilter filter) {
    return new BoundaryTableScan(getCluster(), traitSet, wholeTable, storeTable, columns, filter);
  }

  /** The mapping from this scan's row positions to a row of only the {@code kept} ones. */
  private Mappings.TargetMapping keeping(int[] kept) {
    Map<Integer, Integer> position = new HashMap<>();
    for (int i = 0; i < kept.length; i++) {
      position.put(kept[i], i);
    }
    return Mappings.target(position, columns.length, kept.length);
  }

  /** This scan building only the columns at the {@code kept} positions of its row. */
  private BoundaryTableScan narrowedTo(int[] kept) {
    int[] narrow = new int[kept.length];
    for (int i = 0; i < kept.length; i++) {
      narrow[i] = columns[kept[i]];
    }
    return with(narrow, filter);
  }

  /**
   * The pushable form of one conjunct, or null: {@code column op literal} (either way round) on
   * an item column, {@code correct}, {@code NOT correct} and their {@code IS [NOT] TRUE/FALSE}.
   */
  static StoreTable.ItemFilter.@Nullable Condition condition(RexNode node, int[] columns) {
    SqlKind kind = node.getKind();
    if (node instanceof RexInputRef ref) {
      return booleanColumn(ref, columns, true);
    }
    if (!(node instanceof RexCall call)) {
      return null;
    }
    if (call.getOperands().size() == 1 && call.getOperands().get(0) instanceof RexInputRef ref) {
      return switch (kind) {
        case NOT, IS_FALSE, IS_NOT_TRUE -> booleanColumn(ref, columns, false);
        case IS_TRUE, IS_NOT_FALSE -> booleanColumn(ref, columns, true);
        default -> null;
      };
    }
    StoreTable.ItemFilter.Op op = switch (kind) {
      case EQUALS -> StoreTable.ItemFilter.Op.EQ;
      case NOT_EQUALS -> StoreTable.ItemFilter.Op.NE;
      case LESS_THAN -> StoreTable.ItemFilter.Op.LT;
      case LESS_THAN_OR_EQUAL -> StoreTable.ItemFilter.Op.LE;
      case GREATER_THAN -> StoreTable.ItemFilter.Op.GT;
      case GREATER_THAN_OR_EQUAL -> StoreTable.ItemFilter.Op.GE;
      default -> null;
    };
    if (op == null || call.getOperands().size() != 2) {
      return null;
    }
    RexNode left = call.getOperands().get(0);
    RexNode right = call.getOperands().get(1);
    if (right instanceof RexInputRef && left instanceof RexLiteral) {
      RexNode swap = left;
      left = right;
      right = swap;
      op = op.swapped();
    }
    if (!(left instanceof RexInputRef ref) || !(right instanceof RexLiteral literal)
        || literal.isNull()) {
      return null;
    }
    int column = columns[ref.getIndex()];
    if (column == 1 && literal.getTypeName().getFamily() == SqlTypeName.CHAR.getFamily()) {
      return op == StoreTable.ItemFilter.Op.EQ || op == StoreTable.ItemFilter.Op.NE
          ? new StoreTable.ItemFilter.Condition(1, op, literal.getValueAs(String.class)) : null;
    }
    if ((column == 0 || column == 2 || column == 3)
        && literal.getValue() instanceof BigDecimal number) {
      try {
        return new StoreTable.ItemFilter.Condition(column, op, number.longValueExact());
      } catch (ArithmeticException e) {
        return null; // a fraction or a huge number: Calcite compares it
      }
    }
    if (column == 4 && literal.getValue() instanceof Boolean bool
        && (op == StoreTable.ItemFilter.Op.EQ || op == StoreTable.ItemFilter.Op.NE)) {
      return new StoreTable.ItemFilter.Condition(4, op, bool);
    }
    return null;
  }

  private static StoreTable.ItemFilter.@Nullable Condition booleanColumn(RexInputRef ref,
      int[] columns, boolean value) {
    return columns[ref.getIndex()] == 4
        ? new StoreTable.ItemFilter.Condition(4, StoreTable.ItemFilter.Op.EQ, value) : null;
  }
}
