/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import java.util.List;

/**
 * The paper's representative queries Q1–Q5 (Table II) as {@code examples/queries} writes them,
 * in BoundarySQL and in DuckDB's SQL over {@code FLOAT[]} columns, on the layers, split and
 * classes of a store's {@link BenchRoles} (on the example store: conv2, fc2 and logits when
 * given as options). Q5 uses the variant's sample like the others instead of its own 20% sample.
 */
public enum BenchQuery {
  Q1("average of every neuron of the wide layer per class") {
    @Override String calcite(Tables t, BenchRoles r) {
      return "select label, count(*) as items, avg_activation(activation) as mean_wide\n"
          + "from " + t.from(r.wide(), "c") + "\nwhere split = '" + r.split() + "'\n"
          + "group by label order by label";
    }

    @Override String duckdb(Tables t, BenchRoles r) {
      return "with r as (select label, activation from " + t.from(r.wide(), "c")
          + " where split = '" + r.split() + "'),\n"
          + MEANS.formatted("label", "label") + "\n"
          + "select m.label, n.items, list(m.mean order by m.i) as mean_wide\n"
          + "from m join (select label, count(*) as items from r group by label) n using (label)\n"
          + "group by m.label, n.items order by m.label";
    }
  },
  Q2("top-10 neurons of the wide layer of misclassified items per class") {
    @Override String calcite(Tables t, BenchRoles r) {
      return "select label, count(*) as items, topk_neurons(activation, 10) as top10\n"
          + "from " + t.from(r.wide(), "c") + "\nwhere split = '" + r.split()
          + "' and not correct\ngroup by label order by label";
    }

    @Override String duckdb(Tables t, BenchRoles r) {
      return "with r as (select label, activation from " + t.from(r.wide(), "c")
          + " where split = '" + r.split() + "' and not correct),\n"
          + MEANS.formatted("label", "label") + ",\n" + TOP10.formatted("label", "label")
          + "\nselect k.label, n.items, k.top10\n"
          + "from k join (select label, count(*) as items from r group by label) n using (label)\n"
          + "order by k.label";
    }
  },
  Q3("latent pattern of one class, misclassified vs correct") {
    @Override String calcite(Tables t, BenchRoles r) {
      String where = "where split = '" + r.split() + "' and label = " + r.q3Class();
      return "with grp as (\n"
          + "  select correct, count(*) as items, avg_activation(activation) as mean_latent\n"
          + "  from " + t.from(r.latent(), "f") + "\n  " + where + "\n"
          + "  group by correct)\n"
          + "select w.items as wrong_items, r.items as right_items,\n"
          + "  cosine_distance(w.mean_latent, r.mean_latent) as distance,\n"
          + "  topk_precision(\n"
          + "    (select topk_neurons(activation, 10) from " + t.from(r.latent(), "a") + "\n"
          + "     " + where + " and not correct),\n"
          + "    (select topk_neurons(activation, 10) from " + t.from(r.latent(), "b") + "\n"
          + "     " + where + " and correct)) as shared_top10\n"
          + "from grp w, grp r\nwhere not w.correct and r.correct";
    }

    @Override String duckdb(Tables t, BenchRoles r) {
      return "with r as (select correct, activation from " + t.from(r.latent(), "f")
          + " where split = '" + r.split() + "' and label = " + r.q3Class() + "),\n"
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
  Q4("linear CKA of the logits and the wide layer, one class") {
    @Override String calcite(Tables t, BenchRoles r) {
      return "select count(*) as items, linear_cka(l.activation, c.activation) as cka\n"
          + "from " + t.from(r.logits(), "l") + "\njoin " + t.from(r.wide(), "c")
          + " on l.id = c.id\nwhere l.split = '" + r.split() + "' and l.label = "
          + r.q4Class();
    }

    /**
     * Linear CKA in its kernel form, ⟨HKH, HLH⟩ / (‖HKH‖ ‖HLH‖) with the Gram matrices K, L of
     * the items: what SQL can express without per-neuron cross products (a wide layer has
     * thousands). Dot products in double precision: in FLOAT the centring loses the digits.
     */
    @Override String duckdb(Tables t, BenchRoles r) {
      return "with r as materialized (select l.id, l.activation::DOUBLE[] as a,"
          + " c.activation::DOUBLE[] as b\n"
          + "  from " + t.from(r.logits(), "l") + " join " + t.from(r.wide(), "c")
          + " on l.id = c.id\n  where l.split = '" + r.split() + "' and l.label = "
          + r.q4Class() + "),\n"
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
  Q5("top-10 and argmax shares of the wide layer, the most frequent confusion") {
    @Override String calcite(Tables t, BenchRoles r) {
      return "select count(*) as items, topk_neurons(activation, 10) as top10,\n"
          + "  argmax_dist(activation) as argmax_share\n"
          + "from " + t.from(r.wide(), "c") + "\n"
          + "where split = '" + r.split() + "' and label = " + r.q5Label() + " and predicted = "
          + r.q5Predicted();
    }

    @Override String duckdb(Tables t, BenchRoles r) {
      return "with r as (select 0 as g, activation from " + t.from(r.wide(), "c")
          + " where split = '" + r.split() + "' and label = " + r.q5Label()
          + " and predicted = " + r.q5Predicted() + "),\n"
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

  BenchQuery(String description) {
    this.description = description;
  }

  String description() {
    return description;
  }

  /** The layers the query reads. */
  List<String> layers(BenchRoles roles) {
    return switch (this) {
      case Q3 -> List.of(roles.latent());
      case Q4 -> List.of(roles.logits(), roles.wide());
      default -> List.of(roles.wide());
    };
  }

  /** The query in BoundarySQL. */
  abstract String calcite(Tables tables, BenchRoles roles);

  /** The same question in DuckDB's SQL, over tables with {@code activation FLOAT[]}. */
  abstract String duckdb(Tables tables, BenchRoles roles);
}
