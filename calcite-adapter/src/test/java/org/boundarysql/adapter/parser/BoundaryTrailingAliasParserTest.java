/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.parser;

import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.dialect.CalciteSqlDialect;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.util.Litmus;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The alias of a sampled table after {@code TABLESAMPLE BOUNDARY(...)} (Hive, Spark SQL) gives
 * the very tree of the alias before it (standard SQL, Calcite).
 */
class BoundaryTrailingAliasParserTest {

  private static SqlNode parse(String sql) throws SqlParseException {
    return SqlParser.create(sql,
            SqlParser.config().withParserFactory(BoundarySqlParserImpl.FACTORY))
        .parseQuery();
  }

  private static String unparse(String sql) throws SqlParseException {
    return parse(sql).toSqlString(CalciteSqlDialect.DEFAULT).getSql().replaceAll("\\s+", " ");
  }

  /** Both statements parse, and into equal trees. */
  private static void assertSameTree(String aliasAfter, String aliasBefore)
      throws SqlParseException {
    final SqlNode after = parse(aliasAfter);
    final SqlNode before = parse(aliasBefore);
    assertTrue(after.equalsDeep(before, Litmus.IGNORE),
        () -> aliasAfter + "\n  gave " + after + "\n  but " + aliasBefore + "\n  gave " + before);
  }

  private static String parseError(String sql) {
    return assertThrows(SqlParseException.class, () -> parse(sql), sql).getMessage();
  }

  @Test void aliasWithoutAsAfterTheClause() throws SqlParseException {
    assertEquals(
        "SELECT \"F\".\"LABEL\" FROM TABLE(\"BOUNDARY_SAMPLE\"('FC2', 'uniform', 0.1, 0.7, 0))"
            + " AS \"F\"",
        unparse("select f.label from fc2 tablesample boundary('uniform', 0.1) f"));
    assertSameTree("select f.label from fc2 tablesample boundary('uniform', 0.1) f",
        "select f.label from fc2 as f tablesample boundary('uniform', 0.1)");
  }

  @Test void aliasWithAsAfterTheClause() throws SqlParseException {
    assertSameTree("select * from mnist.fc2 tablesample boundary('uniform', 0.1) as f",
        "select * from mnist.fc2 f tablesample boundary('uniform', 0.1)");
  }

  @Test void aliasAfterJAndRepeatable() throws SqlParseException {
    assertEquals(
        "SELECT * FROM TABLE(\"MNIST\".\"BOUNDARY_SAMPLE\"('CONV2', 'maxmargin', 0.05, 0.5, 42))"
            + " AS \"C\"",
        unparse("select * from mnist.conv2"
            + " tablesample boundary('maxmargin', 0.05, 0.5) repeatable(42) as c"));
    assertSameTree("select * from mnist.conv2"
            + " tablesample boundary('maxmargin', 0.05, 0.5) repeatable(42) c",
        "select * from mnist.conv2 as c"
            + " tablesample boundary('maxmargin', 0.05, 0.5) repeatable(42)");
  }

  @Test void columnAliasesAfterTheClause() throws SqlParseException {
    assertEquals(
        "SELECT * FROM TABLE(\"MNIST\".\"BOUNDARY_SAMPLE\"('CONV2', 'maxmargin', 0.05, 0.7, 0))"
            + " AS \"C\" (\"I\", \"A\")",
        unparse("SELECT * FROM mnist.conv2 TABLESAMPLE BOUNDARY('maxmargin', 0.05) AS c (i, a)"));
  }

  /** The clauses that may follow a FROM item still end the alias. */
  @Test void followedByJoinsAndClauses() throws SqlParseException {
    assertSameTree("select a.id from mnist.conv2 tablesample boundary('maxmargin', 0.05) a"
            + " join mnist.fc2 tablesample boundary('maxmargin', 0.05) as b on a.id = b.id"
            + " left join mnist.items i on i.id = a.id"
            + " where a.label = 1 group by a.id having count(*) > 0 order by a.id limit 3",
        "select a.id from mnist.conv2 a tablesample boundary('maxmargin', 0.05)"
            + " join mnist.fc2 as b tablesample boundary('maxmargin', 0.05) on a.id = b.id"
            + " left join mnist.items i on i.id = a.id"
            + " where a.label = 1 group by a.id having count(*) > 0 order by a.id limit 3");
    final String sample = " tablesample boundary('uniform', 0.1)";
    assertSameTree("select * from fc2" + sample + " f, items i where f.id = i.id"
            + " union all select * from fc2" + sample + " g",
        "select * from fc2 f" + sample + ", items i where f.id = i.id"
            + " union all select * from fc2 as g" + sample);
    assertSameTree("select * from (select * from fc2 tablesample boundary('uniform', 0.1) f) s",
        "select * from (select * from fc2 as f tablesample boundary('uniform', 0.1)) as s");
  }

  /** Without an alias nothing changes: the item keeps the table's name. */
  @Test void noAliasKeepsTheTableName() throws SqlParseException {
    assertEquals(
        "SELECT * FROM TABLE(\"BOUNDARY_SAMPLE\"('FC2', 'uniform', 0.1, 0.7, 0)) AS \"FC2\""
            + " WHERE \"FC2\".\"LABEL\" = 1",
        unparse("select * from fc2 tablesample boundary('uniform', 0.1) where fc2.label = 1"));
  }

  /** "boundary" is still an identifier, also as the trailing alias. */
  @Test void boundaryAsTrailingAlias() throws SqlParseException {
    assertSameTree("select boundary.id from boundary.boundary"
            + " tablesample boundary('uniform', 0.1) boundary",
        "select boundary.id from boundary.boundary as boundary"
            + " tablesample boundary('uniform', 0.1)");
  }

  /** "repeatable" (non-reserved) is an alias unless a parenthesis follows. */
  @Test void repeatableAsTrailingAlias() throws SqlParseException {
    assertSameTree("select repeatable.id from fc2 tablesample boundary('uniform', 0.1) repeatable",
        "select repeatable.id from fc2 as repeatable tablesample boundary('uniform', 0.1)");
    assertSameTree("select r.id from fc2 tablesample boundary('uniform', 0.1) repeatable(4) r",
        "select r.id from fc2 r tablesample boundary('uniform', 0.1) repeatable(4)");
  }

  @Test void aliasOnBothSidesIsAnError() {
    final String message = parseError(
        "select * from fc2 as a tablesample boundary('uniform', 0.1) as b");
    assertTrue(message.contains("TABLESAMPLE BOUNDARY: the table has an alias before"
        + " TABLESAMPLE (A) and another after it (B); give one, on either side"), message);
  }

  /** TABLESAMPLE BERNOULLI and SYSTEM are Calcite's, unchanged: the alias goes before them. */
  @Test void stockSamplingTakesNoTrailingAlias() throws SqlParseException {
    assertTrue(parseError("select * from fc2 tablesample bernoulli(50) f")
        .contains("Encountered \"f\""));
    assertTrue(parseError("select * from fc2 tablesample system(50) as f")
        .contains("Encountered \"as\""));
    final SqlNode from = ((SqlSelect) parse("select * from fc2 f tablesample bernoulli(50)"))
        .getFrom();
    assertEquals(SqlKind.TABLESAMPLE, from.getKind());
  }
}
