/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.plan.RelOptRule;

import java.util.List;

/** The adapter's planner rules, registered by each {@link BoundaryLogicalTableScan}. */
public final class BoundaryRules {
  private BoundaryRules() {
  }

  /** Rule that pushes a projection's columns into the scan below it. */
  public static final BoundaryProjectScanRule PROJECT_SCAN =
      BoundaryProjectScanRule.DEFAULT_CONFIG.toRule(BoundaryProjectScanRule.class);

  /** Rule that pushes a filter's comparisons of item columns into the scan below it. */
  public static final BoundaryFilterScanRule FILTER_SCAN =
      BoundaryFilterScanRule.DEFAULT_CONFIG.toRule(BoundaryFilterScanRule.class);

  /** Rule that narrows the scan below an aggregate to the columns the aggregate reads. */
  public static final BoundaryAggregateScanRule AGGREGATE_SCAN =
      BoundaryAggregateScanRule.DEFAULT_CONFIG.toRule(BoundaryAggregateScanRule.class);

  /** Rule that lets a scan compute the aggregate on it. */
  public static final BoundaryTableAggregateRule TABLE_AGGREGATE =
      BoundaryTableAggregateRule.DEFAULT_CONFIG.toRule(BoundaryTableAggregateRule.class);

  /** Rule that lets a scan compute the aggregate on a projection of it. */
  public static final BoundaryTableAggregateRule TABLE_AGGREGATE_PROJECT =
      BoundaryTableAggregateRule.PROJECT_CONFIG.toRule(BoundaryTableAggregateRule.class);

  /** Rule that pushes a filter's comparisons of item columns into a tokens table's scan. */
  public static final TokensFilterRule TOKENS_FILTER =
      TokensFilterRule.DEFAULT_CONFIG.toRule(TokensFilterRule.class);

  /** Rule that lets a tokens table compute the aggregate on its scan. */
  public static final TokensAggregateRule TOKENS_AGGREGATE =
      TokensAggregateRule.DEFAULT_CONFIG.toRule(TokensAggregateRule.class);

  /** Rule that converts a logical scan to enumerable convention. */
  public static final BoundaryTableScanRule TO_ENUMERABLE =
      BoundaryTableScanRule.DEFAULT_CONFIG.toRule(BoundaryTableScanRule.class);

  /** Rule that gives coverage and error aggregates each group's population. */
  public static final SamplePopulationRule SAMPLE_POPULATION =
      SamplePopulationRule.DEFAULT_CONFIG.toRule(SamplePopulationRule.class);

  /** Every rule above, in the order a scan registers them. */
  public static final List<RelOptRule> RULES = List.of(PROJECT_SCAN, FILTER_SCAN,
      AGGREGATE_SCAN, TABLE_AGGREGATE, TABLE_AGGREGATE_PROJECT, TOKENS_FILTER, TOKENS_AGGREGATE,
      TO_ENUMERABLE,
      SAMPLE_POPULATION);
}
