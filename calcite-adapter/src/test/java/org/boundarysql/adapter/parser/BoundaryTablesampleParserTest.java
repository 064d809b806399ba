/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.parser;

import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSampleSpec;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.dialect.CalciteSqlDialect;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.util.Litmus;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Parses TABLESAMPLE BOUNDARY with {@link BoundarySqlParserImpl} and checks the rewrite into
 * {@code TABLE(schema.BOUNDARY_SAMPLE('table', 'method', fraction, j, seed)) AS alias}.
 *
 * <p>Expected SQL is Calcite's unparse with identifiers upper-cased and quoted, whitespace
 * collapsed to single spaces.
 */
class BoundaryTablesampleParserTest {

  private static SqlNode parse(String sql) throws SqlParseException {
    return SqlParser.create(sql,
            SqlParser.config().withParserFactory(BoundarySqlParserImpl.FACTORY))
        .parseQuery();
  }

  private static String unparse(String sql) throws SqlParseException {
    return parse(sql).toSqlString(CalciteSqlDialect.DEFAULT).getSql().replaceAll("\\s+", " ");
  }

  private static SqlParseException parseError(String sql) {
    return assertThrows(SqlParseException.class, () -> parse(sql), sql);
  }

  private static void assertParseError(String sql, String expectedFragment) {
    final String message = parseError(sql).getMessage();
    assertTrue(message.contains(expectedFragment),
        () -> "expected \"" + expectedFragment + "\" in: " + message);
  }

  private static SqlNode from(String sql) throws SqlParseException {
    return ((SqlSelect) parse(sql)).getFrom();
  }

  /** Qualified table, no alias, no j, no REPEATABLE: both defaults, the table keeps its name. */
  @Test void qualifiedTableWithDefaults() throws SqlParseException {
    assertEquals(
        "SELECT * FROM TABLE(\"MNIST\".\"BOUNDARY_SAMPLE\"('CONV2', 'maxmargin', 0.05, 0.7, 0))"
            + " AS \"CONV2\"",
        unparse("select * from mnist.conv2 tablesample boundary('maxmargin', 0.05)"));
  }

  /** Unqualified table with an alias, j and REPEATABLE. */
  @Test void unqualifiedTableWithAliasJAndSeed() throws SqlParseException {
    assertEquals(
        "SELECT \"C\".\"LABEL\" FROM TABLE(\"BOUNDARY_SAMPLE\"('CONV2', 'random', 0.1, 0.5, 42))"
            + " AS \"C\"",
        unparse("SELECT c.label FROM conv2 AS c"
            + " TABLESAMPLE BOUNDARY('random', 0.1, 0.5) REPEATABLE(42)"));
  }

  /** An alias without AS, j given, seed defaulted. */
  @Test void aliasWithoutAsAndJ() throws SqlParseException {
    assertEquals(
        "SELECT * FROM TABLE(\"MNIST\".\"BOUNDARY_SAMPLE\"('CONV2', 'maxmargin', 0.05, 0.9, 0))"
            + " AS \"C\"",
        unparse("SELECT * FROM mnist.conv2 c TABLESAMPLE BOUNDARY('maxmargin', 0.05, 0.9)"));
  }

  /** No j but REPEATABLE: j takes its default, the seed is kept. */
  @Test void seedWithoutJ() throws SqlParseException {
    assertEquals(
        "SELECT * FROM TABLE(\"MNIST\".\"BOUNDARY_SAMPLE\"('FC1', 'random', 0.2, 0.7, 7))"
            + " AS \"FC1\"",
        unparse("SELECT * FROM mnist.fc1 TABLESAMPLE BOUNDARY('random', 0.2) REPEATABLE(7)"));
  }

