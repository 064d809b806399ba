/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.cli;

import org.boundarysql.adapter.TestCatalog;
import org.boundarysql.server.BoundaryServer;
import org.boundarysql.server.TestKeystores;
import org.boundarysql.server.guard.ServerTls;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code serve --tls-keystore FILE --tls-password-file FILE}: its errors and its banner. */
class ServeTlsOptionsTest {
  @TempDir static Path dir;
  static Path catalog;
  static TestKeystores keys;
  static Path users;

  @BeforeAll static void setUp() throws Exception {
    catalog = Files.createDirectories(dir.resolve("catalog"));
    new TestCatalog(catalog, "tiny", 60, 2, 5, Map.of());
    keys = new TestKeystores(Files.createDirectories(dir.resolve("keys")));
    users = dir.resolve("users.txt");
    Files.writeString(users, "ann: ann-secret\n");
  }

  /** Exit code and stderr of a command run in this JVM. */
  private static String[] run(String... args) {
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = BoundaryCli.run(List.of(args));
      return new String[] {String.valueOf(code), err.toString(StandardCharsets.UTF_8)};
    } finally {
      System.setErr(saved);
    }
  }

  @Test void refusesUsersOffLoopbackWithoutTls() {
    String[] result = run("serve", "--catalog", catalog.toString(), "--port", "0",
        "--bind", "0.0.0.0", "--users", users.toString());
    assertEquals("2", result[0]);
    assertTrue(result[1].startsWith("boundary serve: --users on 0.0.0.0 needs TLS: over plain"
        + " HTTP, BASIC authentication shows the passwords to the network; add --tls-keystore"
        + " FILE --tls-password-file FILE, or listen on loopback (--bind 127.0.0.1)"),
        result[1]);
  }

  @Test void refusesHalfATlsSetting() {
    String[] result = run("serve", "--catalog", catalog.toString(), "--port", "0",
        "--tls-keystore", keys.keystore.toString());
    assertEquals("2", result[0]);
    assertTrue(result[1].contains("--tls-keystore and --tls-password-file go together"),
        result[1]);
    Path wrong = dir.resolve("wrong.txt");
    result = run("serve", "--catalog", catalog.toString(), "--port", "0",
        "--tls-keystore", keys.keystore.toString(), "--tls-password-file", wrong.toString());
    assertEquals("2", result[0]);
    assertTrue(result[1].contains("no TLS password file " + wrong), result[1]);
  }

  @Test void bannerSaysHttpsAndHowToTrustIt() throws Exception {
    try (BoundaryServer server = BoundaryServer.start(catalog, dir.resolve("cache"),
        BoundaryServer.LOOPBACK, 0, users, ServerTls.read(keys.keystore, keys.passwordFile))) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      ServeCommand.printBanner(new PrintStream(bytes, true, StandardCharsets.UTF_8), server,
          catalog, users);
      String banner = bytes.toString(StandardCharsets.UTF_8);
      assertTrue(banner.contains("listening on 127.0.0.1:" + server.port() + " (HTTPS, keystore "
          + keys.keystore + "), HTTP BASIC authentication"), banner);
      assertTrue(banner.contains("JDBC URL:     jdbc:avatica:remote:url=https://127.0.0.1:"
          + server.port() + ";serialization=protobuf;authentication=BASIC\n"), banner);
      assertTrue(banner.contains(";truststore=FILE;truststore_password=PASSWORD"), banner);
      assertTrue(banner.contains("URL Template jdbc:avatica:remote:url=https://{host}:{port};"),
          banner);
      assertFalse(banner.contains("unencrypted"), banner);
    }
  }
}
