/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server.guard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tests reading the users file of {@code --users}: each problem named with its line. */
class UsersFileTest {
  @TempDir Path dir;

  private Path write(String text) throws IOException {
    Path file = dir.resolve("users");
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  private String problem(String text) throws IOException {
    Path file = write(text);
    return assertThrows(IllegalArgumentException.class, () -> UsersFile.read(file))
        .getMessage();
  }

  @Test void readsUsersSkippingCommentsAndRoles() throws IOException {
    UsersFile users = UsersFile.read(write("# users\n\nalice: wonderland\n"
        + "  bob : MD5:164c88b302622e17050af52c89945d44 , analyst\n"));
    assertEquals(List.of("alice", "bob"), users.users());
    assertNull(users.permissionWarning());
  }

  /**
   * Logins are checked as Jetty checks them, plain or hashed (an MD5 computed here with the
   * JDK's digest): the Flight SQL endpoint's users are the HTTP endpoint's.
   */
  @Test void acceptsTheRightPasswordOnly() throws Exception {
    String md5 = java.util.HexFormat.of().formatHex(java.security.MessageDigest
        .getInstance("MD5").digest("builder".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    UsersFile users = UsersFile.read(write("alice: wonderland\nbob: MD5:" + md5 + ", analyst\n"));
    assertTrue(users.accepts("alice", "wonderland"));
    assertTrue(users.accepts("bob", "builder"));
    assertFalse(users.accepts("alice", "builder"));
    assertFalse(users.accepts("bob", "MD5:" + md5));
    assertFalse(users.accepts("carol", "wonderland"));
  }

  @Test void namesTheLineOfAProblem() throws IOException {
    assertTrue(problem("alice: wonderland\nbob\n").endsWith("line 2: expected 'name: password'"));
    assertTrue(problem("alice:\n").endsWith("line 1: expected 'name: password'"));
    assertTrue(problem(": secret\n").endsWith("line 1: expected 'name: password'"));
    assertTrue(problem("alice: a\nalice: b\n").endsWith("line 2: user 'alice' appears twice"));
    assertTrue(problem("# nobody\n\n").contains("has no users"));
    Path missing = dir.resolve("missing");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> UsersFile.read(missing))
        .getMessage().equals("no users file " + missing));
  }

  @Test void warnsWhenOthersCanReadThePasswords() throws IOException {
    Path file = write("alice: wonderland\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertTrue(UsersFile.read(file).permissionWarning().contains("chmod 600"));
  }
}
