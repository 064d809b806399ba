/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.model.ModelHandler;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.SchemaFactory;
import org.apache.calcite.schema.SchemaPlus;
import org.boundarysql.adapter.function.DiagnosisFunctions;
import org.boundarysql.ondemand.RowCache;
import org.boundarysql.store.BoundaryHome;
import org.boundarysql.store.Catalog;
import org.boundarysql.store.Store;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;

/**
 * Creates the schemas of a catalog of activation stores from a JSON model.
 *
 * <p>Operand {@code catalog}: a directory of stores (or {@code store}: a single store
 * directory); optional {@code cache}: where samples, converted CSV layers and the rows of
 * on-demand layers are kept (default {@code $BOUNDARY_HOME/cache}); optional
 * {@link #SAMPLE_BUDGET} and {@link #ROW_CACHE}. Every store becomes a schema named after its
 * directory, added beside the schema this factory creates, which holds the catalog's own
 * tables ({@code stores}, {@code samples}, {@code functions}). The diagnosis functions are
 * added to the root schema, so they resolve from any schema.
 */
public class BoundarySchemaFactory implements SchemaFactory {
  /** Singleton, as Calcite's JSON model instantiates factories by class name. */
  public static final BoundarySchemaFactory INSTANCE = new BoundarySchemaFactory();
  /**
   * Operand: the most seconds a sample computation of this catalog may be estimated to take
   * (see {@link org.boundarysql.sample.SampleCost}); unlimited when absent.
   */
  public static final String SAMPLE_BUDGET = "sampleBudget";
  /**
   * Operand: the most bytes the cached rows of on-demand layers may take ({@code 10g},
   * {@code 512m}); {@code $BOUNDARY_ROW_CACHE} or 4 GiB when absent.
   */
  public static final String ROW_CACHE = "rowCache";

  @Override public Schema create(SchemaPlus parentSchema, String name,
      Map<String, Object> operand) {
    Path cache = operand.containsKey("cache")
        ? resolve(operand, "cache") : BoundaryHome.directory().resolve("cache");
    long rowCache = operand.containsKey(ROW_CACHE)
        ? RowCache.parseBytes(String.valueOf(operand.get(ROW_CACHE)), ROW_CACHE)
        : RowCache.defaultBound();
    OpenCatalog open;
    if (operand.containsKey("catalog")) {
      open = OpenCatalog.of(resolve(operand, "catalog"), cache, false, rowCache);
    } else if (operand.containsKey("store")) {
      open = OpenCatalog.of(resolve(operand, "store"), cache, true, rowCache);
    } else {
      throw new IllegalArgumentException("operand of schema " + name
          + " needs \"catalog\" (a directory of stores) or \"store\" (one store directory)");
    }
    Catalog catalog = open.catalog();
    DiagnosisFunctions.addTo(parentSchema);
    double budget = operand.containsKey(SAMPLE_BUDGET)
        ? Double.parseDouble(String.valueOf(operand.get(SAMPLE_BUDGET)))
        : Double.POSITIVE_INFINITY;
    for (Store store : catalog.stores()) {
      parentSchema.add(store.name(), new StoreSchema(store, open.samples(), budget,
          open.onDemand(store)));
    }
    for (Catalog.Problem problem : catalog.problems()) {
      if (problem.memory()) {
        parentSchema.add(problem.store(), new UnavailableStoreSchema(problem));
      }
    }
    return new CatalogSchema(open);
  }

  private static Path resolve(Map<String, Object> operand, String key) {
    File file = new File(String.valueOf(operand.get(key)));
    Object base = operand.get(ModelHandler.ExtraOperand.BASE_DIRECTORY.camelName);
    if (!file.isAbsolute() && base instanceof File baseDirectory) {
      file = new File(baseDirectory, file.getPath());
    }
    return file.toPath().toAbsolutePath().normalize();
  }
}
