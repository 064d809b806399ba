/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.cli;

import org.boundarysql.adapter.TestCatalog;
import org.boundarysql.server.BoundaryServer;
import org.boundarysql.server.FlightTestClient;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.boundarysql.server.RemoteServer.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tests {@code ./boundary serve}: its errors, what it prints, and its stop on SIGTERM. */
class ServeCommandTest {
  @TempDir static Path dir;
  static Path catalog;
  static TestCatalog tiny;

  @BeforeAll static void writeCatalog() throws Exception {
    catalog = Files.createDirectories(dir.resolve("catalog"));
    tiny = new TestCatalog(catalog, "tiny", 120, 3, 5, Map.of());
  }

  @Test void refusesBadArguments() {
    assertEquals(2, BoundaryCli.run(List.of("serve", "--catalog", dir.resolve("none")
        .toString())));
    assertEquals(2, BoundaryCli.run(List.of("serve", "--catalog", catalog.toString(),
        "--port", "http")));
    assertEquals(2, BoundaryCli.run(List.of("serve", "--catalog", catalog.toString(),
        "--bind", "no.such.host.invalid")));
    assertEquals(2, BoundaryCli.run(List.of("serve", "--catalog", catalog.toString(),
        "--users", dir.resolve("no-users").toString())));
    assertEquals(2, BoundaryCli.run(List.of("serve", "--catalog", catalog.toString(),
        "extra")));
    assertEquals(2, BoundaryCli.run(List.of("serve", "--catalog", catalog.toString(),
        "--flight-port", "grpc")));
  }

  @Test void saysWhenThePortIsTaken() throws Exception {
    try (BoundaryServer first = BoundaryServer.start(catalog, dir.resolve("cache"),
        "127.0.0.1", 0, null)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> BoundaryServer.start(catalog, dir.resolve("cache"), "127.0.0.1", first.port(),
              null));
      assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + first.port()),
          e.getMessage());
    }
  }

  @Test void printsHowToConnect() throws Exception {
    try (BoundaryServer server = BoundaryServer.start(catalog, dir.resolve("cache"),
        "127.0.0.1", 0, null, null, BoundaryServer.Limits.DEFAULT, 0)) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      ServeCommand.printBanner(new PrintStream(bytes, true, StandardCharsets.UTF_8), server,
          catalog, null);
      String banner = bytes.toString(StandardCharsets.UTF_8);
      assertTrue(banner.contains("JDBC URL:     jdbc:avatica:remote:url=http://127.0.0.1:"
          + server.port() + ";serialization=protobuf\n"), banner);
      assertTrue(banner.contains("driver class: org.apache.calcite.avatica.remote.Driver"),
          banner);
      assertTrue(banner.contains("driver jar:   " + DriverJar.defaultPath()), banner);
      assertTrue(banner.contains("DBeaver"), banner);
      assertTrue(banner.contains("no authentication"), banner);
      int flight = server.flight().port();
      assertTrue(banner.contains("Flight SQL:   grpc://127.0.0.1:" + flight + " "), banner);
      assertTrue(banner.contains("Flight JDBC:  jdbc:arrow-flight-sql://127.0.0.1:" + flight
          + "?useEncryption=false\n"), banner);
    }
  }

  /**
   * The real command in its own JVM: prints both URLs, answers on both endpoints, and stops on
   * SIGTERM.
   */
  @Test void servesUntilSigterm() throws Exception {
    int flightPort;
    try (ServerSocket free = new ServerSocket(0)) {
      flightPort = free.getLocalPort();
    }
    ServeChild child = ServeChild.start(catalog, dir.resolve("home"), "--flight-port",
        String.valueOf(flightPort));
    try {
      Class.forName(BoundaryServer.REMOTE_DRIVER);
      try (Connection c = DriverManager.getConnection(child.url())) {
        assertEquals(tiny.items, single(c, "select count(*) from tiny.items"));
      }
      assertEquals("grpc://127.0.0.1:" + flightPort, child.flightUrl());
      try (FlightTestClient flight = new FlightTestClient(child.flightUrl(), null, null, null)) {
        assertEquals(List.of(List.of((long) tiny.items)),
            flight.query("select count(*) from tiny.items").rows());
      }
      child.terminate();
      assertTrue(child.process().waitFor(60, TimeUnit.SECONDS), "still running after SIGTERM");
      assertTrue(child.stderr().lines().toList().contains("boundary serve: stopping"),
          child.stderr());
    } finally {
      child.process().destroyForcibly();
    }
  }
}
