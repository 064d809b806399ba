/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server;

import org.boundarysql.server.flight.FlightSqlEndpoint;

import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;

import java.io.IOException;
import java.util.List;

/**
 * A Flight SQL client in a JVM of its own, for a test to kill: {@code plan URL SQL} asks for the
 * query's FlightInfo (the server plans it, and computes its sample); {@code stream URL SQL}
 * reads the first batch of its result, says {@code streaming} and reads no more.
 */
public final class FlightClientProcess {
  private FlightClientProcess() {
  }

  public static void main(String[] args) throws Exception {
    try (FlightTestClient client = new FlightTestClient(args[1], null, null, null)) {
      FlightInfo info = client.sql().execute(args[2]);
      if (args[0].equals("stream")) {
        try (FlightStream stream = client.sql().getStream(info.getEndpoints().get(0)
            .getTicket())) {
          stream.next();
          System.out.println("streaming");
          System.out.flush();
          Thread.sleep(Long.MAX_VALUE);
        }
      }
    }
  }

  /** Starts {@code main} with {@code mode}, {@code url}, {@code sql} in a child JVM. */
  public static Process start(String mode, String url, String sql) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    String classPath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    return new ProcessBuilder(List.of(java, "-Xmx256m", FlightSqlEndpoint.ADD_OPENS, "-cp",
        classPath, FlightClientProcess.class.getName(), mode, url, sql))
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }
}
