/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.tools.RelBuilder;
import org.boundarysql.adapter.function.EstimateSource;
import org.boundarysql.adapter.function.PopulationAggregate;
import org.boundarysql.estimate.EstimateBasis;

import java.util.ArrayList;
import java.util.List;

/**
 * Rule that gives the aggregates that need it ({@link PopulationAggregate}: coverage and error
 * estimates) each group's population and design. It rewrites
 *
 * <pre>
 * Aggregate(keys, f(x)) over input
 * </pre>
 *
 * into
 *
 * <pre>
 * Aggregate(keys, f'(x, population, design))
 *   over input ⋈ Aggregate(keys, COUNT(*) [FILTER]) over population(input)
 * </pre>
 *
 * joined on the keys ({@code IS NOT DISTINCT FROM}), where {@link PopulationInput} is the
 * input unsampled. The population is counted per group with the same filters, so the count is
 * exact for any predicate and join; it reads the item columns only. For the model-assisted
 * estimates, the population's aggregate also takes the mean and spread of the auxiliaries of
 * the group's items ({@code POPULATION_AUXILIARIES}, found by item from the activation, a lazy
 * view), and the estimates take the key of their {@link EstimateSource}, which gives the
 * sampled rows' own auxiliaries, strata and inclusion probabilities.
 */
public final class SamplePopulationRule extends RelRule<BoundaryScanRuleConfig> {
  /** Matches a logical aggregate that calls a {@link PopulationAggregate}. */
  static final BoundaryScanRuleConfig DEFAULT_CONFIG = new BoundaryScanRuleConfig(
      "SamplePopulationRule",
      b -> b.operand(LogicalAggregate.class).predicate(SamplePopulationRule::needsPopulation)
          .anyInputs(),
      RelFactories.LOGICAL_BUILDER, SamplePopulationRule::new);

  SamplePopulationRule(BoundaryScanRuleConfig config) {
    super(config);
  }

  private static boolean needsPopulation(LogicalAggregate aggregate) {
    return aggregate.getAggCallList().stream()
        .anyMatch(c -> PopulationAggregate.of(c.getAggregation()) != null);
  }

  /**
   * The fields of a call's arguments, each cast to its parameter's numeric type where it has
   * another (a level written 0.8 is a DECIMAL; validation accepted it, and the rewritten call
   * is not validated again): the cast is appended to {@code fields}.
   */
  private static List<Integer> castArguments(AggregateCall call, PopulationAggregate function,
      List<RexNode> fields, RelBuilder builder) {
    List<RelDataType> parameters = function.parameterTypes(builder.getTypeFactory());
    List<Integer> args = new ArrayList<>();
    for (int i = 0; i < call.getArgList().size(); i++) {
      int arg = call.getArgList().get(i);
      RelDataType wanted = parameters.get(i);
      RexNode field = fields.get(arg);
      if (SqlTypeUtil.isNumeric(wanted) && SqlTypeUtil.isNumeric(field.getType())
          && wanted.getSqlTypeName() != field.getType().getSqlTypeName()) {
        fields.add(builder.cast(field, wanted.getSqlTypeName()));
        args.add(fields.size() - 1);
      } else {
        args.add(arg);
      }
    }
    return args;
  }

  /** The arguments the rule adds to a call: none if it is not a population aggregate. */
  private static int hidden(AggregateCall call) {
    PopulationAggregate function = PopulationAggregate.of(call.getAggregation());
    return function == null ? 0 : function.hiddenArguments();
  }

  /**
   * Whether an aggregate with grouping sets is Calcite's expansion of {@code COUNT(DISTINCT x)}
   * (grouping sets and a {@code GROUPING} call under the aggregate the user wrote, which this
   * rule rewrites in plain form) rather than the user's own grouping sets, which it refuses.
   */
  private static boolean expandsDistinct(LogicalAggregate aggregate) {
    return aggregate.getAggCallList().stream()
        .anyMatch(c -> c.getAggregation().getKind() == SqlKind.GROUPING);
  }

