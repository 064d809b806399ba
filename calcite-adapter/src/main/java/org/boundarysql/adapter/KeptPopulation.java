/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.linq4j.function.Function0;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Blocks;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.SqlExplainLevel;
import org.boundarysql.store.Store;
import org.boundarysql.task.KeptResults;

import java.util.ArrayList;
import java.util.List;

/**
 * The per-group population of a sampled aggregate ({@link SamplePopulationRule}: each group's
 * count and the moments of its items' auxiliaries), kept for the next run: it depends only on
 * the stores read and on the population's plan (its tables, filters, joins and grouping), not
 * on the sample, so the same query run again, or prepared once and run many times, reads its
 * population's rows once. Without it a warm estimate's query would read every item of its
 * groups each time (60,000 rows of the example's train split, through Calcite's aggregate).
 *
 * <p>A population is known by its plan's text (every expression and literal in it) and the
 * stores it reads, by identity (a store opened again is another); a plan with a dynamic
 * parameter is not kept, since its text does not hold the parameter's value. The groups' rows
 * of at most {@value #KEPT_VALUES} values in all are kept, the least recently used dropped
 * first.
 */
public final class KeptPopulation extends SingleRel implements EnumerableRel {
  /** The most values (fields, and the elements of array fields) the kept rows hold. */
  static final int KEPT_VALUES = 1 << 20;

  /** What decides a population's rows: its plan's text and the stores it reads. */
  public record Key(String plan, List<Store> stores) {
    @Override public boolean equals(Object o) {
      if (!(o instanceof Key k) || !k.plan.equals(plan) || k.stores.size() != stores.size()) {
        return false;
      }
      for (int i = 0; i < stores.size(); i++) {
        if (k.stores.get(i) != stores.get(i)) {
          return false;
        }
      }
      return true;
    }

    @Override public int hashCode() {
      int hash = plan.hashCode();
      for (Store store : stores) {
        hash = 31 * hash + System.identityHashCode(store);
      }
      return hash;
    }
  }

  /** A population's rows and the values they hold. */
  private record Kept(List<?> rows, long values) { }

  private static final KeptResults<Key, Kept> KEPT =
      new KeptResults<>(KEPT_VALUES, (key, kept) -> kept.values());

  private final Key key;

  private KeptPopulation(RelOptCluster cluster, RelTraitSet traits, RelNode input, Key key) {
    super(cluster, traits, input);
    this.key = key;
  }

  /**
   * The population's rows {@code counted}, kept between runs; as they are if their plan has a
   * dynamic parameter or reads a table other than a store's.
   */
  static RelNode of(RelNode counted) {
    List<Store> stores = new ArrayList<>();
    if (hasParameters(counted) || !storesRead(counted, stores)) {
      return counted;
    }
    RelTraitSet traits = counted.getTraitSet().replace(EnumerableConvention.INSTANCE);
    return new KeptPopulation(counted.getCluster(), traits, RelOptRule.convert(counted, traits),
        new Key(RelOptUtil.toString(counted, SqlExplainLevel.DIGEST_ATTRIBUTES),
            List.copyOf(stores)));
  }

  /**
   * Adds the stores a plan's scans read to {@code stores}; false if a scan reads a table that
   * is not a store's, whose rows may change between runs.
   */
  private static boolean storesRead(RelNode rel, List<Store> stores) {
    if (rel instanceof BoundaryLogicalTableScan scan) {
      stores.add(scan.storeTable.store);
      return true;
    }
    if (rel instanceof TokensTableScan scan) {
      stores.add(scan.tokensTable().store());
      return true;
    }
    if (rel instanceof TableScan) {
      return false;
    }
    return rel.getInputs().stream().allMatch(input -> storesRead(input, stores));
  }

  private static boolean hasParameters(RelNode rel) {
    boolean[] found = {false};
    rel.accept(new RexShuttle() {
      @Override public RexNode visitDynamicParam(RexDynamicParam parameter) {
        found[0] = true;
        return parameter;
      }
    });
    return found[0] || rel.getInputs().stream().anyMatch(KeptPopulation::hasParameters);
  }

  @Override public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new KeptPopulation(getCluster(), traitSet, sole(inputs), key);
  }

  @Override public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw).item("kept", "between runs");
  }

  @Override public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    Result input = implementor.visitChild(this, 0, (EnumerableRel) getInput(), pref);
    // The input's code in a function run only if the rows are not kept: an aggregate's code
    // reads its input's rows as it runs, before anything asks for its own.
    BlockBuilder population = new BlockBuilder();
    Expression rows = population.append("population", input.block);
    population.add(Expressions.return_(null, rows));
    return implementor.result(input.physType, Blocks.toBlock(Expressions.call(
        KeptPopulation.class, "rows", implementor.stash(key, Key.class),
        Expressions.lambda(Function0.class, population.toBlock()))));
  }

  /** The rows of a population, found again or read from {@code population}'s. */
  public static <T> Enumerable<T> rows(Key key, Function0<Enumerable<T>> population) {
    Kept kept = KEPT.get(key, () -> {
      List<T> rows = population.apply().into(new ArrayList<>());
      return new Kept(rows, rows.stream().mapToLong(KeptPopulation::values).sum());
    });
    @SuppressWarnings("unchecked")
    List<T> rows = (List<T>) kept.rows();
    return Linq4j.asEnumerable(rows);
  }

  /** The values a row holds: one per field, an array field's elements each. */
  private static long values(Object row) {
    if (row instanceof Object[] fields) {
      long values = 0;
      for (Object field : fields) {
        values += values(field);
      }
      return values;
    }
    return row instanceof List<?> list ? list.size() : 1;
  }
}
