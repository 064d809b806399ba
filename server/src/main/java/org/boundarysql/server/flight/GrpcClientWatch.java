/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server.flight;

import org.boundarysql.task.Cancellation;

import io.grpc.Context;

/**
 * Cancels the work of a gRPC call whose client cancelled it or went away (its process killed:
 * gRPC cancels the calls of a connection that closes), while the call's own thread computes its
 * answer (a plan, a sample). gRPC cancels the call's context at once, from another thread.
 */
final class GrpcClientWatch {
  private GrpcClientWatch() {
  }

  /** Until the scope closes, cancels {@code cancellation} with the current call. */
  static Cancellation.Scope cancelOnClose(Cancellation cancellation) {
    Context call = Context.current();
    Context.CancellationListener listener =
        context -> cancellation.cancel("the client cancelled the call or went away");
    call.addListener(listener, Runnable::run);
    return () -> call.removeListener(listener);
  }
}