  @Override public void onMatch(RelOptRuleCall call) {
    LogicalAggregate aggregate = call.rel(0);
    List<AggregateCall> calls = aggregate.getAggCallList();
    boolean simple = aggregate.getGroupType() == Aggregate.Group.SIMPLE;
    for (AggregateCall c : calls) {
      PopulationAggregate function = PopulationAggregate.of(c.getAggregation());
      if (function != null && (c.isDistinct() || !simple && !expandsDistinct(aggregate))) {
        throw new IllegalArgumentException(function.name() + " needs a plain GROUP BY (no"
            + " GROUPING SETS, ROLLUP, CUBE or DISTINCT)");
      }
    }
    if (!simple) {
      return;
    }
    RelBuilder builder = call.builder();
    RelNode input = aggregate.getInput();
    PopulationInput population = PopulationInput.of(input, builder);
    population.requireKnown(aggregate.getGroupSet(), "a GROUP BY key");
    population.requireKnown(calls.stream().filter(c -> c.filterArg >= 0)
        .map(c -> c.filterArg).toList(), "a FILTER condition");
    if (population.populationMissing() != null
        && calls.stream().anyMatch(c -> PopulationAggregate.of(c.getAggregation()) != null
            && hidden(c) < PopulationAggregate.ESTIMATE_BASIS_ARGUMENTS)) {
      throw new IllegalArgumentException(population.populationMissing());
    }
    // One population count per filter the calls use (-1: none).
    List<Integer> filters = new ArrayList<>();
    calls.stream().filter(c -> PopulationAggregate.of(c.getAggregation()) != null)
        .map(c -> c.filterArg).distinct().forEach(filters::add);
    // One population's auxiliaries per activation and filter the estimates use.
    List<List<Integer>> auxiliaries = new ArrayList<>();
    calls.stream().filter(c -> hidden(c) == PopulationAggregate.ESTIMATE_ARGUMENTS)
        .map(c -> List.of(c.getArgList().get(0), c.filterArg)).distinct()
        .forEach(auxiliaries::add);
    String source = calls.stream()
        .anyMatch(c -> hidden(c) >= PopulationAggregate.ESTIMATE_BASIS_ARGUMENTS)
        ? population.estimateSource().register() : "";
    builder.push(population.rel());
    int sourceOfPopulation = builder.fields().size();
    if (!auxiliaries.isEmpty()) {
      List<RexNode> withSource = new ArrayList<>(builder.fields());
      withSource.add(builder.literal(source));
      builder.project(withSource);
    }
    List<RelBuilder.AggCall> counts = new ArrayList<>();
    for (int filter : filters) {
      counts.add(builder.countStar("population")
          .filter(filter < 0 ? null : builder.field(filter)));
    }
    for (List<Integer> auxiliary : auxiliaries) {
      counts.add(builder.aggregateCall(
          PopulationAggregate.populationAuxiliaries(builder.getTypeFactory()),
          builder.field(auxiliary.get(0)), builder.field(sourceOfPopulation))
          .filter(auxiliary.get(1) < 0 ? null : builder.field(auxiliary.get(1))));
    }
    RelNode counted = KeptPopulation.of(builder.aggregate(
        builder.groupKey(aggregate.getGroupSet()), counts).build());

    int width = input.getRowType().getFieldCount();
    int keys = aggregate.getGroupSet().cardinality();
    builder.push(input).push(counted);
    List<RexNode> on = new ArrayList<>();
    int k = 0;
    for (int key : aggregate.getGroupSet()) {
      on.add(builder.isNotDistinctFrom(builder.field(2, 0, key), builder.field(2, 1, k++)));
    }
    builder.join(JoinRelType.INNER, on);
    List<RexNode> fields = new ArrayList<>(builder.fields());
    fields.add(builder.literal(population.design()));
    fields.add(builder.literal(source));
    int designField = width + keys + filters.size() + auxiliaries.size();

    List<AggregateCall> rewritten = new ArrayList<>();
    for (AggregateCall c : calls) {
      PopulationAggregate function = PopulationAggregate.of(c.getAggregation());
      if (function == null) {
        rewritten.add(c);
        continue;
      }
      List<Integer> args = castArguments(c, function, fields, builder);
      args.add(width + keys + filters.indexOf(c.filterArg));
      args.add(designField);
      if (function.hiddenArguments() >= PopulationAggregate.ESTIMATE_BASIS_ARGUMENTS) {
        args.add(designField + 1);
      }
      if (function.hiddenArguments() == PopulationAggregate.ESTIMATE_ARGUMENTS) {
        args.add(width + keys + filters.size()
            + auxiliaries.indexOf(List.of(c.getArgList().get(0), c.filterArg)));
      }
      rewritten.add(AggregateCall.create(function.implementation(builder.getTypeFactory()),
          false, false, false, List.of(), args, c.filterArg, null, c.collation, c.type,
          c.name));
    }
    builder.project(fields);
    RelNode rewrittenAggregate = LogicalAggregate.create(builder.build(), aggregate.getHints(),
        aggregate.getGroupSet(), null, rewritten);
    call.transformTo(aggregate.getGroupSet().isEmpty()
        ? withoutSampledRows(rewrittenAggregate, counted, calls, filters, builder)
        : rewrittenAggregate);
  }

