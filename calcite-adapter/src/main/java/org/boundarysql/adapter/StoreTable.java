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
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.ImmutableBitSet;
import org.boundarysql.store.Items;
import org.boundarysql.store.Store;

import com.google.common.collect.ImmutableList;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Table over the items of a store, all of them or a sample; a row is an {@code Object[]}
 * whose first columns are {@code id, split, label, predicted, correct}.
 *
 * <p>A scan may be given the columns to build and a filter on the item columns (see
 * {@link BoundaryTableScan}'s rules): the filter is tested on the store's primitive arrays, so
 * a row that fails it costs no allocation, and only the requested columns are built.
 */
public abstract class StoreTable extends AbstractTable implements TranslatableTable {
  /** Number of item columns every table starts with. */
  static final int ITEM_COLUMNS = 5;

  protected final Store store;
  private final @Nullable SampledRows sample;
  private volatile @Nullable Partitions partitions;

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

  /** A table of the same kind restricted to a sample. */
  public abstract StoreTable restrictTo(SampledRows sample);

  /** Adds the item columns every table has. */
  protected RelDataTypeFactory.Builder itemColumns(RelDataTypeFactory typeFactory) {
    return typeFactory.builder()
        .add("id", SqlTypeName.BIGINT)
        .add("split", SqlTypeName.VARCHAR).nullable(false)
        .add("label", SqlTypeName.INTEGER)
        .add("predicted", SqlTypeName.INTEGER)
        .add("correct", SqlTypeName.BOOLEAN);
  }

  /** Number of columns of a row. */
  protected abstract int columnCount();

  /** The value of one column of one item; columns after the item columns are the subclass's. */
  protected Object value(int row, int column) {
    Items items = store.items();
    return switch (column) {
      case 0 -> items.id(row);
      case 1 -> items.split(row);
      case 2 -> items.label(row);
      case 3 -> items.predicted(row);
      case 4 -> items.correct(row);
      default -> throw new IndexOutOfBoundsException("column " + column);
    };
  }

  /** Number of rows: the sample's size, or the store's item count. */
  public int rowCount() {
    return sample == null ? store.items().size() : sample.rows().length;
  }

  @Override public Statistic getStatistic() {
    return Statistics.of(rowCount(), ImmutableList.of(ImmutableBitSet.of(0)));
  }

  /** Returns every column of every row; for callers outside generated code. */
  public Enumerable<Object[]> scan() {
    int[] all = new int[columnCount()];
    Arrays.setAll(all, i -> i);
    Enumerable<?> rows = scan(all, ItemFilter.ALL);
    @SuppressWarnings("unchecked")
    Enumerable<Object[]> arrays = (Enumerable<Object[]>) rows;
    return arrays;
  }

  /**
   * Returns the rows that pass {@code filter}, each holding the given columns: an
   * {@code Object[]}, or the value itself if there is one column. Called by the code that
   * {@link BoundaryTableScan} generates.
   */
  public Enumerable<Object> scan(int[] columns, ItemFilter filter) {
    final boolean scalar = columns.length == 1;
    return new AbstractEnumerable<>() {
      @Override public Enumerator<Object> enumerator() {
        return new Enumerator<>() {
          // The rows that pass, found column by column when the first row is asked for.
          private int @Nullable [] rows;
          private int count;
          private int position = -1;

          @Override public Object current() {
            int row = rows == null ? position : rows[position];
            if (scalar) {
              return value(row, columns[0]);
            }
            Object[] values = new Object[columns.length];
            for (int i = 0; i < columns.length; i++) {
              values[i] = value(row, columns[i]);
            }
            return values;
          }

          @Override public boolean moveNext() {
            if (position == -1 && count == 0) {
              rows = rowsPassing(filter);
              count = rows == null ? store.items().size() : rows.length;
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
   * The rows of this table that pass a filter, ascending; null for every item of the store.
   * Conditions on split, label and correct choose partitions (see {@link Partitions}); the
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

  private Partitions partitions() {
    Partitions p = partitions;
    if (p == null) {
      p = new Partitions(store, sample == null ? null : sample.rows());
      partitions = p;
    }
    return p;
  }

  /**
   * The rows of a table partitioned by (split, label, correct), made on first use: the columns
   * diagnosis queries filter on. A filter that fixes all three reads one partition's rows and
   * tests nothing; one that fixes some reads the row keys, one int per row, instead of the
   * columns.
   */
  private static final class Partitions {
    private final List<String> splits = new ArrayList<>();
    private final int classes;
    private final int @Nullable [] domain;
    private final int[] keys;
    private final int[][] rows;

    Partitions(Store store, int @Nullable [] domain) {
      Items items = store.items();
      this.classes = store.manifest().classes().size();
      this.domain = domain;
      int n = domain == null ? items.size() : domain.length;
      keys = new int[n];
      int[] counts = new int[0];
      for (int i = 0; i < n; i++) {
        int row = domain == null ? i : domain[i];
        int split = splits.indexOf(items.split(row));
        if (split < 0) {
          split = splits.size();
          splits.add(items.split(row));
        }
        keys[i] = (split * classes + items.label(row)) * 2 + (items.correct(row) ? 1 : 0);
        if (keys[i] >= counts.length) {
          counts = Arrays.copyOf(counts, splits.size() * classes * 2);
        }
        counts[keys[i]]++;
      }
      rows = new int[splits.size() * classes * 2][];
      for (int key = 0; key < rows.length; key++) {
        rows[key] = new int[key < counts.length ? counts[key] : 0];
      }
      int[] filled = new int[rows.length];
      for (int i = 0; i < n; i++) {
        rows[keys[i]][filled[keys[i]]++] = domain == null ? i : domain[i];
      }
    }

    /** The rows of the partitions whose split, label and correct pass the filter, ascending. */
    int[] rows(ItemFilter filter) {
      boolean[] chosen = new boolean[rows.length];
      int keyCount = 0;
      int last = -1;
      int total = 0;
      for (int key = 0; key < rows.length; key++) {
        if (rows[key].length > 0 && filter.passes(splits.get(key / 2 / classes),
            key / 2 % classes, key % 2 == 1)) {
          chosen[key] = true;
          keyCount++;
          last = key;
          total += rows[key].length;
        }
      }
      if (keyCount <= 1) {
        return keyCount == 0 ? new int[0] : rows[last];
      }
      int[] result = new int[total];
      int k = 0;
      for (int i = 0; i < keys.length; i++) {
        if (chosen[keys[i]]) {
          result[k++] = domain == null ? i : domain[i];
        }
      }
      return result;
    }
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
    return new BoundaryTableScan(context.getCluster(), named, this);
  }

  @Override public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    return rowType(typeFactory);
  }

  protected abstract RelDataType rowType(RelDataTypeFactory typeFactory);

  /**
   * A conjunction of comparisons of item columns ({@code id, split, label, predicted,
   * correct}) with constants, tested on the store's arrays. Integer comparisons come first, the
   * string comparison last.
   */
  public static final class ItemFilter {
    /** The filter every row passes. */
    public static final ItemFilter ALL = new ItemFilter(List.of());

    /** A comparison operator. */
    public enum Op {
      EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">=");

      private final String symbol;

      Op(String symbol) {
        this.symbol = symbol;
      }

      /** The operator with its operands swapped: {@code c < x} is {@code x > c}. */
      public Op swapped() {
        return switch (this) {
          case LT -> GT;
          case LE -> GE;
          case GT -> LT;
          case GE -> LE;
          default -> this;
        };
      }
    }

    /**
     * One comparison {@code column op value}; the value is a {@code Long} for the integer
     * columns, {@code Boolean} for {@code correct}, {@code String} for {@code split}.
     */
    public record Condition(int column, Op op, Object value) {
      /** Checks that the column is an item column and the value suits it. */
      public Condition {
        boolean ok = switch (column) {
          case 0, 2, 3 -> value instanceof Long;
          case 1 -> value instanceof String && (op == Op.EQ || op == Op.NE);
          case 4 -> value instanceof Boolean && (op == Op.EQ || op == Op.NE);
          default -> false;
        };
        if (!ok) {
          throw new IllegalArgumentException("cannot filter item column " + column + " " + op
              + " " + value);
        }
      }
    }

    private final List<Condition> conditions;
    private final int[] columns;
    private final Op[] ops;
    private final long[] numbers;
    private final String[] strings;

    private ItemFilter(List<Condition> conditions) {
      // Equalities on integer columns first: they pass the fewest rows.
      List<Condition> ordered = new ArrayList<>(conditions);
      ordered.sort(Comparator.comparingInt((Condition c) -> c.column() == 1 ? 2
          : c.column() != 4 && c.op() == Op.EQ ? 0 : 1));
      this.conditions = List.copyOf(ordered);
      int n = ordered.size();
      columns = new int[n];
      ops = new Op[n];
      numbers = new long[n];
      strings = new String[n];
      for (int i = 0; i < n; i++) {
        Condition c = ordered.get(i);
        columns[i] = c.column();
        ops[i] = c.op();
        if (c.value() instanceof Long number) {
          numbers[i] = number;
        } else if (c.value() instanceof Boolean bool) {
          numbers[i] = bool ? 1 : 0;
        } else {
          strings[i] = (String) c.value();
        }
      }
    }

    /** The conjunction of some conditions. */
    public static ItemFilter of(List<Condition> conditions) {
      return conditions.isEmpty() ? ALL : new ItemFilter(conditions);
    }

    /** This filter and the conditions of another. */
    public ItemFilter and(ItemFilter other) {
      List<Condition> both = new ArrayList<>(conditions);
      both.addAll(other.conditions);
      return of(both);
    }

    public List<Condition> conditions() {
      return conditions;
    }

    /** Whether a condition is on split, label or correct, the columns of the partitions. */
    private static boolean onPartitions(Condition c) {
      return c.column() == 1 || c.column() == 2 || c.column() == 4;
    }

    /** Whether some condition is on split, label or correct. */
    boolean choosesPartitions() {
      return conditions.stream().anyMatch(ItemFilter::onPartitions);
    }

    /** The conditions on other columns than split, label and correct. */
    ItemFilter withoutPartitionConditions() {
      return of(conditions.stream().filter(c -> !onPartitions(c)).toList());
    }

    /** Whether items of this split, label and correctness pass the conditions on them. */
    boolean passes(String split, int label, boolean correct) {
      for (int i = 0; i < columns.length; i++) {
        boolean pass = switch (columns[i]) {
          case 1 -> split.equals(strings[i]) == (ops[i] == Op.EQ);
          case 2 -> compare(label, ops[i], numbers[i]);
          case 4 -> (correct ? 1 : 0) == numbers[i] == (ops[i] == Op.EQ);
          default -> true;
        };
        if (!pass) {
          return false;
        }
      }
      return true;
    }

    /**
     * The rows of {@code domain} (ascending row numbers; null for every item) that pass, in
     * order; null if that is all of them. One condition at a time over the survivors of the
     * previous ones: a tight loop per condition, no per-row dispatch.
     */
    public int @Nullable [] select(Items items, int @Nullable [] domain) {
      if (columns.length == 0) {
        return domain;
      }
      int n = domain == null ? items.size() : domain.length;
      int[] rows = new int[n];
      for (int c = 0; c < columns.length; c++) {
        n = select(c, items, c == 0 ? domain : rows, rows, n);
      }
      return n == rows.length ? rows : Arrays.copyOf(rows, n);
    }

    /**
     * Writes to {@code rows} those of the first {@code n} rows of {@code in} (null: rows 0 to
     * n - 1) that pass condition {@code c}; returns how many. {@code in} may be {@code rows}.
     */
    private int select(int c, Items items, int @Nullable [] in, int[] rows, int n) {
      int kept = 0;
      long constant = numbers[c];
      Op op = ops[c];
      switch (columns[c]) {
      case 1 -> {
        // A store has a few split names, each one String shared by its rows: after the first
        // row of each, comparing references is enough.
        String split = strings[c];
        String same = null;
        String other = null;
        boolean equal = op == Op.EQ;
        for (int i = 0; i < n; i++) {
          int row = in == null ? i : in[i];
          String value = items.split(row);
          boolean match = value == same || value != other && split.equals(value);
          if (match) {
            same = value;
          } else {
            other = value;
          }
          rows[kept] = row;
          kept += match == equal ? 1 : 0;
        }
      }
      case 0 -> {
        for (int i = 0; i < n; i++) {
          int row = in == null ? i : in[i];
          rows[kept] = row;
          kept += compare(items.id(row), op, constant) ? 1 : 0;
        }
      }
      case 2 -> {
        if (op == Op.EQ) { // the common case, without the operator switch
          int value = (int) constant;
          for (int i = 0; i < n; i++) {
            int row = in == null ? i : in[i];
            rows[kept] = row;
            kept += items.label(row) == value ? 1 : 0;
          }
        } else {
          for (int i = 0; i < n; i++) {
            int row = in == null ? i : in[i];
            rows[kept] = row;
            kept += compare(items.label(row), op, constant) ? 1 : 0;
          }
        }
      }
      case 3 -> {
        if (op == Op.EQ) { // the common case, without the operator switch
          int value = (int) constant;
          for (int i = 0; i < n; i++) {
            int row = in == null ? i : in[i];
            rows[kept] = row;
            kept += items.predicted(row) == value ? 1 : 0;
          }
        } else {
          for (int i = 0; i < n; i++) {
            int row = in == null ? i : in[i];
            rows[kept] = row;
            kept += compare(items.predicted(row), op, constant) ? 1 : 0;
          }
        }
      }
      default -> {
        boolean correct = (constant == 1) == (op == Op.EQ);
        for (int i = 0; i < n; i++) {
          int row = in == null ? i : in[i];
          rows[kept] = row;
          kept += items.correct(row) == correct ? 1 : 0;
        }
      }
      }
      return kept;
    }

    private static boolean compare(long value, Op op, long constant) {
      return switch (op) {
        case EQ -> value == constant;
        case NE -> value != constant;
        case LT -> value < constant;
        case LE -> value <= constant;
        case GT -> value > constant;
        case GE -> value >= constant;
      };
    }

    /** The filter as EXPLAIN shows it, with the given column names. */
    public String describe(List<String> names) {
      StringBuilder text = new StringBuilder();
      for (Condition c : conditions) {
        text.append(text.length() == 0 ? "" : " AND ").append(names.get(c.column()))
            .append(' ').append(c.op().symbol).append(' ')
            .append(c.value() instanceof String s ? "'" + s + "'" : c.value());
      }
      return text.toString();
    }

    @Override public boolean equals(Object o) {
      return o instanceof ItemFilter f && f.conditions.equals(conditions);
    }

    @Override public int hashCode() {
      return conditions.hashCode();
    }

    @Override public String toString() {
      return conditions.toString();
    }
  }
}
