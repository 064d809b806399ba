/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server;

import org.apache.calcite.avatica.AvaticaClientRuntimeException;
import org.boundarysql.adapter.BoundaryErrors;
import org.boundarysql.adapter.TestCatalog;
import org.boundarysql.server.guard.ServerTls;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import java.util.Properties;

import static org.boundarysql.server.RemoteServer.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTPS from a keystore: the remote driver connects over TLS with a truststore and BASIC
 * credentials; without the truststore it does not; BASIC over plain HTTP off loopback is
 * refused.
 */
class ServerTlsTest {
  @TempDir static Path dir;
  static Path catalog;
  static TestCatalog tiny;
  static TestKeystores keys;
  static Path users;

  @BeforeAll static void setUp() throws Exception {
    catalog = Files.createDirectories(dir.resolve("catalog"));
    tiny = new TestCatalog(catalog, "tiny", 150, 3, 11, Map.of());
    keys = new TestKeystores(Files.createDirectories(dir.resolve("keys")));
    users = dir.resolve("users.txt");
    Files.writeString(users, "ann: ann-secret\n");
    Class.forName(BoundaryServer.REMOTE_DRIVER);
  }

  private static Properties login(String user, String password) {
    Properties properties = new Properties();
    properties.setProperty("avatica_user", user);
    properties.setProperty("avatica_password", password);
    return properties;
  }

  @Test void servesHttpsToAClientThatTrustsTheCertificate() throws Exception {
    try (BoundaryServer server = BoundaryServer.start(catalog, dir.resolve("cache"),
        BoundaryServer.LOOPBACK, 0, users, ServerTls.read(keys.keystore, keys.passwordFile))) {
      assertEquals("jdbc:avatica:remote:url=https://127.0.0.1:" + server.port()
          + ";serialization=protobuf;authentication=BASIC", server.jdbcUrl());
      String url = server.jdbcUrl() + keys.trustUrlSuffix();
      try (Connection c = DriverManager.getConnection(url, login("ann", "ann-secret"))) {
        assertEquals(tiny.items, single(c, "select count(*) from tiny.items"));
      }
      // The certificate is not trusted without the truststore: no connection, no data.
      Exception untrusted = assertThrows(Exception.class, () -> {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(),
            login("ann", "ann-secret"))) {
          single(c, "select count(*) from tiny.items");
        }
      });
      assertTrue(messages(untrusted).matches("(?s).*(PKIX|certification path|SSL).*"),
          messages(untrusted));
      // TLS does not replace authentication, and a refusal over TLS says what it refuses.
      AvaticaClientRuntimeException wrong = assertThrows(AvaticaClientRuntimeException.class,
          () -> DriverManager.getConnection(url, login("ann", "wrong")).close());
      assertEquals(BoundaryErrors.AUTHORIZATION, wrong.getSqlState());
      assertEquals("Remote driver error: authentication failed: wrong user name or password",
          wrong.getMessage());
    }
  }

  @Test void servesHttpsWithoutUsers() throws Exception {
    try (BoundaryServer server = BoundaryServer.start(catalog, dir.resolve("cache"),
        BoundaryServer.LOOPBACK, 0, null, ServerTls.of(keys.keystore, TestKeystores.PASSWORD));
         Connection c = DriverManager.getConnection(server.jdbcUrl() + keys.trustUrlSuffix())) {
      assertTrue(server.httpUrl().startsWith("https://127.0.0.1:"), server.httpUrl());
      assertEquals(tiny.items, single(c, "select count(*) from tiny.fc2"));
    }
  }

  @Test void refusesBasicAuthenticationOffLoopbackWithoutTls() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BoundaryServer.start(catalog, dir.resolve("cache"), "0.0.0.0", 0, users));
    assertEquals("--users on 0.0.0.0 needs TLS: over plain HTTP, BASIC authentication shows"
        + " the passwords to the network; add --tls-keystore FILE --tls-password-file FILE, or"
        + " listen on loopback (--bind 127.0.0.1)", e.getMessage());
  }

  @Test void saysWhatIsWrongWithAKeystore() throws Exception {
    Path wrong = dir.resolve("wrong-password.txt");
    Files.writeString(wrong, "not-the-password\n");
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> ServerTls.read(keys.keystore, wrong)).getMessage()
        .startsWith("cannot open TLS keystore " + keys.keystore + ": wrong password"));
    assertEquals("TLS keystore " + keys.truststore + " holds no private key; create one with"
        + " keytool -genkeypair (see README, Server)", assertThrows(
            IllegalArgumentException.class,
            () -> ServerTls.of(keys.truststore, TestKeystores.TRUST_PASSWORD)).getMessage());
    assertEquals("no TLS keystore " + dir.resolve("none.p12"), assertThrows(
        IllegalArgumentException.class,
        () -> ServerTls.read(dir.resolve("none.p12"), keys.passwordFile)).getMessage());
    Path empty = dir.resolve("empty.txt");
    Files.writeString(empty, "");
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> ServerTls.read(keys.keystore, empty)).getMessage().endsWith(" is empty; its first"
        + " line is the keystore's password"));
  }

  private static String messages(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t).append('\n');
    }
    return all.toString();
  }
}