  /**
   * An aggregate without GROUP BY has its one row even when the sample holds none of the
   * rows: its population calls then see no row and give null, where POPULATION_COUNT() is
   * the population's count all the same, and ERROR_ESTIMATOR() {@code none} ({@code exact}
   * for an empty population). The row is joined with the population's count to say so.
   */
  private static RelNode withoutSampledRows(RelNode rewrittenAggregate, RelNode counted,
      List<AggregateCall> calls, List<Integer> filters, RelBuilder builder) {
    builder.push(rewrittenAggregate).push(counted).join(JoinRelType.INNER);
    RexBuilder rexBuilder = builder.getRexBuilder();
    int width = rewrittenAggregate.getRowType().getFieldCount();
    List<RexNode> fields = new ArrayList<>();
    for (int i = 0; i < calls.size(); i++) {
      AggregateCall c = calls.get(i);
      RexNode value = builder.field(i);
      PopulationAggregate function = PopulationAggregate.of(c.getAggregation());
      if (function == null) {
        fields.add(value);
        continue;
      }
      RexNode count = builder.field(width + filters.indexOf(c.filterArg));
      RelDataType type = value.getType();
      if (function.name().equals("POPULATION_COUNT")) {
        value = builder.call(SqlStdOperatorTable.CASE, builder.isNull(value), count, value);
      } else if (function.name().equals("ERROR_ESTIMATOR")) {
        value = builder.call(SqlStdOperatorTable.CASE, builder.isNull(value),
            builder.call(SqlStdOperatorTable.CASE,
                builder.equals(count, builder.literal(0L)),
                rexBuilder.makeLiteral(EstimateBasis.EXACT.label(), type, false),
                rexBuilder.makeLiteral(EstimateBasis.NONE.label(), type, false)),
            value);
      } else if (function.name().equals("ESTIMATE_BASIS")) {
        value = builder.call(SqlStdOperatorTable.CASE, builder.isNull(value),
            builder.call(SqlStdOperatorTable.CASE,
                builder.equals(count, builder.literal(0L)),
                rexBuilder.makeLiteral(EstimateSource.EXACT, type, false),
                rexBuilder.makeLiteral("none: the sample holds no item of the group", type,
                    false)),
            value);
      }
      fields.add(value);
    }
    return builder.project(fields, rewrittenAggregate.getRowType().getFieldNames(), true)
        .build();
  }
}
