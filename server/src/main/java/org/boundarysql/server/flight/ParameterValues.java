/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server.flight;

import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.util.Text;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

/**
 * A parameter value a client bound in an Arrow batch, as JDBC's {@code setObject} would take it
 * (a string, a number, a boolean, bytes, a date or timestamp), for {@code DirectQuery}.
 */
final class ParameterValues {
  private ParameterValues() {
  }

  /** The value of {@code vector} at {@code row}, or null. */
  static Object value(FieldVector vector, int row) {
    if (vector.isNull(row)) {
      return null;
    }
    if (vector instanceof DateDayVector days) {
      return new Date(TimeUnit.DAYS.toMillis(days.get(row)));
    }
    if (vector instanceof DateMilliVector millis) {
      return new Date(millis.get(row));
    }
    Object value = vector.getObject(row);
    if (value instanceof Text text) {
      return text.toString();
    }
    if (vector instanceof TimeStampVector && value instanceof LocalDateTime time) {
      return Timestamp.from(time.toInstant(ZoneOffset.UTC));
    }
    return value;
  }
}