  /** Exact integers, a negative seed and a negative fraction (the macro checks ranges). */
  @Test void integerAndNegativeLiterals() throws SqlParseException {
    assertEquals(
        "SELECT * FROM TABLE(\"MNIST\".\"BOUNDARY_SAMPLE\"('CONV2', 'maxmargin', 1, 0, -1))"
            + " AS \"CONV2\"",
        unparse("SELECT * FROM mnist.conv2 TABLESAMPLE BOUNDARY('maxmargin', 1, 0)"
            + " REPEATABLE(-1)"));
    assertEquals(
        "SELECT * FROM TABLE(\"BOUNDARY_SAMPLE\"('CONV2', 'maxmargin', -0.05, 0.7, 0))"
            + " AS \"CONV2\"",
        unparse("SELECT * FROM conv2 TABLESAMPLE BOUNDARY('maxmargin', -0.05)"));
  }

  /** A method split over two literals, an approximate fraction, a DECIMAL j. */
  @Test void otherLiteralForms() throws SqlParseException {
    assertEquals(
        "SELECT * FROM TABLE(\"BOUNDARY_SAMPLE\"('CONV2', 'maxmargin', 5E-2, 0.5, 0))"
            + " AS \"CONV2\"",
        unparse("SELECT * FROM conv2 TABLESAMPLE BOUNDARY('max' 'margin', 5e-2, DECIMAL '0.5')"));
  }

  /** catalog.schema.table keeps both leading names in the macro's name. */
  @Test void threePartName() throws SqlParseException {
    assertEquals(
        "SELECT * FROM TABLE(\"CAT\".\"MNIST\".\"BOUNDARY_SAMPLE\"('CONV2', 'maxmargin', 0.05,"
            + " 0.7, 0)) AS \"CONV2\"",
        unparse("SELECT * FROM cat.mnist.conv2 TABLESAMPLE BOUNDARY('maxmargin', 0.05)"));
  }

  /** Quoted names keep their case in the macro's schema, the table literal and the alias. */
  @Test void quotedNamesKeepTheirCase() throws SqlParseException {
    assertEquals(
        "SELECT * FROM TABLE(\"Mnist\".\"BOUNDARY_SAMPLE\"('conv2', 'maxmargin', 0.05, 0.7, 0))"
            + " AS \"conv2\"",
        unparse("SELECT * FROM \"Mnist\".\"conv2\" TABLESAMPLE BOUNDARY('maxmargin', 0.05)"));
  }

  /** Column aliases after the table alias are kept. */
  @Test void columnAliases() throws SqlParseException {
    assertEquals(
        "SELECT * FROM TABLE(\"MNIST\".\"BOUNDARY_SAMPLE\"('CONV2', 'maxmargin', 0.05, 0.7, 0))"
            + " AS \"C\" (\"I\", \"A\")",
        unparse("SELECT * FROM mnist.conv2 AS c (i, a)"
            + " TABLESAMPLE BOUNDARY('maxmargin', 0.05)"));
  }

  /** Two sampled layers joined on the item id. */
  @Test void joinOfTwoSampledLayers() throws SqlParseException {
    assertEquals(
        "SELECT \"A\".\"ITEM_ID\" FROM TABLE(\"MNIST\".\"BOUNDARY_SAMPLE\"('CONV2', 'maxmargin',"
            + " 0.05, 0.7, 3)) AS \"A\" INNER JOIN TABLE(\"MNIST\".\"BOUNDARY_SAMPLE\"('FC1',"
            + " 'maxmargin', 0.05, 0.7, 3)) AS \"B\" ON \"A\".\"ITEM_ID\" = \"B\".\"ITEM_ID\"",
        unparse("SELECT a.item_id"
            + " FROM mnist.conv2 AS a TABLESAMPLE BOUNDARY('maxmargin', 0.05) REPEATABLE(3)"
            + " JOIN mnist.fc1 AS b TABLESAMPLE BOUNDARY('maxmargin', 0.05) REPEATABLE(3)"
            + " ON a.item_id = b.item_id"));
  }

  /** A comma join of a sampled and an unsampled table. */
  @Test void commaJoinWithPlainTable() throws SqlParseException {
    assertEquals(
        "SELECT * FROM TABLE(\"MNIST\".\"BOUNDARY_SAMPLE\"('CONV2', 'maxmargin', 0.05, 0.7, 0))"
            + " AS \"CONV2\", \"MNIST\".\"ITEMS\"",
        unparse("SELECT * FROM mnist.conv2 TABLESAMPLE BOUNDARY('maxmargin', 0.05),"
            + " mnist.items"));
  }

