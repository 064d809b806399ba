/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import org.boundarysql.bench.report.Machine;
import org.boundarysql.bench.report.MarkdownTable;
import org.boundarysql.sample.SamplingMethod;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.boundarysql.bench.report.NumberText.bytes;
import static org.boundarysql.bench.report.NumberText.format;
import static org.boundarysql.bench.report.NumberText.millis;

/**
 * The benchmark's numbers and their Markdown report ({@code results.md}) with the charts of
 * {@link Charts} and the query texts ({@code queries.md}).
 */
final class Report {
  static final String FILE = "results.md";
  static final String EMBEDDED = "embedded";
  static final String REMOTE = "remote";
  static final String DUCKDB = "DuckDB";
  /** The goals, as ratios measured in one run. */
  static final double LOOP_RATIO_GOAL = 2;
  static final double FLOOR_RATIO_GOAL = 2;
  static final double AD_HOC_RATIO_GOAL = 1.3;
  static final double PLANNING_GOAL_MS = 10;
  static final double SAMPLE_SPEEDUP_GOAL = 15;
  static final double CREATION_10K_GOAL_MS = 1000;
  static final double CREATION_60K_GOAL_MS = 5000;

  /** Bytes of the full store and of one fraction's sampled and latent stores. */
  record Storage(String variant, int items, long fullBytes, long sampledBytes, long latentBytes,
      Path sampledStore) { }

