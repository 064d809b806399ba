/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.prepare.RelOptTableImpl;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.boundarysql.store.Layer;
import org.boundarysql.store.Store;
import org.boundarysql.store.StoreTokens;
import org.boundarysql.store.TokenLayer;
import org.boundarysql.task.Cancellation;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.List;

/**
 * Table {@code LAYER_tokens} of a layer with a row per position of its items' token sequences:
 * one row per unpadded position ({@code tokens.csv}) with {@code id}, {@code position},
 * {@code token_id}, {@code token}, the item columns and that position's {@code activation};
 * restricted to a sample, every token of the sampled items.
 */
public final class TokensTable extends AbstractTable implements SampleableTable {
  /** The suffix of a token table's name after its layer's. */
  public static final String SUFFIX = "_tokens";
  private static final int CHECK_MASK = 1023;

  private final Store store;
  private final Layer layer;
  private final StoreTokens tokens;
  private final @Nullable SampledRows sample;

  TokensTable(Store store, Layer layer, StoreTokens tokens, @Nullable SampledRows sample) {
    this.store = store;
    this.layer = layer;
    this.tokens = tokens;
    this.sample = sample;
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
    return layer.name() + SUFFIX;
  }

  @Override public TokensTable restrictTo(@Nullable SampledRows sampled) {
    return new TokensTable(store, layer, tokens, sampled);
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

  /** Every row, as {@code Object[]}; called by the code {@link TokensTableScan} generates. */
  public Enumerable<Object[]> scan() {
    boolean[] kept = null;
    if (sample != null) {
      kept = new boolean[store.items().size()];
      for (int row : sample.rows()) {
        kept[row] = true;
      }
    }
    boolean[] keep = kept;
    TokenLayer rows = new TokenLayer(layer, tokens);
    return new AbstractEnumerable<>() {
      @Override public Enumerator<Object[]> enumerator() {
        return new Enumerator<>() {
          private int token = -1;

          @Override public Object[] current() {
            int item = tokens.row(token);
            Object[] values = new Object[4 + ItemColumn.COUNT];
            values[0] = store.items().id(item);
            values[1] = tokens.position(token);
            values[2] = tokens.tokenId(token);
            values[3] = tokens.token(token);
            for (int c = 1; c < ItemColumn.COUNT; c++) {
              values[3 + c] = ItemColumn.at(c).value(store.items(), item);
            }
            values[3 + ItemColumn.COUNT] = rows.row(token);
            return values;
          }

          @Override public boolean moveNext() {
            do {
              token++;
              if ((token & CHECK_MASK) == CHECK_MASK) {
                Cancellation.checkCurrent();
              }
            } while (keep != null && token < tokens.size() && !keep[tokens.row(token)]);
            return token < tokens.size();
          }

          @Override public void reset() {
            token = -1;
          }

          @Override public void close() {
          }
        };
      }
    };
  }
}
