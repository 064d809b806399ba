/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.spark;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code --name value} options of one command, checked against the names it takes. */
final class CommandLine {
  private final String command;
  private final Map<String, String> options = new HashMap<>();

  CommandLine(String command, List<String> args, Set<String> names) {
    this.command = command;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--") || !names.contains(arg.substring(2))) {
        throw new IllegalArgumentException("unknown option '" + arg + "'; options: --"
            + String.join(", --", names.stream().sorted().toList()));
      }
      if (i + 1 == args.size()) {
        throw new IllegalArgumentException(arg + " needs a value");
      }
      options.put(arg.substring(2), args.get(++i));
    }
  }

  /** Returns a required option's value. */
  String required(String name) {
    String value = options.get(name);
    if (value == null) {
      throw new IllegalArgumentException(command + " needs --" + name);
    }
    return value;
  }

  /** Returns an option's value, or {@code otherwise}. */
  String optional(String name, String otherwise) {
    return options.getOrDefault(name, otherwise);
  }
}
