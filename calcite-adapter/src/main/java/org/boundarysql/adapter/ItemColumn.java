/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.sql.type.SqlTypeName;
import org.boundarysql.store.Items;

import org.checkerframework.checker.nullness.qual.Nullable;

/** The columns every table of a store starts with, in this order: the item's own values. */
public enum ItemColumn {
  ID("id", SqlTypeName.BIGINT),
  SPLIT("split", SqlTypeName.VARCHAR),
  LABEL("label", SqlTypeName.INTEGER),
  PREDICTED("predicted", SqlTypeName.INTEGER),
  CORRECT("correct", SqlTypeName.BOOLEAN);

  /** Number of item columns. */
  public static final int COUNT = values().length;

  private static final ItemColumn[] BY_POSITION = values();

  private final String columnName;
  private final SqlTypeName type;

  ItemColumn(String columnName, SqlTypeName type) {
    this.columnName = columnName;
    this.type = type;
  }

  /** The column's name in SQL. */
  public String columnName() {
    return columnName;
  }

  /** The column's SQL type; its values are never null. */
  public SqlTypeName type() {
    return type;
  }

  /** The item column at a position of a row, or null if the position is past them. */
  public static @Nullable ItemColumn at(int position) {
    return position >= 0 && position < COUNT ? BY_POSITION[position] : null;
  }

  /** This column's value for one row of the items. */
  public Object value(Items items, int row) {
    return switch (this) {
      case ID -> items.id(row);
      case SPLIT -> items.split(row);
      case LABEL -> items.label(row);
      case PREDICTED -> items.predicted(row);
      case CORRECT -> items.correct(row);
    };
  }
}
