/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server;

import org.apache.calcite.avatica.remote.ProtobufTranslation;
import org.apache.calcite.avatica.remote.ProtobufTranslationImpl;
import org.apache.calcite.avatica.remote.Service;
import org.boundarysql.adapter.TestCatalog;

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
import java.util.Map;
import java.util.Properties;

import static org.boundarysql.server.RemoteServer.connect;
import static org.boundarysql.server.RemoteServer.post;
import static org.boundarysql.server.RemoteServer.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tests HTTP BASIC authentication with a users file, and the same server without it. */
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

  @Test void refusesWrongOrMissingCredentials() {
    for (Properties login : new Properties[] {
        credentials("avatica_user", "alice", "avatica_password", "wrong"),
        credentials("avatica_user", "mallory", "avatica_password", "wonderland"),
        // The remote driver sends avatica_user/avatica_password over HTTP, never user/password
        // (which is why the README tells DBeaver users to set the avatica_ properties).
        credentials("user", "alice", "password", "wonderland"),
        new Properties()}) {
      Exception e = assertThrows(Exception.class, () -> {
        try (Connection c = connect(guarded, login)) {
          single(c, "select count(*) from tiny.items");
        }
      }, login.toString());
      assertTrue(String.valueOf(e.getMessage()).contains("401"), e.toString());
    }
  }

  /**
   * Over plain HTTP: the request that lists schemas gets 401 and no data without the right
   * credentials, and the schemas with them; the server without a users file needs none.
   */
  @Test void answers401WithoutData() throws IOException {
    ProtobufTranslation protobuf = new ProtobufTranslationImpl();
    for (BoundaryServer server : new BoundaryServer[] {open, guarded}) {
      String[] user = server == guarded ? new String[] {"alice", "wonderland"}
          : new String[] {null, null};
      String id = "http-" + server.port();
      String[] opened = post(server, user[0], user[1], protobuf.serializeRequest(
          new Service.OpenConnectionRequest(id, Map.of())));
      assertEquals("200", opened[0], opened[1]);
      byte[] schemas = protobuf.serializeRequest(new Service.SchemasRequest(id, null, null));
      String[] answer = post(server, user[0], user[1], schemas);
      assertEquals("200", answer[0]);
      assertTrue(answer[1].contains("tiny"), answer[1]);
      if (server == guarded) {
        for (String[] wrong : new String[][] {{null, null}, {"alice", "wrong"},
            {"mallory", "wonderland"}}) {
          String[] refused = post(server, wrong[0], wrong[1], schemas);
          assertEquals("401", refused[0], String.join(":", wrong));
          assertFalse(refused[1].contains("tiny"), refused[1]);
        }
      }
    }
  }
}