  /** Sampling inside a FROM subquery and inside an IN subquery. */
  @Test void insideSubqueries() throws SqlParseException {
    assertEquals(
        "SELECT COUNT(*) FROM (SELECT \"LABEL\" FROM TABLE(\"MNIST\".\"BOUNDARY_SAMPLE\"("
            + "'CONV2', 'maxmargin', 0.05, 0.7, 0)) AS \"CONV2\") AS \"S\"",
        unparse("SELECT COUNT(*) FROM"
            + " (SELECT label FROM mnist.conv2 TABLESAMPLE BOUNDARY('maxmargin', 0.05)) AS s"));
    assertEquals(
        "SELECT \"ITEM_ID\" FROM \"MNIST\".\"ITEMS\" WHERE \"ITEM_ID\" IN (SELECT \"ITEM_ID\""
            + " FROM TABLE(\"MNIST\".\"BOUNDARY_SAMPLE\"('FC1', 'random', 0.1, 0.7, 0))"
            + " AS \"FC1\")",
        unparse("SELECT item_id FROM mnist.items WHERE item_id IN"
            + " (SELECT item_id FROM mnist.fc1 TABLESAMPLE BOUNDARY('random', 0.1))"));
  }

  /** The rewrite is the very tree the parser builds for the TABLE(...) call written out. */
  @Test void sameTreeAsTheWrittenOutCall() throws SqlParseException {
    final SqlNode sampled = parse("SELECT conv2.activation FROM mnist.conv2"
        + " TABLESAMPLE BOUNDARY('maxmargin', 0.05)");
    final SqlNode written = parse("SELECT conv2.activation FROM"
        + " TABLE(mnist.boundary_sample('CONV2', 'maxmargin', 0.05, 0.7, 0)) AS conv2");
    assertTrue(sampled.equalsDeep(written, Litmus.THROW));

    final SqlCall as = (SqlCall) ((SqlSelect) sampled).getFrom();
    assertEquals(SqlKind.AS, as.getKind());
    assertEquals(SqlKind.COLLECTION_TABLE, as.operand(0).getKind());
  }

  /** TABLESAMPLE BERNOULLI, SYSTEM and SUBSTITUTE still give Calcite's SqlSampleSpec. */
  @Test void stockSamplingStillParses() throws SqlParseException {
    final SqlSampleSpec.SqlTableSampleSpec bernoulli = (SqlSampleSpec.SqlTableSampleSpec)
        sampleSpec("SELECT * FROM mnist.conv2 TABLESAMPLE BERNOULLI(50)");
    assertTrue(bernoulli.isBernoulli());
    assertEquals(0, new BigDecimal("0.5").compareTo(bernoulli.sampleRate));
    assertTrue(!bernoulli.isRepeatable());

    final SqlSampleSpec.SqlTableSampleSpec system = (SqlSampleSpec.SqlTableSampleSpec)
        sampleSpec("SELECT * FROM mnist.conv2 AS c TABLESAMPLE SYSTEM(10) REPEATABLE(5)");
    assertTrue(!system.isBernoulli());
    assertEquals(0, new BigDecimal("0.1").compareTo(system.sampleRate));
    assertTrue(system.isRepeatable());
    assertEquals(5, system.getRepeatableSeed());

    final SqlSampleSpec.SqlSubstitutionSampleSpec substitute =
        (SqlSampleSpec.SqlSubstitutionSampleSpec)
            sampleSpec("SELECT * FROM mnist.conv2 TABLESAMPLE SUBSTITUTE('medium')");
    assertEquals("medium", substitute.getName());
  }

  private static SqlSampleSpec sampleSpec(String sql) throws SqlParseException {
    final SqlNode from = from(sql);
    assertEquals(SqlKind.TABLESAMPLE, from.getKind(), sql);
    final SqlLiteral literal = (SqlLiteral) ((SqlBasicCall) from).operand(1);
    return assertInstanceOf(SqlSampleSpec.class, literal.getValue());
  }

