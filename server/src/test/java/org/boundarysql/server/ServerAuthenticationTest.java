/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server;

import org.apache.calcite.avatica.AvaticaClientRuntimeException;
import org.apache.calcite.avatica.remote.ProtobufTranslation;
import org.apache.calcite.avatica.remote.ProtobufTranslationImpl;
import org.apache.calcite.avatica.remote.Service;
import org.boundarysql.adapter.BoundaryErrors;
import org.boundarysql.adapter.TestCatalog;
import org.boundarysql.server.RemoteServer.Answer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.boundarysql.server.RemoteServer.connect;
import static org.boundarysql.server.RemoteServer.post;
import static org.boundarysql.server.RemoteServer.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tests HTTP BASIC authentication with a users file, and the same server without it, through
 * the remote driver and plain HTTP.
 */
class ServerAuthenticationTest {
  @TempDir static Path dir;
  static TestCatalog tiny;
  static BoundaryServer open;
  static BoundaryServer guarded;

  @BeforeAll static void startServers() throws Exception {
    Path catalog = Files.createDirectories(dir.resolve("catalog"));
    tiny = new TestCatalog(catalog, "tiny", 300, 3, 11, Map.of());
    Path users = dir.resolve("users");
    Files.writeString(users, "# BoundarySQL users\nalice: wonderland\nbob: builder, analyst\n");
    Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-------"));
    open = BoundaryServer.start(catalog, dir.resolve("cache"), "127.0.0.1", 0, null);
    guarded = BoundaryServer.start(catalog, dir.resolve("cache"), "127.0.0.1", 0, users);
  }

  @AfterAll static void stopServers() {
    open.close();
    guarded.close();
  }

  static Properties credentials(String userKey, String user, String passwordKey,
      String password) {
    Properties properties = new Properties();
    properties.setProperty(userKey, user);
    properties.setProperty(passwordKey, password);
    return properties;
  }

  @Test void urlAsksForBasicAuthentication() {
    assertTrue(guarded.jdbcUrl().endsWith(";serialization=protobuf;authentication=BASIC"),
        guarded.jdbcUrl());
    assertFalse(open.jdbcUrl().contains("authentication"), open.jdbcUrl());
  }

  @Test void letsUsersOfTheFileIn() throws SQLException {
    for (Properties login : new Properties[] {
        credentials("avatica_user", "alice", "avatica_password", "wonderland"),
        credentials("avatica_user", "bob", "avatica_password", "builder")}) {
      try (Connection c = connect(guarded, login)) {
        assertEquals(tiny.items, single(c, "select count(*) from tiny.items"));
      }
    }
  }

  /**
   * Wrong credentials (a wrong password, an unknown user) reach the remote driver as one
   * sentence with SQLSTATE 28000, which it throws from {@code connect} unchecked, as it throws
   * every refusal of a connection; the server goes on serving.
   */
  @Test void refusesWrongCredentialsWithSqlState28000() throws SQLException {
    for (Properties login : new Properties[] {
        credentials("avatica_user", "alice", "avatica_password", "wrong"),
        credentials("avatica_user", "mallory", "avatica_password", "wonderland")}) {
      AvaticaClientRuntimeException e = assertThrows(AvaticaClientRuntimeException.class,
          () -> connect(guarded, login).close(), login.toString());
      System.out.println("authentication: " + login.getProperty("avatica_user") + " | "
          + e.getSqlState() + " | " + e.getMessage());
      assertEquals(BoundaryErrors.AUTHORIZATION, e.getSqlState());
      assertEquals("Remote driver error: authentication failed: wrong user name or password",
          e.getMessage());
      assertEquals(List.of(), e.getServerExceptions());
      try (Connection c = connect(guarded,
          credentials("avatica_user", "alice", "avatica_password", "wonderland"))) {
        assertEquals(tiny.items, single(c, "select count(*) from tiny.items"));
      }
    }
  }

  /**
   * Without credentials the remote driver stops at the server's 401 challenge with its own
   * "got HTTP/401": it reads the body of a 200 or a 500 only, and sends credentials only in
   * answer to a 401, so no other answer would let the clients that have credentials in.
   */
  @Test void refusesMissingCredentialsWithTheChallenge() {
    for (Properties login : new Properties[] {
        // The remote driver sends avatica_user/avatica_password over HTTP, never user/password
        // (which is why the README tells DBeaver users to set the avatica_ properties).
        credentials("user", "alice", "password", "wonderland"),
        new Properties()}) {
      RuntimeException e = assertThrows(RuntimeException.class,
          () -> connect(guarded, login).close(), login.toString());
      System.out.println("authentication: none | " + e.getMessage());
      assertEquals("Failed to execute HTTP Request, got HTTP/401", e.getMessage());
    }
  }

  /**
   * Over plain HTTP: the request that lists schemas gets no data without the right
   * credentials, and the schemas with them; the server without a users file needs none. A
   * request without credentials gets 401 and a sentence, one with wrong credentials 500 and an
   * Avatica error; both keep the BASIC challenge.
   */
  @Test void refusesWithoutData() throws IOException {
    ProtobufTranslation protobuf = new ProtobufTranslationImpl();
    for (BoundaryServer server : new BoundaryServer[] {open, guarded}) {
      String[] user = server == guarded ? new String[] {"alice", "wonderland"}
          : new String[] {null, null};
      String id = "http-" + server.port();
      Answer opened = post(server, user[0], user[1], protobuf.serializeRequest(
          new Service.OpenConnectionRequest(id, Map.of())));
      assertEquals(200, opened.status(), opened.text());
      byte[] schemas = protobuf.serializeRequest(new Service.SchemasRequest(id, null, null));
      Answer answer = post(server, user[0], user[1], schemas);
      assertEquals(200, answer.status());
      assertTrue(answer.text().contains("tiny"), answer.text());
      assertNull(answer.challenge());
      if (server == guarded) {
        Answer none = post(server, null, null, schemas);
        assertEquals(401, none.status());
        assertEquals("basic realm=\"Avatica\"", none.challenge());
        assertEquals("this server requires a user and password (HTTP BASIC)\n", none.text());
        for (String[] wrong : new String[][] {{"alice", "wrong"}, {"mallory", "wonderland"}}) {
          Answer refused = post(server, wrong[0], wrong[1], schemas);
          assertEquals(500, refused.status(), String.join(":", wrong));
          assertEquals(none.challenge(), refused.challenge());
          Service.ErrorResponse error =
              (Service.ErrorResponse) protobuf.parseResponse(refused.body());
          assertEquals(BoundaryErrors.AUTHORIZATION, error.sqlState);
          assertEquals("authentication failed: wrong user name or password",
              error.errorMessage);
          assertFalse(refused.text().contains("tiny"), refused.text());
        }
      }
    }
  }
}
