/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.cli;

import org.boundarysql.example.ExampleTraining;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code ./boundary train [--epochs N] [--checkpoints] [--out DIR] [--data DIR] MODELS|all}:
 * retrains the example models.
 */
final class TrainCommand implements Command {
  @Override public String name() {
    return "train";
  }

  @Override public String usage() {
    return "train [--epochs N] [--checkpoints] [--out DIR] [--data DIR] MODELS|all|report"
        + "   retrain the example models (slow; the weights are committed)";
  }

  @Override public Syntax syntax() {
    return new Syntax(Set.of("epochs", "out", "data"), Set.of("checkpoints"), false, true);
  }

  @Override public int run(Arguments arguments) throws Exception {
    List<String> models = arguments.rest().isEmpty() ? List.of("all") : arguments.rest();
    ExampleTraining.train(arguments.path("out", Path.of("examples", "models").toAbsolutePath()),
        arguments.path("data", null), arguments.integer("epochs", 3),
        arguments.flag("checkpoints"), models);
    return 0;
  }
}
