/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.prepare.RelOptTableImpl;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.util.ImmutableBitSet;
import org.boundarysql.adapter.function.ScanAggregate;
import org.boundarysql.adapter.function.ScanEstimates;
import org.boundarysql.kernel.ParallelRows;
import org.boundarysql.kernel.RowAccumulator;
import org.boundarysql.kernel.RowSource;
import org.boundarysql.store.Store;
import org.boundarysql.task.Cancellation;

import com.google.common.collect.ImmutableList;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * Table over the items of a store, all of them or a sample; a row is an {@code Object[]}
 * whose first columns are the {@link ItemColumn}s.
 *
 * <p>A scan may be given the columns to build and a filter on the item columns (see
 * {@link BoundaryRules}): the filter is tested on the store's primitive arrays, so
 * a row that fails it costs no allocation, and only the requested columns are built.
 */
public abstract class StoreTable extends AbstractTable implements SampleableTable,
    FixedLengthArrays {
  /** Rows between two looks at the query's cancellation, less one. */
  private static final int CHECK_MASK = 1023;
  protected final Store store;
  private final @Nullable SampledRows sample;
  private volatile @Nullable ItemPartitions partitions;
  /** This table over every item, once a sample's population asked for it. */
  private volatile @Nullable StoreTable whole;

  protected StoreTable(Store store, @Nullable SampledRows sample) {
    this.store = store;
    this.sample = sample;
  }

  /** The sample this table is restricted to, or null for every item. */
  public @Nullable SampledRows sample() {
    return sample;
  }

  /** The table's name in its store's schema. */
  public abstract String name();

  /** A table of the same kind restricted to a sample (null: every item). */
  @Override public abstract StoreTable restrictTo(@Nullable SampledRows sample);

  /** Adds the item columns every table has. */
  protected RelDataTypeFactory.Builder itemColumns(RelDataTypeFactory typeFactory) {
    RelDataTypeFactory.Builder builder = typeFactory.builder();
    for (ItemColumn column : ItemColumn.values()) {
      builder.add(column.columnName(), column.type());
    }
    return builder;
  }

  /** Number of columns of a row. */
  protected abstract int columnCount();

  /** No column of one length here; a layer's activation column has its width. */
  @Override public int fixedArrayLength(int column) {
    return -1;
  }

  /** The value of one column of one item; columns after the item columns are the subclass's. */
  protected Object value(int row, int column) {
    ItemColumn item = ItemColumn.at(column);
    if (item == null) {
      throw new IndexOutOfBoundsException("column " + column);
    }
    return item.value(store.items(), row);
  }

  /** Number of rows: the sample's size, or the store's item count. */
  public int rowCount() {
    return sample == null ? store.items().size() : sample.rows().length;
  }

  @Override public Statistic getStatistic() {
    return Statistics.of(rowCount(), ImmutableList.of(ImmutableBitSet.of(ItemColumn.ID.ordinal())));
  }

  /** The values of some rows' columns, as a scan reads them. */
  @FunctionalInterface
  protected interface ColumnValues {
    Object value(int row, int column);
  }

  /**
   * The values of the given columns for the rows a scan reads ({@code rows}, ascending; null:
   * every item): the table's own {@link #value}, unless a subclass computes what it reads (see
   * {@link LayerTable}).
   */
  protected ColumnValues prepare(int @Nullable [] rows, int[] columns,
      @Nullable LayerDemand demand) {
    return this::value;
  }

  /** Whether a scan building {@code columns} reads activations computed on demand. */
  boolean computesOnDemand(int[] columns) {
    return false;
  }

  /**
   * What a scan with this filter computes before its first row, for EXPLAIN: the layer, its
   * rows and how many are cached now; null if nothing is computed on demand.
   */
  @Nullable String computation(ItemFilter filter) {
    return null;
  }

  /** Returns the rows that pass {@code filter}, each holding the given columns. */
  public Enumerable<Object> scan(int[] columns, ItemFilter filter) {
    return scan(columns, filter, null);
  }

  /**
   * Returns the rows that pass {@code filter}, each holding the given columns: an
   * {@code Object[]}, or the value itself if there is one column. The rows of a layer computed
   * on demand are computed (with the other layers of {@code demand}) as their activations are
   * read. Called by the code that {@link BoundaryTableScan} generates.
   */
  public Enumerable<Object> scan(int[] columns, ItemFilter filter,
      @Nullable LayerDemand demand) {
    final boolean scalar = columns.length == 1;
    return new AbstractEnumerable<>() {
      @Override public Enumerator<Object> enumerator() {
        return new Enumerator<>() {
          // The rows that pass, found column by column when the first row is asked for.
          private int @Nullable [] rows;
          private @Nullable ColumnValues values;
          private int count;
          private int position = -1;

          @Override public Object current() {
            int row = rows == null ? position : rows[position];
            if (scalar) {
              return values.value(row, columns[0]);
            }
            Object[] result = new Object[columns.length];
            for (int i = 0; i < columns.length; i++) {
              result[i] = values.value(row, columns[i]);
            }
            return result;
          }

          @Override public boolean moveNext() {
            if (position == -1 && count == 0) {
              Cancellation.checkCurrent();
              rows = rowsPassing(filter);
              count = rows == null ? store.items().size() : rows.length;
              values = prepare(rows, columns, demand);
            }
            if ((position & CHECK_MASK) == CHECK_MASK) {
              Cancellation.checkCurrent(); // a query timeout or a closed statement stops long scans
            }
            return ++position < count;
          }

          @Override public void reset() {
            position = -1;
          }

          @Override public void close() {
          }
        };
      }
    };
  }

  /**
   * The groups of the rows that pass {@code filter} by the item columns {@code keys}, one row
   * each: the keys' values, then each aggregate's result; the value itself if that is one.
   * Activations computed on demand are computed first, with the other layers of
   * {@code demand}. Called by the code that {@link BoundaryTableAggregate} generates.
   */
  public Enumerable<Object> aggregate(ItemColumn[] keys, ScanAggregate[] aggregates,
      ItemFilter filter, @Nullable LayerDemand demand) {
    return new AbstractEnumerable<>() {
      @Override public Enumerator<Object> enumerator() {
        Cancellation.checkCurrent();
        int[] rows = rowsPassing(filter);
        ItemGroups groups = ItemGroups.of(store.items(), rows, keys);
        KernelAggregates computed = new KernelAggregates(aggregates);
        List<IntFunction<? extends RowAccumulator<?>>> kernels = computed.kernels();
        boolean estimates = Arrays.stream(aggregates).anyMatch(a -> a.kind().isEstimate());
        RowSource activations = kernels.isEmpty() && !estimates ? null
            : activations(rows, demand);
        List<Object> results = computed.rows(groups.size(), keys.length,
            (group, key) -> groups.key(group, keys[key]),
            groups.accumulate(activations, kernels), groups.counts());
        if (estimates) {
          estimate(results, keys, aggregates, filter, groups, activations);
        }
        return Linq4j.enumerator(results);
      }
    };
  }

  /**
   * Puts the model-assisted estimates among {@code aggregates} into each group's row of
   * {@code results} ({@link ScanEstimates}): a group's population is the rows of the whole
   * table that pass {@code filter} with the group's keys.
   */
  private void estimate(List<Object> results, ItemColumn[] keys, ScanAggregate[] aggregates,
      ItemFilter filter, ItemGroups groups, RowSource activations) {
    SampledRows drawn = Objects.requireNonNull(sample, "an estimate computed in a scan of no"
        + " sample");
    ScanEstimates estimates = ScanEstimates.of(store, drawn.draw(),
        drawn.spec().method().methodName(), activations);
    Map<List<Object>, ScanEstimates.Population> populations =
        SamplePopulations.of(whole(), filter, keys);
    int[][] sampledByGroup = groups.rowsByGroup();
    Object[][] estimated = new Object[groups.size()][];
    // The groups on every core, as the plain aggregates' rows, when they are worth it.
    long sampled = Arrays.stream(sampledByGroup).mapToLong(r -> r.length).sum();
    ParallelRows.inParts(groups.size(), (int) Math.min(Integer.MAX_VALUE,
        sampled * activations.width() / Math.max(1, groups.size())), (from, to) -> {
          for (int g = from; g < to; g++) {
            Cancellation.checkCurrent();
            ScanEstimates.Population population =
                populations.get(SamplePopulations.keyValues(groups, g, keys));
            estimated[g] = estimates.results(aggregates, sampledByGroup[g],
                Objects.requireNonNull(population, "a sampled group outside the population"));
          }
          return null;
        }, (merged, part) -> null);
    for (int g = 0; g < groups.size(); g++) {
      Object[] values = estimated[g];
      for (int i = 0; i < aggregates.length; i++) {
        if (!aggregates[i].kind().isEstimate()) {
          continue;
        }
        if (results.get(g) instanceof Object[] row) {
          row[keys.length + i] = values[i];
        } else {
          results.set(g, values[i]);
        }
      }
    }
  }

  /** This table over every item, for a sample's population. */
  private StoreTable whole() {
    StoreTable w = whole;
    if (w == null) {
      w = restrictTo(null);
      whole = w;
    }
    return w;
  }

  /** Whether this table has an activation column. */
  boolean hasActivations() {
    return false;
  }

  /**
   * The activations of {@code rows} (null: every item) of this table, computed first if they
   * are computed on demand; null if the table has none.
   */
  protected @Nullable RowSource activations(int @Nullable [] rows,
      @Nullable LayerDemand demand) {
    return null;
  }

  /**
   * The rows of this table that pass a filter, ascending; null for every item of the store.
   * Conditions on split, label and correct choose partitions (see {@link ItemPartitions}); the
   * others are tested on the rows of those partitions only.
   */
  int @Nullable [] rowsPassing(ItemFilter filter) {
    int[] domain = sample == null ? null : sample.rows();
    if (filter.choosesPartitions()) {
      domain = partitions().rows(filter);
      filter = filter.withoutPartitionConditions();
    }
    return filter.select(store.items(), domain);
  }

  private ItemPartitions partitions() {
    ItemPartitions p = partitions;
    if (p == null) {
      p = new ItemPartitions(store, sample == null ? null : sample.rows());
      partitions = p;
    }
    return p;
  }

  /**
   * Scans this table. A sampled table comes from the sample macro, whose tables Calcite names
   * after the macro; it is renamed after the store and table, or the planner would take scans
   * of two layers sampled alike for the same scan.
   */
  @Override public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
    RelOptTable named = sample == null ? relOptTable
        : RelOptTableImpl.create(relOptTable.getRelOptSchema(), relOptTable.getRowType(),
            List.of(store.name(), name()), this, (Expression) null);
    return new BoundaryLogicalTableScan(context.getCluster(), named, this);
  }

  @Override public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    return rowType(typeFactory);
  }

  protected abstract RelDataType rowType(RelDataTypeFactory typeFactory);
}
