/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import java.util.List;

/**
 * The paper's representative queries Q1–Q5 (Table II) as {@code examples/queries} writes them,
 * in BoundarySQL and in DuckDB's SQL over {@code FLOAT[]} columns. Two changes from the
 * examples: the class constants are fixed here, and Q5 uses the variant's sample like the
 * others instead of its own 20% sample.
 */
public enum BenchQuery {
  Q1("average of every conv2 neuron per class", List.of("conv2")) {
    @Override String calcite(Tables t) {
      return "select label, count(*) as items, avg_activation(activation) as mean_conv2\n"
          + "from " + t.from("conv2", "c") + "\nwhere split = 'test'\n"
          + "group by label order by label";
    }

    @Override String duckdb(Tables t) {
      return "with r as (select label, activation from " + t.from("conv2", "c")
          + " where split = 'test'),\n"
          + MEANS.formatted("label", "label") + "\n"
          + "select m.label, n.items, list(m.mean order by m.i) as mean_conv2\n"
          + "from m join (select label, count(*) as items from r group by label) n using (label)\n"
          + "group by m.label, n.items order by m.label";
    }
  },
  Q2("top-10 conv2 neurons of misclassified items per class", List.of("conv2")) {
    @Override String calcite(Tables t) {
      return "select label, count(*) as items, topk_neurons(activation, 10) as top10\n"
          + "from " + t.from("conv2", "c") + "\nwhere split = 'test' and not correct\n"
          + "group by label order by label";
    }

    @Override String duckdb(Tables t) {
      return "with r as (select label, activation from " + t.from("conv2", "c")
          + " where split = 'test' and not correct),\n"
          + MEANS.formatted("label", "label") + ",\n" + TOP10.formatted("label", "label")
          + "\nselect k.label, n.items, k.top10\n"
          + "from k join (select label, count(*) as items from r group by label) n using (label)\n"
          + "order by k.label";
    }
  },
  Q3("fc2 pattern of class 7, misclassified vs correct", List.of("fc2")) {
    @Override String calcite(Tables t) {
      String group = "where split = 'test' and label = 7 and ";
      return "with grp as (\n"
          + "  select correct, count(*) as items, avg_activation(activation) as mean_fc2\n"
          + "  from " + t.from("fc2", "f") + "\n  where split = 'test' and label = 7\n"
          + "  group by correct)\n"
          + "select w.items as wrong_items, r.items as right_items,\n"
          + "  cosine_distance(w.mean_fc2, r.mean_fc2) as distance,\n"
          + "  topk_precision(\n"
          + "    (select topk_neurons(activation, 10) from " + t.from("fc2", "a") + "\n"
          + "     " + group + "not correct),\n"
          + "    (select topk_neurons(activation, 10) from " + t.from("fc2", "b") + "\n"
          + "     " + group + "correct)) as shared_top10\n"
          + "from grp w, grp r\nwhere not w.correct and r.correct";
    }

    @Override String duckdb(Tables t) {
      return "with r as (select correct, activation from " + t.from("fc2", "f")
          + " where split = 'test' and label = 7),\n"
          + MEANS.formatted("correct", "correct") + ",\n"
          + TOP10.formatted("correct", "correct") + ",\n"
          + "n as (select correct, count(*) as items from r group by correct),\n"
          + "d as (select 1 - sum(w.mean * c.mean)\n"
          + "    / sqrt(sum(w.mean * w.mean) * sum(c.mean * c.mean)) as distance\n"
          + "  from m w join m c on w.i = c.i where not w.correct and c.correct)\n"
          + "select nw.items as wrong_items, nc.items as right_items, d.distance,\n"
          + "  len(list_intersect(kw.top10, kc.top10)) / len(kc.top10) as shared_top10\n"
          + "from n nw, n nc, k kw, k kc, d\n"
          + "where not nw.correct and nc.correct and not kw.correct and kc.correct";
    }
  },
  Q4("linear CKA of logits and conv2, class 3", List.of("logits", "conv2")) {
    @Override String calcite(Tables t) {
      return "select count(*) as items, linear_cka(l.activation, c.activation) as cka\n"
          + "from " + t.from("logits", "l") + "\njoin " + t.from("conv2", "c")
          + " on l.id = c.id\nwhere l.split = 'test' and l.label = 3";
    }

    /**
     * Linear CKA in its kernel form, ⟨HKH, HLH⟩ / (‖HKH‖ ‖HLH‖) with the Gram matrices K, L of
     * the items: what SQL can express without per-neuron cross products (conv2 has 1,600).
     * Dot products in double precision: in FLOAT the centring loses the digits.
     */
    @Override String duckdb(Tables t) {
      return "with r as materialized (select l.id, l.activation::DOUBLE[] as a,"
          + " c.activation::DOUBLE[] as b\n"
          + "  from " + t.from("logits", "l") + " join " + t.from("conv2", "c")
          + " on l.id = c.id\n  where l.split = 'test' and l.label = 3),\n"
          + "g as (select x.id as i, y.id as j, list_dot_product(x.a, y.a) as k,"
          + " list_dot_product(x.b, y.b) as l from r x, r y),\n"
          + "rm as (select i, avg(k) as mk, avg(l) as ml from g group by i),\n"
          + "gm as (select avg(k) as mk, avg(l) as ml from g),\n"
          + "c as (select g.k - ri.mk - rj.mk + gm.mk as kc, g.l - ri.ml - rj.ml + gm.ml as lc\n"
          + "  from g join rm ri on g.i = ri.i join rm rj on g.j = rj.i, gm)\n"
          + "select (select count(*) from r) as items,\n"
          + "  least(1, sum(kc * lc) / sqrt(sum(kc * kc) * sum(lc * lc))) as cka from c";
    }
  },
  Q5("top-10 and argmax shares of conv2, class 4 predicted as 9", List.of("conv2")) {
    @Override String calcite(Tables t) {
      return "select count(*) as items, topk_neurons(activation, 10) as top10,\n"
          + "  argmax_dist(activation) as argmax_share\n"
          + "from " + t.from("conv2", "c") + "\n"
          + "where split = 'test' and label = 4 and predicted = 9";
    }

    @Override String duckdb(Tables t) {
      return "with r as (select 0 as g, activation from " + t.from("conv2", "c")
          + " where split = 'test' and label = 4 and predicted = 9),\n"
          + MEANS.formatted("g", "g") + ",\n" + TOP10.formatted("g", "g") + ",\n"
          + "a as (select list_position(activation, list_max(activation)) - 1 as neuron,"
          + " count(*) as hits from r group by neuron)\n"
          + "select (select count(*) from r) as items, (select top10 from k) as top10,\n"
          + "  (select list(coalesce(a.hits, 0) / (select count(*) from r) order by w.i)\n"
          + "   from range((select len(activation) from r limit 1)) w(i)"
          + " left join a on a.neuron = w.i) as argmax_share";
    }
  };

  /** CTE {@code m(<key>, i, mean)}: the mean of neuron i (0-based) per key over CTE r. */
  private static final String MEANS = "m as (select %s, i, avg(v) as mean from"
      + " (select %s, unnest(activation) as v, unnest(range(len(activation))) as i from r)"
      + " group by all)";
  /** CTE {@code k(<key>, top10)} from {@link #MEANS}: highest mean first, ties to lower i. */
  private static final String TOP10 = "k as (select %s, list(i order by rank) as top10 from"
      + " (select *, row_number() over (partition by %s order by mean desc, i) as rank from m)"
      + " where rank <= 10 group by all)";

  /** Names a layer table in a query's FROM clause, with an alias. */
  @FunctionalInterface
  interface Tables {
    String from(String layer, String alias);
  }

  private final String description;
  private final List<String> layers;

  BenchQuery(String description, List<String> layers) {
    this.description = description;
    this.layers = layers;
  }

  String description() {
    return description;
  }

  /** The layers the query reads. */
  List<String> layers() {
    return layers;
  }

  /** The query in BoundarySQL. */
  abstract String calcite(Tables tables);

  /** The same question in DuckDB's SQL, over tables with {@code activation FLOAT[]}. */
  abstract String duckdb(Tables tables);
}
