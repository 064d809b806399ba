/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
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
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.boundarysql.adapter.function.ScanAggregate;
import org.boundarysql.ondemand.OnDemandLayers;
import org.boundarysql.store.Layer;
import org.boundarysql.store.LayerSpec;
import org.boundarysql.store.Store;
import org.boundarysql.store.StoreTokens;
import org.boundarysql.store.TokenLayer;
import org.boundarysql.store.TokenOrder;
import org.boundarysql.task.Cancellation;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Table {@code LAYER_tokens} of a layer with a row per position of its items' token sequences:
 * one row per unpadded position ({@code tokens.csv}) with {@code id}, {@code position},
 * {@code token_id}, {@code token}, the item columns and that position's {@code activation};
 * restricted to a sample, every token of the sampled items; filtered on item columns, every
 * token of the items that pass. For a layer computed on demand, the layer's rows of those
 * items only are computed (or read from the row cache): by an aggregate at once, by a scan as
 * it reads them.
 */
public final class TokensTable extends AbstractTable implements SampleableTable,
    FixedLengthArrays {
  /** The suffix of a token table's name after its layer's. */
  public static final String SUFFIX = "_tokens";
  /** The columns {@code token_id} and {@code token}, by their position in the row type. */
  private static final int TOKEN_ID = 2;
  private static final int TOKEN = 3;
  private static final int CHECK_MASK = 1023;

  private final Store store;
  private final LayerSpec spec;
  /** The stored layer, or null if the layer is computed on demand. */
  private final @Nullable Layer layer;
  private final @Nullable OnDemandLayers onDemand;
  /** The most seconds a computation of an on-demand layer's rows may be estimated to take. */
  private final double budgetSeconds;
  private final StoreTokens tokens;
  private final @Nullable SampledRows sample;
  /** Conditions on the item columns that a row's item must pass. */
  private final ItemFilter filter;

  TokensTable(Store store, Layer layer, StoreTokens tokens, @Nullable SampledRows sample) {
    this(store, layer.spec(), layer, null, Double.POSITIVE_INFINITY, tokens, sample,
        ItemFilter.ALL);
  }

  /**
   * The table of an on-demand layer's tokens: the layer's rows of the items a scan reads are
   * computed (or found in the row cache) with a budget of {@code budgetSeconds}.
   */
  TokensTable(Store store, LayerSpec spec, OnDemandLayers onDemand, double budgetSeconds,
      StoreTokens tokens) {
    this(store, spec, null, onDemand, budgetSeconds, tokens, null, ItemFilter.ALL);
  }

  private TokensTable(Store store, LayerSpec spec, @Nullable Layer layer,
      @Nullable OnDemandLayers onDemand, double budgetSeconds, StoreTokens tokens,
      @Nullable SampledRows sample, ItemFilter filter) {
    this.store = store;
    this.spec = spec;
    this.layer = layer;
    this.onDemand = onDemand;
    this.budgetSeconds = budgetSeconds;
    this.tokens = tokens;
    this.sample = sample;
    this.filter = filter;
  }

  /** The store whose tokens these are. */
  Store store() {
    return store;
  }

  /** The sample this table is restricted to, or null for every item's tokens. */
  @Nullable SampledRows sample() {
    return sample;
  }

  /** The table's name: the layer's, then {@link #SUFFIX}. */
  public String name() {
    return spec.name() + SUFFIX;
  }

  /** The table restricted to a sample (null: every item), keeping its filter. */
  @Override public TokensTable restrictTo(@Nullable SampledRows sampled) {
    return new TokensTable(store, spec, layer, onDemand, budgetSeconds, tokens, sampled, filter);
  }

  /** The table of the rows whose items also pass {@code more}. */
  TokensTable filtered(ItemFilter more) {
    return new TokensTable(store, spec, layer, onDemand, budgetSeconds, tokens, sample,
        filter.and(more));
  }

  /** The conditions on item columns a row's item passes. */
  ItemFilter filter() {
    return filter;
  }

  /** Each column's {@link ItemColumn} position, -1 for the columns that are not one. */
  static int[] itemColumns() {
    int[] columns = new int[activationColumn() + 1];
    Arrays.fill(columns, -1);
    columns[0] = ItemColumn.ID.ordinal();
    for (int c = 1; c < ItemColumn.COUNT; c++) {
      columns[3 + c] = c;
    }
    return columns;
  }

  @Override public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    RelDataTypeFactory.Builder builder = typeFactory.builder()
        .add(ItemColumn.ID.columnName(), ItemColumn.ID.type())
        .add("position", SqlTypeName.INTEGER)
        .add("token_id", SqlTypeName.BIGINT)
        .add("token", typeFactory.createTypeWithNullability(
            typeFactory.createSqlType(SqlTypeName.VARCHAR), true));
    for (ItemColumn column : ItemColumn.values()) {
      if (column != ItemColumn.ID) {
        builder.add(column.columnName(), column.type());
      }
    }
    return builder.add("activation", typeFactory.createArrayType(
        typeFactory.createSqlType(SqlTypeName.REAL), -1)).build();
  }

  /**
   * Scans this table. A sampled table comes from the sample macro; it is renamed after the
   * store and table, as {@link StoreTable} does.
   */
  @Override public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
    RelOptTable named = sample == null ? relOptTable
        : RelOptTableImpl.create(relOptTable.getRelOptSchema(), relOptTable.getRowType(),
            List.of(store.name(), name()), this, (Expression) null);
    return new TokensTableScan(context.getCluster(), named, this);
  }

  /** The activation column's arrays have the layer's values per position. */
  @Override public int fixedArrayLength(int column) {
    return column == activationColumn() ? spec.width() / tokens.length() : -1;
  }

  /** The column holding the activation; those before it hold numbers and text. */
  static int activationColumn() {
    return TOKEN + ItemColumn.COUNT;
  }

  /** Whether a column's values are never null (all but the token text). */
  static boolean notNull(int column) {
    return column != TOKEN;
  }

  /** The value of a column before the activation of token row {@code token}. */
  Object value(int token, int column) {
    int item = tokens.row(token);
    return switch (column) {
      case 0 -> store.items().id(item);
      case 1 -> tokens.position(token);
      case TOKEN_ID -> tokens.tokenId(token);
      case TOKEN -> tokens.token(token);
      default -> ItemColumn.at(column - TOKEN).value(store.items(), item);
    };
  }

  /** Whether {@link #code} numbers the values of a column before the activation. */
  static boolean coded(int column) {
    return column <= TOKEN;
  }

  /**
   * A number for the value of column {@code column} (one that is {@link #coded}) of token row
   * {@code token}, equal for equal values only: the item's id, the position, the token id, or
   * the number of the token's text (-1 for none).
   */
  long code(int token, int column) {
    return switch (column) {
      case 0 -> store.items().id(tokens.row(token));
      case 1 -> tokens.position(token);
      case TOKEN_ID -> tokens.tokenId(token);
      case TOKEN -> tokens.textCode(token);
      default -> throw new IllegalArgumentException("column " + column + " has no code");
    };
  }

  /**
   * The items whose tokens this table holds, ascending store rows: those sampled (or all)
   * that pass the filter; null for every item.
   */
  int @Nullable [] items() {
    return filter.select(store.items(), sample == null ? null : sample.rows());
  }

  /** The token rows of {@code items} (null: every item), ascending. */
  int[] rows(int @Nullable [] items) {
    if (items == null) {
      int[] all = new int[tokens.size()];
      Arrays.setAll(all, t -> t);
      return all;
    }
    boolean[] kept = new boolean[store.items().size()];
    for (int row : items) {
      kept[row] = true;
    }
    return IntStream.range(0, tokens.size()).filter(t -> kept[tokens.row(t)]).toArray();
  }

  /**
   * The demand of the plan {@code implementor} implements, with this table's layer added;
   * null for a stored layer.
   */
  @Nullable LayerDemand demand(EnumerableRelImplementor implementor) {
    return onDemand == null ? null : LayerDemand.of(implementor, store, spec);
  }

  /**
   * What a scan of this table computes on demand before its first row ("LAYER for N rows, M
   * cached": its items' rows of the layer), or null for a stored layer.
   */
  @Nullable String computation() {
    if (onDemand == null) {
      return null;
    }
    int[] items = items();
    return String.format(Locale.ROOT, "%s for %d rows, %d cached", spec.name(),
        items == null ? store.items().size() : items.length, onDemand.cachedRows(spec, items));
  }

  /**
   * The activations of the token rows of {@code items} (null: every item): the stored
   * layer's, or the on-demand layer's rows of those items only, computed unless cached: all
   * at once, or, {@code whenRead}, in windows of items as a scan reads their tokens (so that
   * one stopped early computes what it reached), with the same rows of the demand's other
   * layers (null: none).
   */
  private TokenLayer activations(int @Nullable [] items, boolean whenRead,
      @Nullable LayerDemand demand) {
    if (layer != null) {
      return new TokenLayer(layer, tokens);
    }
    List<LayerSpec> run = demand == null ? List.of(spec) : demand.layers();
    return new TokenLayer(whenRead ? onDemand.rowsWhenRead(run, spec, items, budgetSeconds)
        : onDemand.rows(run, spec, items, budgetSeconds), tokens);
  }

  /**
   * Every row, as {@code Object[]}, computing an on-demand layer's rows with the other layers
   * of the statement's {@code demand} (null: none); called by the code {@link TokensTableScan}
   * generates.
   */
  public Enumerable<Object[]> scan(@Nullable LayerDemand demand) {
    return new AbstractEnumerable<>() {
      @Override public Enumerator<Object[]> enumerator() {
        return new Enumerator<>() {
          private int @Nullable [] rows;
          private @Nullable TokenLayer activations;
          private int position = -1;

          @Override public Object[] current() {
            Object[] values = new Object[activationColumn() + 1];
            for (int c = 0; c < activationColumn(); c++) {
              values[c] = value(rows[position], c);
            }
            values[activationColumn()] = activations.row(rows[position]);
            return values;
          }

          @Override public boolean moveNext() {
            if (rows == null) {
              int[] items = items();
              rows = rows(items);
              activations = activations(items, true, demand);
            }
            if ((position & CHECK_MASK) == CHECK_MASK) {
              Cancellation.checkCurrent();
            }
            return ++position < rows.length;
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
   * The layer's token rows in the store's {@link TokenOrder}, for a {@code GROUP BY} of
   * {@code keys} that has its groups: a stored layer's copy in that order (the layer itself
   * when no activation is read, {@code noKernels}); empty for other keys, a layer computed on
   * demand, or a copy that cannot be written.
   */
  private Optional<Layer> ordered(int[] keys, boolean noKernels) {
    if (layer == null || keys.length != 1
        || !store.tokenOrder().map(order -> keys[0] == TOKEN_ID ? order.groupsIds()
            : keys[0] == TOKEN && order.groupsTexts()).orElse(false)) {
      return Optional.empty();
    }
    return noKernels ? Optional.of(layer) : store.tokenOrdered(layer);
  }

  /**
   * The groups of this table's rows by {@code keys} (columns before the activation), one row
   * each: the keys' values, then each aggregate's result; the value itself if that is one. The
   * aggregates' kernels read the activations as the layer tables' do ({@link TokenGroups});
   * grouped by token, from the layer's copy in token order, a group at a time
   * ({@link OrderedTokenGroups}). Called by the code that {@link TokensAggregate} generates.
   */
  public Enumerable<Object> aggregate(int[] keys, ScanAggregate[] aggregates,
      @Nullable LayerDemand demand) {
    return new AbstractEnumerable<>() {
      @Override public Enumerator<Object> enumerator() {
        Cancellation.checkCurrent();
        int[] items = items();
        KernelAggregates computed = new KernelAggregates(aggregates);
        List<Object> results = ordered(keys, computed.kernels().isEmpty())
            .map(ordered -> {
              OrderedTokenGroups groups = OrderedTokenGroups.of(TokensTable.this,
                  store.tokenOrder().orElseThrow(), items, store.items().size());
              return computed.rows(groups.size(), keys.length, (g, k) -> groups.key(g, keys[k]),
                  groups.accumulate(ordered, computed.kernels()), groups.counts());
            })
            .orElseGet(() -> {
              TokenGroups groups = TokenGroups.of(TokensTable.this, rows(items), keys);
              return computed.rows(groups.size(), keys.length, groups::key,
                  // no kernel, no activation read: nothing to compute
                  groups.accumulate(activations(items, computed.kernels().isEmpty(), demand),
                      computed.kernels()),
                  groups.counts());
            });
        return Linq4j.enumerator(results);
      }
    };
  }
}
