/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.cli;

import org.boundarysql.server.BoundaryServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code ./boundary driver [--out FILE]}: writes one self-contained JDBC driver jar (the
 * Avatica remote driver with what it needs) for DBeaver, BI tools and any JDBC client of
 * {@code ./boundary serve}; see {@link DriverJar}.
 */
final class DriverCommand implements Command {
  @Override public String name() {
    return "driver";
  }

  @Override public String usage() {
    return "driver [--out FILE]   one self-contained JDBC driver jar for DBeaver, BI tools";
  }

  @Override public Syntax syntax() {
    return Syntax.of(Set.of("out"), Set.of());
  }

  @Override public int run(Arguments arguments) throws Exception {
    Path out = arguments.path("out", DriverJar.defaultPath()).toAbsolutePath();
    if (Files.isDirectory(out)) {
      out = out.resolve(DriverJar.defaultPath().getFileName());
    }
    List<Path> parts;
    try {
      parts = DriverJar.write(out);
    } catch (IllegalStateException e) {
      System.err.println("boundary driver: " + e.getMessage());
      return 1;
    }
    System.out.printf(Locale.ROOT, "wrote %s (%.1f MB)%n", out, Files.size(out) / 1e6);
    System.out.println("  from " + String.join(", ",
        parts.stream().map(part -> part.getFileName().toString()).toList()));
    System.out.println();
    System.out.println("driver class: " + BoundaryServer.REMOTE_DRIVER);
    System.out.println("URL:          jdbc:avatica:remote:url=http://HOST:"
        + BoundaryServer.DEFAULT_PORT + ";serialization=protobuf");
    System.out.println("              (https://... with --tls-keystore; add"
        + " ;authentication=BASIC with --users)");
    System.out.println("DBeaver:      Database > Driver Manager > New; Class Name "
        + BoundaryServer.REMOTE_DRIVER + "; Libraries > Add File: this jar");
    System.out.println("any tool:     java -cp " + out + ":YOUR_CLASSES ...");
    return 0;
  }
}
