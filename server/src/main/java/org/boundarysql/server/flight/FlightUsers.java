/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server.flight;

import org.boundarysql.adapter.BoundaryErrors;
import org.boundarysql.server.guard.UsersFile;

import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.auth2.BasicCallHeaderAuthenticator;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;
import org.apache.arrow.flight.auth2.GeneratedBearerTokenAuthenticator;

/**
 * The users of {@code --users} on Flight SQL: a client sends its user and password once (HTTP
 * BASIC in the call's headers, as Flight SQL clients do) and gets a bearer token for its next
 * calls. A refusal says why, in the words of the Avatica endpoint, with SQLSTATE 28000.
 */
final class FlightUsers implements CallHeaderAuthenticator {
  private final CallHeaderAuthenticator tokens;

  FlightUsers(UsersFile users) {
    this.tokens = new GeneratedBearerTokenAuthenticator(new BasicCallHeaderAuthenticator(
        (user, password) -> {
          if (!users.accepts(user, password)) {
            throw refusal(UsersFile.WRONG_CREDENTIALS);
          }
          return () -> user;
        }));
  }

  @Override public AuthResult authenticate(CallHeaders headers) {
    try {
      return tokens.authenticate(headers);
    } catch (FlightRuntimeException e) {
      if (e.status().code() == FlightStatusCode.UNAUTHENTICATED
          && (e.status().description() == null || e.status().description().isEmpty())) {
        // No credentials, or a token this server did not give (or forgot, when it restarted).
        throw refusal(UsersFile.NO_CREDENTIALS);
      }
      throw e;
    }
  }

  private static FlightRuntimeException refusal(String message) {
    return CallStatus.UNAUTHENTICATED.withDescription(FlightErrors.message(
        new BoundaryErrors.SqlError(BoundaryErrors.AUTHORIZATION, message))).toRuntimeException();
  }
}
