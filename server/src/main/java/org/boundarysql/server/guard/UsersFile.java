/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server.guard;

import org.eclipse.jetty.util.security.Credential;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The users of HTTP BASIC authentication: a file of {@code name: password} lines (Jetty's
 * {@code HashLoginService} format; the password may be plain or {@code MD5:}, {@code CRYPT:},
 * {@code OBF:} from Jetty's {@code Password} tool; roles after a comma are allowed and not
 * needed; {@code #} starts a comment). Read once to give a clear error before the server
 * starts; Jetty reads it again for the logins over HTTP, the Flight SQL endpoint checks its
 * logins with {@link #accepts}, with Jetty's {@link Credential} for the same formats.
 */
public final class UsersFile {
  /** What a client with wrong credentials is told: not which of the two is wrong. */
  public static final String WRONG_CREDENTIALS =
      "authentication failed: wrong user name or password";
  /** What a client without credentials is told. */
  public static final String NO_CREDENTIALS = "this server requires a user and password";

  private final Path file;
  private final Map<String, Credential> users;

  private UsersFile(Path file, Map<String, Credential> users) {
    this.file = file;
    this.users = users;
  }

  /** Reads and checks {@code file}; throws IllegalArgumentException naming the problem. */
  public static UsersFile read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no users file " + file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read users file " + file + ": " + e);
    }
    Map<String, Credential> users = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      String name = colon < 0 ? "" : line.substring(0, colon).strip();
      String rest = colon < 0 ? "" : line.substring(colon + 1);
      String password = rest.split(",", -1)[0].strip();
      if (name.isEmpty() || password.isEmpty()) {
        throw new IllegalArgumentException("users file " + file + " line " + (i + 1)
            + ": expected 'name: password'");
      }
      if (users.containsKey(name)) {
        throw new IllegalArgumentException("users file " + file + " line " + (i + 1)
            + ": user '" + name + "' appears twice");
      }
      users.put(name, Credential.getCredential(password));
    }
    if (users.isEmpty()) {
      throw new IllegalArgumentException("users file " + file
          + " has no users; write one 'name: password' line per user");
    }
    return new UsersFile(file.toAbsolutePath(), users);
  }

  /** The file, for an endpoint that reads it itself (Jetty's BASIC authentication). */
  public Path file() {
    return file;
  }

  List<String> users() {
    return List.copyOf(users.keySet());
  }

  /** Whether {@code user} is a user of this file and {@code password} is theirs. */
  public boolean accepts(String user, String password) {
    Credential credential = users.get(user);
    return credential != null && credential.check(password);
  }

  /** A warning if other users of this machine can read the passwords, else null. */
  public String permissionWarning() {
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      if (permissions.contains(PosixFilePermission.GROUP_READ)
          || permissions.contains(PosixFilePermission.OTHERS_READ)) {
        return "users file " + file + " is readable by other users; chmod 600 " + file;
      }
    } catch (UnsupportedOperationException | IOException e) {
      return null;
    }
    return null;
  }
}
