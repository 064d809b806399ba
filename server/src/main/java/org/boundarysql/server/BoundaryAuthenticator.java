/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server;

import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.remote.ProtobufTranslationImpl;
import org.apache.calcite.avatica.remote.Service;
import org.boundarysql.adapter.BoundaryErrors;
import org.boundarysql.server.guard.UsersFile;

import org.eclipse.jetty.security.ServerAuthException;
import org.eclipse.jetty.security.authentication.BasicAuthenticator;
import org.eclipse.jetty.server.Authentication;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpServletResponseWrapper;

/**
 * HTTP BASIC authentication that says in one sentence why it refuses a request. Wrong
 * credentials get status 500 and an Avatica error (SQLSTATE 28000), which the remote driver
 * reads as an SQL error rather than as a failed HTTP request; a request without credentials
 * gets the usual 401, as the remote driver sends its credentials only in answer to one. Both
 * keep the BASIC challenge.
 */
final class BoundaryAuthenticator extends BasicAuthenticator {
  /** What a client with wrong credentials is told: not which of the two is wrong. */
  static final String WRONG_CREDENTIALS = UsersFile.WRONG_CREDENTIALS;
  /** What a client without credentials is told. */
  static final String NO_CREDENTIALS = UsersFile.NO_CREDENTIALS + " (HTTP BASIC)";

  @Override public Authentication validateRequest(ServletRequest req, ServletResponse res,
      boolean mandatory) throws ServerAuthException {
    HttpServletResponse response = (HttpServletResponse) res;
    Refusal refusal = new Refusal(response);
    Authentication authentication = super.validateRequest(req, refusal, mandatory);
    if (refusal.refused) {
      try {
        if (((HttpServletRequest) req).getHeader("Authorization") == null) {
          response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
          response.setContentType("text/plain;charset=utf-8");
          response.getOutputStream().write(
              (NO_CREDENTIALS + "\n").getBytes(StandardCharsets.UTF_8));
        } else {
          // Avatica's client reads the body of a 200 or a 500 only; the server speaks protobuf.
          response.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
          response.setContentType("application/octet-stream;charset=utf-8");
          response.getOutputStream().write(new ProtobufTranslationImpl().serializeResponse(
              new Service.ErrorResponse(List.of(), WRONG_CREDENTIALS,
                  Service.ErrorResponse.UNKNOWN_ERROR_CODE, BoundaryErrors.AUTHORIZATION,
                  AvaticaSeverity.ERROR, null)));
        }
      } catch (IOException e) {
        throw new ServerAuthException(e);
      }
    }
    return authentication;
  }

  /** The response, with the refusal Jetty would send held back (its challenge header kept). */
  private static final class Refusal extends HttpServletResponseWrapper {
    boolean refused;

    Refusal(HttpServletResponse response) {
      super(response);
    }

    @Override public void sendError(int status) {
      refused = true;
    }
  }
}
