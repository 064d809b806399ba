/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server;

import org.boundarysql.adapter.TestCatalog;
import org.boundarysql.server.guard.ServerTls;
import org.boundarysql.server.guard.UsersFile;

import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The Flight SQL endpoint with {@code --users} and TLS, through Arrow's client on loopback: a
 * user logs in once and queries with the token it gets; no credentials, a wrong password, or
 * plain gRPC to a TLS server are refused, each with its status and a sentence.
 */
class FlightSecurityTest {
  private static final String COUNT = "select count(*) from tiny.items";

  @TempDir static Path dir;
  static TestCatalog tiny;
  static TestKeystores keys;
  static byte[] certificate;
  static BoundaryServer users;
  static BoundaryServer tlsUsers;

  @BeforeAll static void start() throws Exception {
    Path catalog = Files.createDirectories(dir.resolve("catalog"));
    tiny = new TestCatalog(catalog, "tiny", 200, 3, 5, Map.of());
    keys = new TestKeystores(Files.createDirectories(dir.resolve("keys")));
    ServerTls tls = ServerTls.read(keys.keystore, keys.passwordFile);
    certificate = tls.certificateChainPem();
    Path usersFile = dir.resolve("users");
    Files.writeString(usersFile, "alice: wonderland\nbob: builder, analyst\n");
    Files.setPosixFilePermissions(usersFile, PosixFilePermissions.fromString("rw-------"));
    users = BoundaryServer.start(catalog, dir.resolve("cache"), BoundaryServer.LOOPBACK, 0,
        usersFile, null, BoundaryServer.Limits.DEFAULT, 0);
    tlsUsers = BoundaryServer.start(catalog, dir.resolve("cache"), BoundaryServer.LOOPBACK, 0,
        usersFile, tls, BoundaryServer.Limits.DEFAULT, 0);
  }

  @AfterAll static void stop() {
    users.close();
    tlsUsers.close();
  }

  private static List<List<Object>> count(FlightTestClient client) throws Exception {
    return client.query(COUNT).rows();
  }

  /** A user of the file, over plain gRPC and over TLS, with the token of a single login. */
  @Test @Timeout(60) void usersQuery() throws Exception {
    List<List<Object>> expected = List.of(List.of((long) tiny.items));
    try (FlightTestClient alice = new FlightTestClient(users, null, "alice", "wonderland")) {
      assertEquals(expected, count(alice));
      assertEquals(expected, count(alice)); // again, with the bearer token
    }
    try (FlightTestClient bob = new FlightTestClient(tlsUsers, certificate, "bob", "builder")) {
      assertEquals(expected, count(bob));
    }
    assertEquals("grpc+tls://127.0.0.1:" + tlsUsers.flight().port(), tlsUsers.flight().url());
  }

  /** No credentials and wrong ones: UNAUTHENTICATED, saying which, with SQLSTATE 28000. */
  @Test @Timeout(60) void refusesStrangers() throws Exception {
    try (FlightTestClient anonymous = new FlightTestClient(users)) {
      FlightRuntimeException e = assertThrows(FlightRuntimeException.class,
          () -> count(anonymous));
      assertEquals(FlightStatusCode.UNAUTHENTICATED, e.status().code());
      assertEquals(UsersFile.NO_CREDENTIALS + " (SQLSTATE 28000)", e.status().description());
    }
    for (String[] login : new String[][] {{"alice", "builder"}, {"carol", "wonderland"}}) {
      FlightRuntimeException e = assertThrows(FlightRuntimeException.class,
          () -> new FlightTestClient(users, null, login[0], login[1]).close());
      assertEquals(FlightStatusCode.UNAUTHENTICATED, e.status().code());
      assertEquals(UsersFile.WRONG_CREDENTIALS + " (SQLSTATE 28000)",
          e.status().description());
    }
    try (FlightTestClient alice = new FlightTestClient(users, null, "alice", "wonderland")) {
      assertEquals(List.of(List.of((long) tiny.items)), count(alice));
    }
  }

  /** Plain gRPC to the TLS endpoint gets no answer, only UNAVAILABLE. */
  @Test @Timeout(60) void tlsOnly() throws Exception {
    String plain = tlsUsers.flight().url().replace("grpc+tls://", "grpc://");
    FlightRuntimeException e = assertThrows(FlightRuntimeException.class,
        () -> new FlightTestClient(plain, null, "alice", "wonderland").close());
    assertEquals(FlightStatusCode.UNAVAILABLE, e.status().code(), e.toString());
  }
}
