/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server;

import java.util.Set;

/** A command that hands its arguments to another program's {@code main}. */
final class MainClassCommand implements Command {
  /** A {@code main} method. */
  @FunctionalInterface
  interface Main {
    void run(String[] args) throws Exception;
  }

  private final String name;
  private final String usage;
  private final Main main;

  MainClassCommand(String name, String usage, Main main) {
    this.name = name;
    this.usage = usage;
    this.main = main;
  }

  @Override public String name() {
    return name;
  }

  @Override public String usage() {
    return usage;
  }

  @Override public int run(Arguments arguments) throws Exception {
    main.run(arguments.rest().toArray(new String[0]));
    return 0;
  }

  static Set<String> options() {
    return Set.of();
  }
}