  /** "boundary" stays an ordinary identifier wherever BOUNDARY is not after TABLESAMPLE. */
  @Test void boundaryIsStillAnIdentifier() throws SqlParseException {
    assertEquals("SELECT \"BOUNDARY\" FROM \"BOUNDARY\"", unparse("select boundary from boundary"));
    assertEquals(
        "SELECT \"BOUNDARY\".\"BOUNDARY\" FROM \"MNIST\".\"BOUNDARY\" AS \"BOUNDARY\""
            + " WHERE \"BOUNDARY\".\"BOUNDARY\" > 0",
        unparse("SELECT boundary.boundary FROM mnist.boundary boundary"
            + " WHERE boundary.boundary > 0"));
    assertEquals("SELECT \"B\" AS \"BOUNDARY\" FROM \"T\"", unparse("SELECT b AS boundary FROM t"));
    assertEquals("SELECT \"BOUNDARY\"(\"X\") FROM \"T\"", unparse("SELECT boundary(x) FROM t"));
    assertEquals(
        "SELECT * FROM TABLE(\"BOUNDARY\".\"BOUNDARY_SAMPLE\"('BOUNDARY', 'maxmargin', 0.05,"
            + " 0.7, 0)) AS \"BOUNDARY\"",
        unparse("SELECT * FROM boundary.boundary AS boundary"
            + " TABLESAMPLE BOUNDARY('maxmargin', 0.05)"));
  }

  /**
   * "position" (a column of every tokens table) is an identifier unquoted, and POSITION(x IN y)
   * is still the function.
   */
  @Test void positionIsAnIdentifierAndAFunction() throws SqlParseException {
    assertEquals("SELECT \"POSITION\", POSITION('b' IN \"TOKEN\") FROM \"T\""
            + " WHERE \"POSITION\" > 0 ORDER BY \"POSITION\"",
        unparse("select position, position('b' in token) from t where position > 0"
            + " order by position"));
    assertEquals("SELECT \"T\".\"POSITION\" FROM \"T\" GROUP BY \"T\".\"POSITION\"",
        unparse("select t.position from t group by t.position"));
  }

  @Test void missingArgumentsAreAnError() {
    assertParseError("SELECT * FROM conv2 TABLESAMPLE BOUNDARY('maxmargin')",
        "TABLESAMPLE BOUNDARY expects ('method', fraction [, j]), got 1 argument");
    assertParseError("SELECT * FROM conv2 TABLESAMPLE BOUNDARY()",
        "TABLESAMPLE BOUNDARY expects ('method', fraction [, j]), got 0 arguments");
  }

  @Test void tooManyArgumentsAreAnError() {
    assertParseError("SELECT * FROM conv2 TABLESAMPLE BOUNDARY('maxmargin', 0.05, 0.7, 3)",
        "TABLESAMPLE BOUNDARY expects ('method', fraction [, j]), got 4 arguments");
  }

  @Test void methodMustBeACharacterLiteral() {
    assertParseError("SELECT * FROM conv2 TABLESAMPLE BOUNDARY(maxmargin, 0.05)",
        "TABLESAMPLE BOUNDARY method must be a character literal such as 'maxmargin', not");
    assertParseError("SELECT * FROM conv2 TABLESAMPLE BOUNDARY(1, 0.05)",
        "TABLESAMPLE BOUNDARY method must be a character literal");
  }

  @Test void fractionAndJMustBeNumericLiterals() {
    assertParseError("SELECT * FROM conv2 TABLESAMPLE BOUNDARY('maxmargin', x)",
        "TABLESAMPLE BOUNDARY fraction must be a numeric literal such as 0.05, not");
    assertParseError("SELECT * FROM conv2 TABLESAMPLE BOUNDARY('maxmargin', 0.01 + 0.04)",
        "TABLESAMPLE BOUNDARY fraction must be a numeric literal");
    assertParseError("SELECT * FROM conv2 TABLESAMPLE BOUNDARY('maxmargin', '0.05')",
        "TABLESAMPLE BOUNDARY fraction must be a numeric literal");
    assertParseError("SELECT * FROM conv2 TABLESAMPLE BOUNDARY('maxmargin', 0.05, '0.7')",
        "TABLESAMPLE BOUNDARY j must be a numeric literal such as 0.7, not");
    assertParseError("SELECT * FROM conv2 TABLESAMPLE BOUNDARY('maxmargin', ?)",
        "TABLESAMPLE BOUNDARY fraction must be a numeric literal");
  }

