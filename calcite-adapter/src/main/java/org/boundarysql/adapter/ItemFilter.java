/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.boundarysql.store.Items;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A conjunction of comparisons of item columns ({@code id, split, label, predicted,
 * correct}) with constants, and of memberships of integer item columns in {@link Ranges}
 * ({@code IN}, {@code BETWEEN} and their negations), tested on the store's arrays. Integer
 * equalities come first, the string comparison last.
 */
public final class ItemFilter {
  /** The filter every row passes. */
  public static final ItemFilter ALL = new ItemFilter(List.of());

  /** A comparison operator. */
  public enum Op {
    EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">="), IN("IN");

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
   * Whole numbers in closed ranges {@code [lo, hi]}, ascending and disjoint, as
   * {@code lo0, hi0, lo1, hi1, ...}: {@code id IN (3, 5)} is {@code [3, 3], [5, 5]},
   * {@code id NOT BETWEEN 10 AND 20} is {@code [MIN, 9], [21, MAX]}.
   */
  public record Ranges(long[] bounds) {
    /** Checks that the bounds are pairs, each ascending and after the one before. */
    public Ranges {
      bounds = bounds.clone();
      boolean ok = bounds.length % 2 == 0;
      for (int i = 1; ok && i < bounds.length; i++) {
        ok = i % 2 == 1 ? bounds[i - 1] <= bounds[i] : bounds[i - 1] < bounds[i];
      }
      if (!ok) {
        throw new IllegalArgumentException("not ascending disjoint ranges: "
            + Arrays.toString(bounds));
      }
    }

    /** Whether a range holds {@code value}: a binary search of the lower bounds. */
    public boolean contains(long value) {
      int lo = 0;
      int hi = bounds.length / 2 - 1;
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        if (value < bounds[2 * mid]) {
          hi = mid - 1;
        } else if (value > bounds[2 * mid + 1]) {
          lo = mid + 1;
        } else {
          return true;
        }
      }
      return false;
    }

    @Override public long[] bounds() {
      return bounds.clone();
    }

    @Override public boolean equals(Object o) {
      return o instanceof Ranges r && Arrays.equals(bounds, r.bounds);
    }

    @Override public int hashCode() {
      return Arrays.hashCode(bounds);
    }

    /** As EXPLAIN shows it: {@code (3, 5, 10..20, 30..)}. */
    @Override public String toString() {
      StringBuilder text = new StringBuilder("(");
      for (int i = 0; i < bounds.length; i += 2) {
        text.append(i == 0 ? "" : ", ");
        if (bounds[i] == bounds[i + 1]) {
          text.append(bounds[i]);
        } else {
          text.append(bounds[i] == Long.MIN_VALUE ? "" : bounds[i]).append("..")
              .append(bounds[i + 1] == Long.MAX_VALUE ? "" : bounds[i + 1]);
        }
      }
      return text.append(')').toString();
    }
  }

  /**
   * One comparison {@code column op value}; the value is a {@code Long} for the integer
   * columns ({@link Ranges} for {@link Op#IN}), {@code Boolean} for {@code correct},
   * {@code String} for {@code split}.
   */
  public record Condition(ItemColumn column, Op op, Object value) {
    /** Checks that the value suits the column. */
    public Condition {
      boolean ok = column != null && switch (column) {
        case ID, LABEL, PREDICTED -> op == Op.IN ? value instanceof Ranges
            : value instanceof Long;
        case SPLIT -> value instanceof String && (op == Op.EQ || op == Op.NE);
        case CORRECT -> value instanceof Boolean && (op == Op.EQ || op == Op.NE);
      };
      if (!ok) {
        throw new IllegalArgumentException("cannot filter item column " + column + " " + op
            + " " + value);
      }
    }
  }

  private final List<Condition> conditions;
  private final ItemColumn[] columns;
  private final Op[] ops;
  private final long[] numbers;
  private final Ranges[] ranges;
  private final String[] strings;

  private ItemFilter(List<Condition> conditions) {
    // Equalities on integer columns first: they pass the fewest rows.
    List<Condition> ordered = new ArrayList<>(conditions);
    ordered.sort(Comparator.comparingInt((Condition c) -> c.column() == ItemColumn.SPLIT ? 2
        : c.column() != ItemColumn.CORRECT && c.op() == Op.EQ ? 0 : 1));
    this.conditions = List.copyOf(ordered);
    int n = ordered.size();
    columns = new ItemColumn[n];
    ops = new Op[n];
    numbers = new long[n];
    ranges = new Ranges[n];
    strings = new String[n];
    for (int i = 0; i < n; i++) {
      Condition c = ordered.get(i);
      columns[i] = c.column();
      ops[i] = c.op();
      if (c.value() instanceof Long number) {
        numbers[i] = number;
      } else if (c.value() instanceof Boolean bool) {
        numbers[i] = bool ? 1 : 0;
      } else if (c.value() instanceof Ranges r) {
        ranges[i] = r;
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
    return c.column() == ItemColumn.SPLIT || c.column() == ItemColumn.LABEL
        || c.column() == ItemColumn.CORRECT;
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
        case SPLIT -> split.equals(strings[i]) == (ops[i] == Op.EQ);
        case LABEL -> passes(i, label);
        case CORRECT -> (correct ? 1 : 0) == numbers[i] == (ops[i] == Op.EQ);
        case ID, PREDICTED -> true;
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
    case SPLIT -> {
      // Compared by the split's code in the items' column: one int per row.
      int code = items.splitNames().indexOf(strings[c]);
      boolean equal = op == Op.EQ;
      for (int i = 0; i < n; i++) {
        int row = in == null ? i : in[i];
        rows[kept] = row;
        kept += (items.splitCode(row) == code) == equal ? 1 : 0;
      }
    }
    case ID -> {
      for (int i = 0; i < n; i++) {
        int row = in == null ? i : in[i];
        rows[kept] = row;
        kept += passes(c, items.id(row)) ? 1 : 0;
      }
    }
    case LABEL -> {
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
          kept += passes(c, items.label(row)) ? 1 : 0;
        }
      }
    }
    case PREDICTED -> {
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
          kept += passes(c, items.predicted(row)) ? 1 : 0;
        }
      }
    }
    case CORRECT -> {
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

  /** Whether {@code value} of condition {@code c}'s integer column passes it. */
  private boolean passes(int c, long value) {
    long constant = numbers[c];
    return switch (ops[c]) {
      case EQ -> value == constant;
      case NE -> value != constant;
      case LT -> value < constant;
      case LE -> value <= constant;
      case GT -> value > constant;
      case GE -> value >= constant;
      case IN -> ranges[c].contains(value);
    };
  }

  /** The filter as EXPLAIN shows it. */
  public String describe() {
    StringBuilder text = new StringBuilder();
    for (Condition c : conditions) {
      text.append(text.length() == 0 ? "" : " AND ").append(c.column().columnName())
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
