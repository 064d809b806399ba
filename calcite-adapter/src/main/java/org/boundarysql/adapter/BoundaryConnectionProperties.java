/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.config.CalciteConnectionProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The Calcite connection properties that open a catalog of stores with BoundarySQL's SQL
 * surface: an inline JSON model with {@link BoundarySchemaFactory}, the BOUNDARY parser,
 * {@link BoundaryTypeSystem}, and
 * case-insensitive names that keep the case they were written in.
 */
public final class BoundaryConnectionProperties {
  /** Name of the schema holding the catalog's own tables. */
  public static final String CATALOG_SCHEMA = "boundary";

  /** Installs the parser with {@code TABLESAMPLE BOUNDARY}. */
  public static final String PARSER_FACTORY =
      "org.boundarysql.adapter.parser.BoundarySqlParserImpl#FACTORY";

  /** Installs AVG of integers as DOUBLE. */
  public static final String TYPE_SYSTEM = BoundaryTypeSystem.class.getName() + "#INSTANCE";

  /** Keys that choose what a connection reads or how it parses; a server must pin them. */
  public static final List<String> PINNED_KEYS = List.of(
      CalciteConnectionProperty.MODEL.camelName(),
      CalciteConnectionProperty.PARSER_FACTORY.camelName(),
      CalciteConnectionProperty.SCHEMA_FACTORY.camelName(),
      CalciteConnectionProperty.SCHEMA.camelName(),
      CalciteConnectionProperty.SCHEMA_TYPE.camelName(),
      CalciteConnectionProperty.FUN.camelName(),
      CalciteConnectionProperty.TYPE_SYSTEM.camelName(),
      CalciteConnectionProperty.LEX.camelName(),
      CalciteConnectionProperty.CONFORMANCE.camelName(),
      CalciteConnectionProperty.CASE_SENSITIVE.camelName(),
      CalciteConnectionProperty.QUOTING.camelName(),
      CalciteConnectionProperty.QUOTED_CASING.camelName(),
      CalciteConnectionProperty.UNQUOTED_CASING.camelName(),
      CalciteConnectionProperty.TIME_ZONE.camelName(),
      CalciteConnectionProperty.MATERIALIZATIONS_ENABLED.camelName(),
      CalciteConnectionProperty.CREATE_MATERIALIZATIONS.camelName(),
      CalciteConnectionProperty.SPARK.camelName(),
      "catalog", "cache", BoundarySchemaFactory.ROW_CACHE);

  private BoundaryConnectionProperties() {
  }

  /** Properties for a {@code jdbc:calcite:} connection over a catalog directory. */
  public static Properties forCatalog(Path catalog, Path cache) {
    return properties("catalog", catalog, cache, Double.POSITIVE_INFINITY, null);
  }

  /**
   * Properties for a {@code jdbc:calcite:} connection over a catalog directory whose sample
   * computations may be estimated to take at most {@code sampleBudgetSeconds} each.
   */
  public static Properties forCatalog(Path catalog, Path cache, double sampleBudgetSeconds) {
    return properties("catalog", catalog, cache, sampleBudgetSeconds, null);
  }

  /** Properties for a {@code jdbc:calcite:} connection over a single store directory. */
  public static Properties forStore(Path store, Path cache) {
    return properties("store", store, cache, Double.POSITIVE_INFINITY, null);
  }

  /**
   * Properties for a {@code jdbc:calcite:} connection over a catalog ({@code kind} "catalog")
   * or one store ("store"), whose cached rows of on-demand layers may take {@code rowCache}
   * ({@code 10g}; null: the default).
   */
  static Properties properties(String kind, Path directory, Path cache,
      double sampleBudgetSeconds, String rowCache) {
    Properties properties = new Properties();
    properties.setProperty(CalciteConnectionProperty.MODEL.camelName(),
        "inline:" + model(kind, directory, cache, sampleBudgetSeconds, rowCache));
    properties.setProperty(CalciteConnectionProperty.PARSER_FACTORY.camelName(), PARSER_FACTORY);
    properties.setProperty(CalciteConnectionProperty.TYPE_SYSTEM.camelName(), TYPE_SYSTEM);
    properties.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "false");
    // Column labels as the user wrote them: "select label" yields a column "label", not "LABEL".
    properties.setProperty(CalciteConnectionProperty.UNQUOTED_CASING.camelName(), "UNCHANGED");
    return properties;
  }

  /** A JSON model with one custom schema of {@link BoundarySchemaFactory}. */
  static String model(String kind, Path directory, Path cache) {
    return model(kind, directory, cache, Double.POSITIVE_INFINITY, null);
  }

  private static String model(String kind, Path directory, Path cache,
      double sampleBudgetSeconds, String rowCache) {
    Map<String, Object> operand = new LinkedHashMap<>();
    operand.put(kind, directory.toAbsolutePath().toString());
    if (cache != null) {
      operand.put("cache", cache.toAbsolutePath().toString());
    }
    if (sampleBudgetSeconds < Double.POSITIVE_INFINITY) {
      operand.put(BoundarySchemaFactory.SAMPLE_BUDGET, sampleBudgetSeconds);
    }
    if (rowCache != null) {
      operand.put(BoundarySchemaFactory.ROW_CACHE, rowCache);
    }
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("name", CATALOG_SCHEMA);
    schema.put("type", "custom");
    schema.put("factory", BoundarySchemaFactory.class.getName());
    schema.put("operand", operand);
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("version", "1.0");
    model.put("defaultSchema", CATALOG_SCHEMA);
    model.put("schemas", List.of(schema));
    try {
      return new ObjectMapper().writeValueAsString(model);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
