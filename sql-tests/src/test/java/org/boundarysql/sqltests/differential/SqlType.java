/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sqltests.differential;

import java.util.Locale;

/** The SQL types of the generated queries' values. */
enum SqlType {
  INTEGER, BIGINT, DOUBLE, REAL, VARCHAR, BOOLEAN,
  /** An activation: {@code REAL ARRAY} in BoundarySQL, {@code FLOAT[]} in DuckDB. */
  ARRAY;

  /** Whether values are whole numbers. */
  boolean exact() {
    return this == INTEGER || this == BIGINT;
  }

  /** Whether values are numbers. */
  boolean numeric() {
    return exact() || this == DOUBLE || this == REAL;
  }

  /** Whether values can be compared and sorted. */
  boolean orderable() {
    return this != ARRAY;
  }

  /** The type's name in a {@code CAST}; the same in both dialects. */
  String sqlName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