  private final Machine machine;
  private final Path store;
  private final Timing.Budget budget;
  private final String started = ZonedDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE)
      + " " + ZonedDateTime.now().format(DateTimeFormatter.ofPattern("HH:mm z"));
  private final Map<String, String> loads = new LinkedHashMap<>();
  private List<QueryBench.Result> queries = List.of();
  private final List<SteadyPlanning.Result> steadyPlanning = new ArrayList<>();
  private FetchBench.Results fetch;
  private List<Storage> storage = List.of();
  private List<SampleCreation.Result> creation = List.of();
  private List<Growth.Point> growth = List.of();
  private DiskScan.Result diskScan;
  private BenchRoles roles;
  private OnDemandBench.Result onDemand;
  private EstimateBench.Result estimates;
  private TextBench.Result text;

  Report(Machine machine, Path store, Timing.Budget budget) {
    this.machine = machine;
    this.store = store;
    this.budget = budget;
  }

  void load(String when, String loadAverage) {
    loads.put(when, loadAverage);
  }

  void queries(List<QueryBench.Result> results) {
    this.queries = results;
  }

  void planning(List<SteadyPlanning.Result> results) {
    steadyPlanning.addAll(results);
  }

  void fetch(FetchBench.Results results) {
    this.fetch = results;
  }

  void storage(List<Storage> sizes) {
    this.storage = sizes;
  }

  void creation(List<SampleCreation.Result> results) {
    this.creation = results;
  }

  void growth(List<Growth.Point> points) {
    this.growth = points;
  }

  void text(TextBench.Result result) {
    text = result;
  }

  void diskScan(DiskScan.Result result) {
    this.diskScan = result;
  }

  /** The roles the queries on the benchmark's store took. */
  void roles(BenchRoles roles) {
    this.roles = roles;
  }

  void estimates(EstimateBench.Result result) {
    estimates = result;
  }

  void onDemand(OnDemandBench.Result result) {
    onDemand = result;
  }

  List<QueryBench.Result> queries() {
    return queries;
  }

  List<Storage> storage() {
    return storage;
  }

  List<SampleCreation.Result> creation() {
    return creation;
  }

  List<Growth.Point> growth() {
    return growth;
  }

  DiskScan.Result diskScan() {
    return diskScan;
  }

  /** Writes results.md, queries.md, results.csv and the charts into a directory. */
  void write(Path out) throws IOException {
    Files.createDirectories(out);
    List<String> charts = Charts.write(this, out);
    Files.writeString(out.resolve(FILE), markdown(charts));
    if (roles != null) {
      Files.writeString(out.resolve("queries.md"), queryTexts());
    }
    Files.writeString(out.resolve("results.csv"), csv());
  }

  private String markdown(List<String> charts) {
    StringBuilder md = new StringBuilder();
    md.append("# BoundarySQL benchmark\n\n");
    md.append("Run of `./boundary bench` on ").append(started).append(".\n\n");
    md.append("- Machine: ").append(format("%s, %d processors, %s RAM; %s, max heap %d MiB; %s",
        machine.cpu(), machine.processors(), machine.memory(), machine.java(),
        machine.maxHeapBytes() >> 20, machine.os())).append("\n");
    md.append("- Load average (1, 5, 15 min): ");
    List<String> loadTexts = new ArrayList<>();
    loads.forEach((when, load) -> loadTexts.add(when + " " + load));
    md.append(String.join("; ", loadTexts)).append(". The machine is shared: compare ratios"
        + " measured in this run, not absolute times across runs.\n");
    md.append("- Store: `").append(store).append("`").append(roles == null ? ""
        : "; " + roles.describe()).append("\n");
    md.append(format("- Timing: warm medians; each warms up for at least"
        + " %.1f s, then at least %d timed runs and %.1f s in %d interleaved turns (one run per"
        + " turn for actions over 3 s). Planning (prepare) is timed apart from execution;"
        + " executions reuse one PreparedStatement and read every value of every row.%n",
        budget.warmupSeconds(), budget.minRuns(), budget.seconds(), Timing.ROUNDS));
    goals(md);
    if (!queries.isEmpty()) {
      queryTimes(md);
      speedups(md);
      floorSection(md);
      adHocSection(md);
      planning(md);
    }
    fetchSection(md);
    if (!storage.isEmpty()) {
      storageSection(md);
    }
    if (!creation.isEmpty()) {
      creationSection(md);
    }
    GrowthReport.sections(md, growth, diskScan);
    if (estimates != null) {
      EstimateBench.section(estimates, md);
    }
    if (onDemand != null) {
      OnDemandBench.section(onDemand, md);
    }
    if (text != null) {
      TextBench.section(text, md);
    }
    md.append("\n## Charts\n\n");
    for (String chart : charts) {
      md.append("![").append(chart).append("](").append(chart).append(")\n\n");
    }
    md.append(Methodology.TEXT);
    return md.toString();
  }

  private void goals(StringBuilder md) {
    md.append("\n## Goals\n\n");
    MarkdownTable table = MarkdownTable.text("goal", "measured", "met");
    List<QueryBench.Result> full = select(queries, r -> r.variant().isFull());
    if (!full.isEmpty()) {
      StringBuilder loop = new StringBuilder();
      StringBuilder duck = new StringBuilder();
      boolean loopMet = true;
      boolean duckMet = true;
      for (QueryBench.Result r : full) {
        double ratio = engine(r, EMBEDDED) / r.loop().median();
        double duckRatio = engine(r, DUCKDB) / engine(r, EMBEDDED);
        loopMet &= ratio <= LOOP_RATIO_GOAL;
        duckMet &= duckRatio > 1;
        loop.append(format("%s %.2f×, ", r.query(), ratio));
        duck.append(format("%s %.1f×, ", r.query(), duckRatio));
      }
      table.row("full store, prepared, embedded: time / Java loop ≤ 2", trim(loop),
          yes(loopMet));
      table.row("full store, prepared, embedded: faster than DuckDB (DuckDB time /"
          + " BoundarySQL time > 1)", trim(duck), yes(duckMet));
      StringBuilder speedup = new StringBuilder();
      boolean speedupMet = true;
      for (QueryBench.Result r : full) {
        QueryBench.Result five = find(queries, r.query(), "5%");
        if (five != null) {
          double s = engine(r, EMBEDDED) / engine(five, EMBEDDED);
          speedupMet &= s >= SAMPLE_SPEEDUP_GOAL;
          speedup.append(format("%s %.1f×, ", r.query(), s));
        }
      }
      table.row("5% sample ≥ 15× faster than the full store (embedded)", trim(speedup),
          yes(speedupMet));
      floorGoal(table, "full store, embedded: time / streaming read of the same bytes ≤ 2",
          full);
      adHocGoals(table);
    }
    for (Growth.Point point : growth.stream().filter(p -> !p.queries().isEmpty()).toList()) {
      floorGoal(table, "growth " + point.store() + " (" + format("%,d", point.items())
          + " items), full, embedded: time / streaming read ≤ 2", select(point.queries(),
          r -> r.variant().isFull()));
    }
    GrowthReport.goals(table, growth, diskScan);
    if (fetch != null) {
      FetchReport.goals(fetch, table);
    }
    for (SampleCreation.Result c : creation) {
      if (c.method() == SamplingMethod.MAXMARGIN) {
        double goal = c.size() <= 20_000 ? CREATION_10K_GOAL_MS : CREATION_60K_GOAL_MS;
        table.row(format("MaxMargin 5%% creation on %,d × %d < %.0f s", c.size(),
            c.dimension(), goal / 1000), c.stopped() ? "stopped" : format("%.0f ms", c.millis()),
            yes(!c.stopped() && c.millis() < goal));
      }
    }
    if (estimates != null) {
      EstimateBench.goal(estimates, table);
    }
    if (onDemand != null) {
      OnDemandBench.goal(onDemand, table);
    }
    if (text != null) {
      TextBench.goal(text, table);
    }
    md.append(table);
  }

  static void floorGoal(MarkdownTable table, String goal,
      List<QueryBench.Result> results) {
    StringBuilder ratios = new StringBuilder();
    boolean met = true;
    for (QueryBench.Result r : results) {
      double ratio = engine(r, EMBEDDED) / r.floor().median();
      met &= ratio <= FLOOR_RATIO_GOAL;
      ratios.append(format("%s %.2f×, ", r.query(), ratio));
    }
    table.row(goal, trim(ratios), yes(met));
  }

  private void adHocGoals(MarkdownTable table) {
    for (String engine : List.of(EMBEDDED, REMOTE)) {
      StringBuilder ratios = new StringBuilder();
      boolean met = true;
      for (QueryBench.Result r : queries) {
        QueryBench.Measured m = r.engines().get(engine);
        double ratio = m.adHocRepeated().median() / m.execute().median();
        met &= ratio <= AD_HOC_RATIO_GOAL;
        ratios.append(format("%s %s %.2f×, ", r.query(), r.variant().name(), ratio));
      }
      table.row("repeated ad hoc / prepared ≤ 1.3, " + engine, trim(ratios), yes(met));
    }
    StringBuilder planning = new StringBuilder();
    boolean met = !steadyPlanning.isEmpty();
    for (SteadyPlanning.Result r : steadyPlanning) {
      if (r.engine().equals(EMBEDDED)) {
        met &= r.timing().median() <= PLANNING_GOAL_MS;
        planning.append(format("%s %.1f ms, ", r.query(), r.timing().median()));
      }
    }
    table.row("warm planning of a new text ≤ 10 ms (embedded, full store, after "
        + format("%,d", steadyPlanning.isEmpty() ? 0 : steadyPlanning.get(0).warmPlans())
        + " plans)", trim(planning), yes(met));
  }

  private void floorSection(StringBuilder md) {
    md.append("\n## Against the machine's floor\n\nThe floor: the activation bytes each query"
        + " reads (the same rows of the same layer files), summed as floats by a streaming read"
        + " on every core, vector loops straight from the mapped files, measured in the same"
        + " turns as the engines. No scan of those bytes can be faster; a ratio says how far"
        + " from the memory bandwidth a run is. Milliseconds (median).\n\n");
    MarkdownTable table = MarkdownTable.text("store", "query", "data").andNumbers("MB read",
        "floor", "floor GB/s", "embedded / floor", "remote / floor", "Java loop / floor");
    Map<String, List<QueryBench.Result>> all = new LinkedHashMap<>();
    all.put(store.getFileName().toString(), queries);
    growth.forEach(point -> all.put(point.store() + " (" + format("%,d", point.items())
        + " items)", point.queries()));
    all.forEach((name, results) -> {
      for (QueryBench.Result r : results) {
        double floor = r.floor().median();
        table.row(name, r.query(), r.variant().name(), format("%.1f", r.loopBytes() / 1e6),
            millis(floor), format("%.1f", r.floorGigabytesPerSecond()),
            format("%.2f", engine(r, EMBEDDED) / floor),
            r.engines().containsKey(REMOTE) ? format("%.2f", engine(r, REMOTE) / floor) : "",
            format("%.2f", r.loop().median() / floor));
      }
    });
    md.append(table);
  }

  private void adHocSection(StringBuilder md) {
    md.append("\n## Ad hoc against prepared\n\nMilliseconds (median). Prepared: one"
        + " PreparedStatement executed again and again. Ad hoc, repeated: the same text sent as a"
        + " plain Statement each time, as sqlline, DBeaver and BI tools send SQL (the plan cache"
        + " answers it; goal ≤ 1.3× prepared). Ad hoc, new text: a text never sent before (a new"
        + " comment): planning included.\n\n");
    MarkdownTable table = MarkdownTable.text("query", "data", "engine").andNumbers("prepared",
        "ad hoc, repeated", "repeated / prepared", "ad hoc, new text", "warm planning");
    for (QueryBench.Result r : queries) {
      for (String engine : List.of(EMBEDDED, REMOTE)) {
        QueryBench.Measured m = r.engines().get(engine);
        if (m != null) {
          table.row(r.query(), r.variant().name(), engine, millis(m.execute().median()),
              millis(m.adHocRepeated().median()),
              format("%.2f", m.adHocRepeated().median() / m.execute().median()),
              millis(m.adHocNew().median()), millis(m.prepare().median()));
        }
      }
    }
    md.append(table);
  }

  private void fetchSection(StringBuilder md) {
    if (fetch != null) {
      md.append(FetchReport.section(fetch));
    }
  }

  private void queryTimes(StringBuilder md) {
    md.append("\n## Query times (Figure 11)\n\n");
    md.append("Milliseconds per execution (median). Ratios: BoundarySQL embedded against the"
        + " Java loop (lower is better, goal ≤ 2 on the full store) and DuckDB against"
        + " BoundarySQL embedded (above 1: BoundarySQL is faster). Rows: items whose activations"
        + " the query aggregates. GB/s: activation bytes the Java loop read per second.\n\n");
    MarkdownTable table = MarkdownTable.text("query", "data").andNumbers("rows", "embedded",
        "remote", "DuckDB", "Java loop", "embedded / loop", "DuckDB / embedded", "loop GB/s")
        .andText("answers");
    for (QueryBench.Result r : queries) {
      table.row(r.query(), r.variant().name(), format("%,d", r.rowsRead()),
          millis(engine(r, EMBEDDED)), millis(engine(r, REMOTE)), millis(engine(r, DUCKDB)),
          millis(r.loop().median()), format("%.2f", engine(r, EMBEDDED) / r.loop().median()),
          format("%.1f", engine(r, DUCKDB) / engine(r, EMBEDDED)),
          format("%.2f", r.loopGigabytesPerSecond()), agreement(r));
    }
    md.append(table);
  }

  private void speedups(StringBuilder md) {
    md.append("\n### Sample speedups\n\nTime on the full store / time on the sample (higher is"
        + " better; the paper reports 10–30× at 5% and 3.4–6.8× at 20%). Rows: items"
        + " aggregated on the full store → on the 5% sample.\n\n");
    MarkdownTable table = MarkdownTable.text("query", "rows full → 5%").andNumbers(
        "embedded 5%", "embedded 20%", "remote 5%", "remote 20%", "DuckDB 5%", "DuckDB 20%",
        "Java loop 5%", "Java loop 20%");
    for (QueryBench.Result full : select(queries, r -> r.variant().isFull())) {
      QueryBench.Result five = find(queries, full.query(), "5%");
      QueryBench.Result twenty = find(queries, full.query(), "20%");
      if (five == null || twenty == null) {
        continue;
      }
      List<String> cells = new ArrayList<>(List.of(full.query().name(),
          format("%,d → %,d", full.rowsRead(), five.rowsRead())));
      for (String engine : List.of(EMBEDDED, REMOTE, DUCKDB)) {
        cells.add(times(engine(full, engine) / engine(five, engine)));
        cells.add(times(engine(full, engine) / engine(twenty, engine)));
      }
      cells.add(times(full.loop().median() / five.loop().median()));
      cells.add(times(full.loop().median() / twenty.loop().median()));
      table.row(cells.toArray());
    }
    md.append(table);
  }

  private void planning(StringBuilder md) {
    md.append("\n### Planning\n\nMilliseconds to prepare a statement: the first prepare of a"
        + " query in this process (parse, validate, optimise, generate and compile code) and the"
        + " warm median of prepares of new texts after it (the query with a new comment, so that"
        + " the plan cache does not know it: planner code compiled by the JIT, the query's"
        + " generated code found in Calcite's cache, `calcite.bindable.cache.maxSize`, which the"
        + " server sets). Remote prepares include the HTTP round trip.\n\n");
    MarkdownTable table = MarkdownTable.text("query", "data").andNumbers("embedded first",
        "embedded again", "remote first", "remote again", "DuckDB first", "DuckDB again");
    for (QueryBench.Result r : queries) {
      List<String> cells = new ArrayList<>(List.of(r.query().name(), r.variant().name()));
      for (String engine : List.of(EMBEDDED, REMOTE, DUCKDB)) {
        QueryBench.Measured m = r.engines().get(engine);
        cells.add(m == null ? "–" : millis(m.firstPrepare()));
        cells.add(m == null ? "–" : millis(m.prepare().median()));
      }
      table.row(cells.toArray());
    }
    md.append(table);
    md.append("\nNew texts once the planner has run a while (as in a server): every query"
        + " planned again and again with a new comment, then each"
        + " query's new-text prepares timed. Milliseconds (median).\n\n");
    MarkdownTable steady = MarkdownTable.text("query", "engine").andNumbers("new text",
        "fastest");
    for (SteadyPlanning.Result r : steadyPlanning) {
      steady.row(r.query().name(), r.engine(), millis(r.timing().median()),
          millis(r.timing().min()));
    }
    md.append(steady);
  }

  private void storageSection(StringBuilder md) {
    md.append("\n## Storage (Figure 12)\n\nA sampled store keeps only the sampled items, every"
        + " layer; the latent store keeps every item's latent layer, from which any sample can"
        + " be drawn again (`./boundary materialize` writes both; see Methodology).\n\n");
    MarkdownTable table = MarkdownTable.text("sample").andNumbers("items", "full store",
        "sampled store", "latent store", "sampled + latent", "share of full",
        "full / (sampled + latent)");
    for (Storage s : storage) {
      long both = s.sampledBytes() + s.latentBytes();
      table.row(s.variant(), format("%,d", s.items()), bytes(s.fullBytes()),
          bytes(s.sampledBytes()), bytes(s.latentBytes()), bytes(both),
          format("%.1f%%", 100.0 * both / s.fullBytes()), times((double) s.fullBytes() / both));
    }
    md.append(table);
  }

  private void creationSection(StringBuilder md) {
    md.append("\n## Sample creation (Figure 13)\n\nMilliseconds to create a 5% sample, from the"
        + " mapped latent layer to the sampled rows (what the sample cache does on a miss);"
        + " median of 3 after a warm-up run, or one run when a run takes over 2 s. A method"
        + " still running at the time limit is stopped.\n\n");
    List<String> sets = creation.stream().map(c -> c.items() + " (" + format("%,d",
        c.size()) + " × " + c.dimension() + ")").distinct().toList();
    MarkdownTable table = MarkdownTable.text("method").andNumbers(sets.toArray(String[]::new));
    for (SamplingMethod method : SamplingMethod.values()) {
      List<SampleCreation.Result> rows = select(creation, c -> c.method() == method);
      if (rows.isEmpty()) {
        continue;
      }
      List<String> cells = new ArrayList<>(List.of(method.methodName()));
      for (SampleCreation.Result c : rows) {
        cells.add(c.stopped() ? format("> %.0f s (stopped)", c.limitSeconds())
            : millis(c.millis()));
      }
      table.row(cells.toArray());
    }
    md.append(table);
  }

  private String queryTexts() {
    StringBuilder md = new StringBuilder("# The benchmark's queries\n\nAs `BenchQuery` writes"
        + " them, for the full store; a sample adds `tablesample boundary('maxmargin', f)` after"
        + " each table alias (BoundarySQL) or reads schema `sample_5` / `sample_20` instead of"
        + " `full_store` (DuckDB).\n");
    for (BenchQuery query : BenchQuery.values()) {
      md.append("\n## ").append(query).append(": ").append(query.description()).append("\n\n");
      md.append("BoundarySQL:\n\n```sql\n").append(SqlEngine.boundarySql(
          store.getFileName().toString(), roles).apply(query, Variant.full()))
          .append("\n```\n\nDuckDB:\n\n```sql\n")
          .append(SqlEngine.duckDbSql(roles).apply(query, Variant.full())).append("\n```\n");
    }
    return md.toString();
  }

  private String csv() {
    StringBuilder csv = new StringBuilder("section,store,query,data,engine,median_ms,min_ms,"
        + "runs,first_prepare_ms,prepare_ms,rows,answer_differs\n");
    Map<String, List<QueryBench.Result>> all = new LinkedHashMap<>();
    all.put("queries", queries);
    growth.forEach(point -> all.put("growth " + point.store(), point.queries()));
    all.forEach((section, results) -> {
      for (QueryBench.Result r : results) {
        csv.append(format("%s,%s,%s,%s,java loop,%.4f,%.4f,%d,,,%d,%n",
            section.split(" ")[0], section.contains(" ") ? section.split(" ")[1]
            : store.getFileName(), r.query(), r.variant().name(), r.loop().median(),
            r.loop().min(), r.loop().runs(), r.rowsRead()));
        csv.append(format("%s,%s,%s,%s,streaming read,%.4f,%.4f,%d,,,%d,%n",
            section.split(" ")[0], section.contains(" ") ? section.split(" ")[1]
            : store.getFileName(), r.query(), r.variant().name(), r.floor().median(),
            r.floor().min(), r.floor().runs(), r.rowsRead()));
        r.engines().forEach((engine, m) -> csv.append(format(
            "%s,%s,%s,%s,%s,%.4f,%.4f,%d,%.2f,%.2f,%d,%s%n", section.split(" ")[0],
            section.contains(" ") ? section.split(" ")[1] : store.getFileName(), r.query(),
            r.variant().name(), engine, m.execute().median(), m.execute().min(),
            m.execute().runs(), m.firstPrepare(), m.prepare().median(), r.rowsRead(),
            m.difference() == null ? "" : "yes")));
      }
    });
    for (SampleCreation.Result c : creation) {
      csv.append(format("creation,%s,%s,%s,%s,%.4f,,%d,,,%d,%n",
          store.getFileName(), c.method().methodName(), c.items(), "sampler", c.millis(),
          c.runs(), c.size()));
    }
    GrowthReport.csv(csv, growth);
    return csv.toString();
  }

  static double engine(QueryBench.Result result, String engine) {
    QueryBench.Measured m = result == null ? null : result.engines().get(engine);
    return m == null ? Double.NaN : m.execute().median();
  }

  static QueryBench.Result find(List<QueryBench.Result> results, BenchQuery query,
      String variant) {
    for (QueryBench.Result r : results) {
      if (r.query() == query && r.variant().name().equals(variant)) {
        return r;
      }
    }
    return null;
  }

  private static <T> List<T> select(List<T> list, Predicate<T> test) {
    return list.stream().filter(test).toList();
  }

  private static String agreement(QueryBench.Result r) {
    List<String> differing = new ArrayList<>();
    r.engines().forEach((engine, m) -> {
      if (m.difference() != null) {
        differing.add(engine + " differs: " + m.difference().replace("|", "\\|"));
      }
    });
    return differing.isEmpty() ? "all equal" : String.join("; ", differing);
  }

  private static String times(double ratio) {
    return format("%.1f×", ratio);
  }

  static String yes(boolean met) {
    return met ? "yes" : "**no**";
  }

  private static String trim(StringBuilder text) {
    return text.length() >= 2 ? text.substring(0, text.length() - 2) : text.toString();
  }
}
