/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sqltests.differential;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/** Domains of columns: the values a generator compares a column with. */
final class Domains {
  /** Words of different lengths, one with a trailing blank (which a CHAR type would pad to). */
  private static final List<String> WORDS = List.of("train", "test", "phone", "a", "zzz", "",
      "a ");

  private Domains() {
  }

  /** Values of a type, for a column computed by a query. */
  static Expr.Domain of(SqlType type) {
    return random -> switch (type) {
      case INTEGER, BIGINT -> (long) random.nextInt(-5, 21);
      case DOUBLE, REAL, ARRAY -> random.nextInt(-8, 33) / 4.0;
      case VARCHAR -> WORDS.get(random.nextInt(WORDS.size()));
      case BOOLEAN -> random.nextBoolean();
    };
  }

  /**
   * The values of a stored column, nulls left out; whole numbers sometimes move by one, so that
   * comparisons also meet values that no row holds.
   */
  static Expr.Domain values(Object[] column) {
    Object[] values = Arrays.stream(column).filter(Objects::nonNull).toArray();
    return random -> {
      Object value = values[random.nextInt(values.length)];
      return value instanceof Long l && random.nextInt(4) == 0 ? l + random.nextInt(-1, 2)
          : value;
    };
  }

  /**
   * The activations of a layer: its width, and values rounded to quarters, which float32 and
   * float64 hold exactly, so that a comparison with a literal means the same in every engine.
   */
  record Activations(float[][] rows) implements Expr.Domain {
    int width() {
      return rows[0].length;
    }

    @Override public Object pick(SplittableRandom random) {
      float[] row = rows[random.nextInt(rows.length)];
      return Math.round(row[random.nextInt(row.length)] * 4) / 4.0;
    }
  }
}