  @Test void seedMustBeABigintLiteral() {
    assertParseError("SELECT * FROM conv2 TABLESAMPLE BOUNDARY('random', 0.05) REPEATABLE(1.5)",
        "TABLESAMPLE BOUNDARY REPEATABLE seed must be an integer literal (BIGINT) such as 42,"
            + " not 1.5");
    assertParseError("SELECT * FROM conv2 TABLESAMPLE BOUNDARY('random', 0.05) REPEATABLE(s)",
        "TABLESAMPLE BOUNDARY REPEATABLE seed must be an integer literal (BIGINT)");
    assertParseError(
        "SELECT * FROM conv2 TABLESAMPLE BOUNDARY('random', 0.05) REPEATABLE(9223372036854775808)",
        "TABLESAMPLE BOUNDARY REPEATABLE seed must be an integer literal (BIGINT)");
    assertParseError("SELECT * FROM conv2 TABLESAMPLE BOUNDARY('random', 0.05) REPEATABLE()",
        "TABLESAMPLE BOUNDARY REPEATABLE seed must be an integer literal (BIGINT) such as 42,"
            + " not empty");
  }

  /** A seed beyond INTEGER is kept as written. */
  @Test void bigintSeed() throws SqlParseException {
    assertEquals(
        "SELECT * FROM TABLE(\"BOUNDARY_SAMPLE\"('CONV2', 'random', 0.05, 0.7, 3000000000))"
            + " AS \"CONV2\"",
        unparse("SELECT * FROM conv2 TABLESAMPLE BOUNDARY('random', 0.05)"
            + " REPEATABLE(3000000000)"));
  }

  /** The error points at the offending argument. */
  @Test void errorPositionIsTheArgument() {
    final SqlParseException e =
        parseError("SELECT * FROM conv2 TABLESAMPLE BOUNDARY('maxmargin', x)");
    assertEquals(1, e.getPos().getLineNum());
    assertEquals(55, e.getPos().getColumnNum());
  }

  /** Only a table given by name can be sampled: not a subquery, not a table function. */
  @Test void onlyNamedTablesCanBeSampled() {
    assertParseError(
        "SELECT * FROM (SELECT * FROM conv2) AS s TABLESAMPLE BOUNDARY('maxmargin', 0.05)",
        "TABLESAMPLE BOUNDARY samples a table given by name"
            + " (FROM t [AS a] TABLESAMPLE BOUNDARY(...)), not a subquery");
    assertParseError(
        "SELECT * FROM TABLE(f(1)) AS t TABLESAMPLE BOUNDARY('maxmargin', 0.05)",
        "not a table function call");
    assertParseError(
        "SELECT * FROM UNNEST(ARRAY[1]) AS t TABLESAMPLE BOUNDARY('maxmargin', 0.05)",
        "not UNNEST");
    assertParseError(
        "SELECT * FROM conv2 /*+ hint */ TABLESAMPLE BOUNDARY('maxmargin', 0.05)",
        "not a table with hints");
    assertParseError(
        "SELECT * FROM (a JOIN b ON TRUE) TABLESAMPLE BOUNDARY('maxmargin', 0.05)",
        "Join expression encountered in illegal context");
  }

  /** Argument lists that are not even a list still get Calcite's own syntax error. */
  @Test void malformedClauseIsASyntaxError() {
    assertParseError("SELECT * FROM conv2 TABLESAMPLE BOUNDARY 'maxmargin', 0.05",
        "Encountered \"\\'maxmargin\\'\"");
    assertParseError("SELECT * FROM conv2 TABLESAMPLE BOUNDARY('maxmargin', (SELECT 1))",
        "Query expression encountered in illegal context");
  }
}
