/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server.flight;

import org.boundarysql.adapter.BoundaryErrors;
import org.boundarysql.server.guard.RunningQueries;

import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightRuntimeException;

/**
 * The Flight status of an error: its SQLSTATE's class chooses the code, and the message, one
 * sentence, ends with the SQLSTATE ({@code ... (SQLSTATE 42S02)}), which Flight has no field
 * for.
 */
final class FlightErrors {
  private FlightErrors() {
  }

  /** The status of a failed query operation. */
  static FlightRuntimeException of(RunningQueries.QueryFailure failure) {
    return of(failure.error(), failure.timedOut());
  }

  /** The status of {@code error}; a cancellation by the query timeout is TIMED_OUT. */
  static FlightRuntimeException of(BoundaryErrors.SqlError error, boolean timedOut) {
    return status(error.sqlState(), timedOut).withDescription(message(error)).toRuntimeException();
  }

  /** The message a client reads: the sentence, then the SQLSTATE. */
  static String message(BoundaryErrors.SqlError error) {
    return error.message() + " (SQLSTATE " + error.sqlState() + ")";
  }

  private static CallStatus status(String sqlState, boolean timedOut) {
    return switch (sqlState) {
    case BoundaryErrors.UNKNOWN_TABLE, BoundaryErrors.UNKNOWN_SCHEMA -> CallStatus.NOT_FOUND;
    case BoundaryErrors.CANCELLED -> timedOut ? CallStatus.TIMED_OUT : CallStatus.CANCELLED;
    case BoundaryErrors.OVER_BUDGET -> CallStatus.RESOURCE_EXHAUSTED;
    case BoundaryErrors.READ_ONLY -> CallStatus.UNAUTHORIZED;
    case BoundaryErrors.AUTHORIZATION -> CallStatus.UNAUTHENTICATED;
    case BoundaryErrors.IO, BoundaryErrors.INTERNAL -> CallStatus.INTERNAL;
    default -> sqlState.startsWith("42") || sqlState.startsWith("22")
        ? CallStatus.INVALID_ARGUMENT : CallStatus.INTERNAL;
    };
  }
}
