/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import java.util.ArrayList;
import java.util.List;

/** The command line of a class's {@code main} in a JVM of its own, on this JVM's classpath. */
final class ChildJvm {
  /** Arrow's memory reads direct buffers' addresses: Java 16+ must open java.nio to it. */
  private static final String ADD_OPENS = "--add-opens=java.base/java.nio=ALL-UNNAMED";

  private ChildJvm() {
  }

  static List<String> command(Class<?> main, String... args) {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-Xmx1g", ADD_OPENS, "-cp",
        System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    return command;
  }
}
