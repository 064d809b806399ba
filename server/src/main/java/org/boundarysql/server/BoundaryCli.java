/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The command line behind {@code ./boundary}: dispatches to one {@link Command}. */
public final class BoundaryCli {
  private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();
  private static final Map<String, Set<String>> OPTIONS = new LinkedHashMap<>();

  static {
    register(new SqlCommand(), SqlCommand.options());
    register(new MainClassCommand("example", "example [--catalog DIR] [--data DIR] [--only STORES]"
        + "   build the example catalog from the committed weights",
        org.boundarysql.example.ExampleCatalog::main), MainClassCommand.options());
    register(new MainClassCommand("train", "train [--epochs N] [--checkpoints] MODELS|all"
        + "   retrain the example models (slow; the weights are committed)",
        org.boundarysql.example.ExampleTraining::main), MainClassCommand.options());
    register(new MainClassCommand("eval", org.boundarysql.eval.EvaluationOptions.USAGE
        + "   reproduce the paper's evaluation on a store",
        org.boundarysql.eval.Evaluation::main), MainClassCommand.options());
    register(new ServeCommand(), ServeCommand.options());
    register(new MainClassCommand("bench", org.boundarysql.bench.BenchCommand.USAGE,
        org.boundarysql.bench.BenchCommand::main), MainClassCommand.options());
    register(new MainClassCommand("materialize", org.boundarysql.bench.MaterializeCommand.USAGE,
        org.boundarysql.bench.MaterializeCommand::main), MainClassCommand.options());
  }

  private BoundaryCli() {
  }

  private static void register(Command command, Set<String> options) {
    COMMANDS.put(command.name(), command);
    OPTIONS.put(command.name(), options);
  }

  public static void main(String[] args) {
    System.exit(run(Arrays.asList(args)));
  }

  static int run(List<String> args) {
    if (args.isEmpty() || List.of("help", "-h", "--help").contains(args.get(0))) {
      System.out.println("usage: ./boundary COMMAND [options]\n\ncommands:");
      COMMANDS.values().forEach(c -> System.out.println("  " + c.usage()));
      System.out.println("  help   this list\n\nEnvironment: BOUNDARY_HOME (default ~/.cache/boundarysql)"
          + " holds the example catalog and caches; BOUNDARY_JAVA_OPTS sets JVM options.");
      return 0;
    }
    Command command = COMMANDS.get(args.get(0));
    if (command == null) {
      System.err.println("boundary: unknown command '" + args.get(0) + "'; commands: "
          + String.join(", ", COMMANDS.keySet()) + ", help");
      return 2;
    }
    try {
      return command.run(Arguments.parse(args.subList(1, args.size()),
          OPTIONS.get(command.name())));
    } catch (IllegalArgumentException e) {
      System.err.println("boundary " + command.name() + ": " + e.getMessage());
      return 2;
    } catch (Exception e) {
      System.err.println("boundary " + command.name() + ": " + e);
      e.printStackTrace();
      return 1;
    }
  }
}
