/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.rules.CoreRules;
import org.boundarysql.adapter.prepare.BoundaryPrepare;

/**
 * BoundarySQL's preparation with what stores' tables need: the {@link BoundaryRules} for
 * every query (each scan registers them too, but a query whose scans were all simplified away,
 * {@code WHERE id > id}, still needs {@link SamplePopulationRule} for POPULATION_COUNT), and
 * repeatable BERNOULLI samples as filters on ids ({@link RepeatableBernoulli}) before trimming
 * takes the ids away.
 */
public class StorePrepare extends BoundaryPrepare {
  /** Creates a preparation. */
  public StorePrepare() {
  }

  @Override protected void registerRules(RelOptPlanner planner) {
    planner.removeRule(CoreRules.AGGREGATE_PROJECT_MERGE);
    BoundaryRules.RULES.forEach(planner::addRule);
  }

  @Override protected RelNode beforeTrimming(RelNode rel) {
    return RepeatableBernoulli.rewrite(rel);
  }
}
