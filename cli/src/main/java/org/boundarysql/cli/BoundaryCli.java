/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.cli;

import org.boundarysql.adapter.GeneratedCode;
import org.boundarysql.task.HeapBudget;
import org.boundarysql.task.InsufficientMemoryException;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The command line behind {@code ./boundary}: dispatches to one {@link Command}. */
public final class BoundaryCli {
  private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

  static {
    for (Command command : List.of(new ServeCommand(), new SqlCommand(), new ExampleCommand(),
        new TrainCommand(), new EvalCommand(), new BenchCommand(), new MaterializeCommand(),
        new CaptureCommand(), new DriverCommand())) {
      COMMANDS.put(command.name(), command);
    }
  }

  private BoundaryCli() {
  }

  public static void main(String[] args) {
    GeneratedCode.keep();
    System.exit(run(Arrays.asList(args)));
  }

  static int run(List<String> args) {
    if (args.isEmpty() || List.of("help", "-h", "--help").contains(args.get(0))) {
      System.out.println("usage: ./boundary COMMAND [options]\n\ncommands:");
      COMMANDS.values().forEach(c -> System.out.println("  " + c.usage()));
      System.out.println("  help   this list\n\nEnvironment: BOUNDARY_HOME (default"
          + " ~/.cache/boundarysql) holds the example catalog and caches; BOUNDARY_JAVA_OPTS sets"
          + " JVM options; MAVEN_ARGS is passed to the build.");
      return 0;
    }
    Command command = COMMANDS.get(args.get(0));
    if (command == null) {
      System.err.println("boundary: unknown command '" + args.get(0) + "'; commands: "
          + String.join(", ", COMMANDS.keySet()) + ", help");
      return 2;
    }
    try {
      return command.run(Arguments.parse(args.subList(1, args.size()), command));
    } catch (IllegalArgumentException e) {
      System.err.println("boundary " + command.name() + ": " + e.getMessage());
      return 2;
    } catch (InsufficientMemoryException e) {
      System.err.println("boundary " + command.name() + ": " + e.getMessage());
      return 1;
    } catch (OutOfMemoryError e) {
      System.err.println("boundary " + command.name() + ": out of memory (this JVM's maximum"
          + " heap is " + HeapBudget.size(Runtime.getRuntime().maxMemory()) + "); run it with"
          + " a larger heap, e.g. BOUNDARY_JAVA_OPTS=-Xmx16g");
      return 1;
    } catch (Exception e) {
      System.err.println("boundary " + command.name() + ": " + e);
      e.printStackTrace();
      return 1;
    }
  }
}
