/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server;

import org.boundarysql.task.Cancellation;

import org.eclipse.jetty.io.AbstractEndPoint;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.HandlerWrapper;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Notices that the client of a running statement went away (its process killed, its machine
 * gone from the network) and cancels the statement, rather than computing for no one until the
 * query timeout. A handler in front of Avatica's keeps each request's connection; while an
 * operation runs, a read interest on that connection wakes when the client closes it.
 *
 * <p>Jetty reads nothing from a connection while its request is handled, and an Avatica client
 * sends nothing before its answer (it never pipelines), so what becomes readable then is the
 * close. Bytes instead (a client pipelining its requests) cannot be handed back to Jetty's
 * parser: they close the connection too.
 */
final class ClientWatch extends HandlerWrapper {
  /** The connection of the request the current thread handles. */
  private static final ThreadLocal<EndPoint> CONNECTION = new ThreadLocal<>();

  @Override public void handle(String target, Request baseRequest, HttpServletRequest request,
      HttpServletResponse response) throws IOException, ServletException {
    CONNECTION.set(baseRequest.getHttpChannel().getEndPoint());
    try {
      super.handle(target, baseRequest, request, response);
    } finally {
      CONNECTION.remove();
    }
  }

  /**
   * Until the scope closes, cancels {@code cancellation} if the client of the request the
   * current thread handles closes its connection; does nothing outside a request.
   */
  static Cancellation.Scope cancelOnClose(Cancellation cancellation) {
    if (!(CONNECTION.get() instanceof AbstractEndPoint connection)) {
      return () -> { };
    }
    Watch watch = new Watch(connection, cancellation);
    watch.watch();
    return watch;
  }

  /** A read interest on a connection, for one operation. */
  private static final class Watch implements Callback, Cancellation.Scope {
    /** How a watch withdraws its interest when its operation ends. */
    private static final Exception ENDED = new CancellationException("the operation ended");
    private static final String GONE = "the client closed its connection";

    private final AbstractEndPoint connection;
    private final Cancellation cancellation;
    private boolean open = true;
    /** Whether the connection's read interest is this watch's. */
    private boolean interested;

    Watch(AbstractEndPoint connection, Cancellation cancellation) {
      this.connection = connection;
      this.cancellation = cancellation;
    }

    private synchronized void watch() {
      interested = open && connection.tryFillInterested(this);
    }

    /** The connection is readable: its end, or bytes a well-behaved client does not send. */
    @Override public synchronized void succeeded() {
      interested = false;
      if (!open) {
        return;
      }
      try {
        int read = connection.fill(BufferUtil.allocate(1));
        if (read < 0) {
          cancellation.cancel(GONE);
        } else if (read == 0) {
          watch();
        } else {
          cancellation.cancel("the client sent a request before the answer to the last");
          connection.close();
        }
      } catch (IOException e) {
        cancellation.cancel(GONE);
      }
    }

    @Override public synchronized void failed(Throwable cause) {
      interested = false;
      if (!open) {
        return;
      }
      if (cause instanceof TimeoutException) {
        // The connection's idle timeout, which a long operation outlasts: keep watching.
        watch();
      } else {
        cancellation.cancel(GONE);
      }
    }

    /** Withdraws the interest, before Jetty reads the connection's next request. */
    @Override public synchronized void close() {
      open = false;
      if (interested) {
        connection.getFillInterest().onFail(ENDED);
      }
    }
  }
}
