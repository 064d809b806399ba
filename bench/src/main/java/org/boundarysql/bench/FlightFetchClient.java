/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;

import java.lang.management.ManagementFactory;
import java.net.URI;

/**
 * A Java Flight SQL client in a JVM of its own, as an application would run one (Arrow's
 * {@link FlightSqlClient}): {@code URL SQL WARMUPS RUNS} runs the query, reads every batch and
 * prints, per timed run, the activation bytes read (a fixed-size list's floats), the seconds
 * from the request to the last batch and to the first, and the CPU seconds this process used.
 */
public final class FlightFetchClient {
  private FlightFetchClient() {
  }

  public static void main(String[] args) throws Exception {
    URI url = URI.create(args[0]);
    int warmups = Integer.parseInt(args[2]);
    int runs = Integer.parseInt(args[3]);
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
        .getOperatingSystemMXBean();
    try (BufferAllocator allocator = new RootAllocator();
         FlightClient flight = FlightClient.builder(allocator,
             Location.forGrpcInsecure(url.getHost(), url.getPort())).build();
         FlightSqlClient sql = new FlightSqlClient(flight)) {
      for (int run = 0; run < warmups + runs; run++) {
        long start = System.nanoTime();
        long cpu = os.getProcessCpuTime();
        long first = -1;
        long bytes = 0;
        FlightInfo info = sql.execute(args[1]);
        try (FlightStream stream = sql.getStream(info.getEndpoints().get(0).getTicket())) {
          while (stream.next()) {
            if (first < 0) {
              first = System.nanoTime();
            }
            int rows = stream.getRoot().getRowCount();
            for (FieldVector vector : stream.getRoot().getFieldVectors()) {
              if (vector instanceof FixedSizeListVector list) {
                bytes += (long) rows * list.getListSize() * Float.BYTES;
              }
            }
          }
        }
        long end = System.nanoTime();
        if (run >= warmups) {
          System.out.printf("run %d %.6f %.6f %.6f%n", bytes, (end - start) / 1e9,
              ((first < 0 ? end : first) - start) / 1e9, (os.getProcessCpuTime() - cpu) / 1e9);
        }
      }
    }
  }
}
