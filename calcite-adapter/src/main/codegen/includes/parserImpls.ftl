<#--
  TABLESAMPLE BOUNDARY: BoundarySQL's sampling clause.

    FROM t [AS a] TABLESAMPLE BOUNDARY('method', fraction [, j]) [REPEATABLE(seed)]
    FROM t TABLESAMPLE BOUNDARY('method', fraction [, j]) [REPEATABLE(seed)] [AS a]

  (the alias on either side: before the clause as in standard SQL and Calcite, after it as in
  Hive and Spark SQL; not on both)

  is parsed into the tree the parser builds for

    FROM TABLE(<t without its last name>.BOUNDARY_SAMPLE('<last name of t>', 'method',
        fraction, j, seed)) AS <a, or the last name of t>

  so a table macro of t's schema computes the sample, and a connection without that macro
  fails validation instead of silently reading the whole table (which is what Calcite does
  with TABLESAMPLE SUBSTITUTE). The build patches Calcite's Tablesample()
  production to reach BoundaryTablesample(); see the "patch-tablesample" execution in
  calcite-adapter/pom.xml.

  The parser checks only that each argument is a literal. An absent j takes the method's default
  (SamplingMethod.defaultJ), an absent seed SampleSpec's default, and SampleSpec checks the ranges when the macro makes the spec.
-->
<#-- The macro's name. The values of the optional arguments are SampleSpec's defaults. -->
<#assign boundarySampleFunction = "BOUNDARY_SAMPLE" />

/**
 * Parses "BOUNDARY('method', fraction [, j]) [REPEATABLE(seed)] [[AS] alias [(c, ...)]]"
 * after TABLESAMPLE and returns the FROM item rewritten into a call of the schema's
 * BOUNDARY_SAMPLE table macro. A trailing alias (Hive, Spark SQL) is taken as if it came
 * before TABLESAMPLE; an alias on both sides is an error.
 *
 * <p>Arguments are parsed as expressions and then checked, so that a wrong argument gets a
 * message that names it rather than a list of expected tokens.
 */
SqlNode BoundaryTablesample(SqlNode tableRef, Span s) :
{
    final List<SqlNode> args = new ArrayList<SqlNode>();
    SqlNode arg;
    boolean repeatable = false;
    SqlNode seed = null;
    SqlIdentifier alias = null;
    SqlNodeList columnAliases = null;
}
{
    <BOUNDARY> <LPAREN>
    [
        arg = Expression(ExprContext.ACCEPT_NON_QUERY) { args.add(arg); }
        (
            <COMMA> arg = Expression(ExprContext.ACCEPT_NON_QUERY) { args.add(arg); }
        )*
    ]
    <RPAREN>
    [
        // REPEATABLE is non-reserved, so it can also be the alias that may follow.
        LOOKAHEAD(2)
        <REPEATABLE> <LPAREN> { repeatable = true; }
        [ seed = Expression(ExprContext.ACCEPT_NON_QUERY) ]
        <RPAREN>
    ]
    [
        [ <AS> ] alias = SimpleIdentifier()
        [ columnAliases = ParenthesizedSimpleIdentifierList() ]
    ]
    {
        final SqlParserPos pos = s.end(this);
        return boundarySample(boundaryAlias(tableRef, alias, columnAliases), args, repeatable,
            seed, pos);
    }
}

/** Builds "TABLE(schema.BOUNDARY_SAMPLE(...)) AS alias" from a sampled FROM item. */
JAVACODE SqlNode boundarySample(SqlNode tableRef, List<SqlNode> args, boolean repeatable,
    SqlNode seed, SqlParserPos pos)
{
    // "t", "t AS a" and "t AS a (c, ...)": only a named table has a schema and a macro.
    final SqlCall as = tableRef.getKind() == SqlKind.AS ? (SqlCall) tableRef : null;
    final SqlNode table = as == null ? tableRef : as.operand(0);
    if (!(table instanceof SqlIdentifier)) {
        final String what = table.isA(SqlKind.QUERY) ? "a subquery"
            : table.getKind() == SqlKind.COLLECTION_TABLE ? "a table function call"
            : table.getKind() == SqlKind.TABLE_REF ? "a table with hints"
            : table.getKind().sql;
        throw boundaryError(table.getParserPosition(),
            "TABLESAMPLE BOUNDARY samples a table given by name"
            + " (FROM t [AS a] TABLESAMPLE BOUNDARY(...)), not " + what);
    }
    if (args.size() < 2 || args.size() > 3) {
        throw boundaryError(pos,
            "TABLESAMPLE BOUNDARY expects ('method', fraction [, j]), got "
            + args.size() + (args.size() == 1 ? " argument" : " arguments"));
    }
    final SqlIdentifier name = (SqlIdentifier) table;
    final int last = name.names.size() - 1;
    final SqlParserPos tablePos = name.getComponentParserPosition(last);

    final List<SqlNode> operands = new ArrayList<SqlNode>();
    operands.add(SqlLiteral.createCharString(name.names.get(last), tablePos));
    final SqlLiteral method = boundaryMethod(args.get(0));
    final String defaultJ =
        String.valueOf(SamplingMethod.defaultJ(method.getValueAs(String.class)));
    operands.add(method);
    operands.add(boundaryNumber(args.get(1), "fraction", "0.05"));
    operands.add(args.size() == 3
        ? boundaryNumber(args.get(2), "j", defaultJ)
        : SqlLiteral.createExactNumeric(defaultJ, pos));
    operands.add(repeatable
        ? boundarySeed(seed, pos)
        : SqlLiteral.createExactNumeric(String.valueOf(SampleSpec.DEFAULT_SEED), pos));

    // The macro lives in the table's schema: catalog.schema.t -> catalog.schema.BOUNDARY_SAMPLE.
    final List<String> functionNames = new ArrayList<String>();
    final List<SqlParserPos> functionPositions = new ArrayList<SqlParserPos>();
    for (int i = 0; i < last; i++) {
        functionNames.add(name.names.get(i));
        functionPositions.add(name.getComponentParserPosition(i));
    }
    functionNames.add("${boundarySampleFunction}");
    functionPositions.add(pos);
    final SqlIdentifier function =
        new SqlIdentifier(functionNames, null, name.getParserPosition(), functionPositions);

    final SqlParserPos itemPos = Span.of(tableRef).end(this);
    final SqlNode sampled = SqlStdOperatorTable.COLLECTION_TABLE.createCall(itemPos,
        createCall(function, itemPos, SqlFunctionCategory.USER_DEFINED_TABLE_FUNCTION,
            null, operands));
    // Without an alias the item keeps the table's name, so "t.column" still resolves.
    final List<SqlNode> aliased = new ArrayList<SqlNode>();
    aliased.add(sampled);
    if (as == null) {
        aliased.add(new SqlIdentifier(name.names.get(last), tablePos));
    } else {
        aliased.addAll(as.getOperandList().subList(1, as.operandCount()));
    }
    return SqlStdOperatorTable.AS.createCall(itemPos, aliased);
}

/**
 * Returns "tableRef AS alias [(c, ...)]" for an alias written after the sampling clause
 * (tableRef itself if there is none), refusing a second alias.
 */
JAVACODE SqlNode boundaryAlias(SqlNode tableRef, SqlIdentifier alias, SqlNodeList columns)
{
    if (alias == null) {
        return tableRef;
    }
    if (tableRef.getKind() == SqlKind.AS) {
        throw boundaryError(alias.getParserPosition(),
            "TABLESAMPLE BOUNDARY: the table has an alias before TABLESAMPLE ("
            + ((SqlCall) tableRef).operand(1) + ") and another after it (" + alias
            + "); give one, on either side");
    }
    final List<SqlNode> aliased = new ArrayList<SqlNode>();
    aliased.add(tableRef);
    aliased.add(alias);
    if (columns != null) {
        aliased.addAll(columns.getList());
    }
    return SqlStdOperatorTable.AS.createCall(Span.of(tableRef).end(this), aliased);
}

/** Returns the sampling method, which must be a character literal. */
JAVACODE SqlLiteral boundaryMethod(SqlNode e)
{
    if (e.getKind() == SqlKind.LITERAL_CHAIN) {
        return SqlLiteral.unchain(e);
    }
    if (!(e instanceof SqlCharStringLiteral)) {
        throw boundaryError(e.getParserPosition(),
            "TABLESAMPLE BOUNDARY method must be a character literal such as 'maxmargin', not "
            + e);
    }
    return (SqlLiteral) e;
}

/**
 * Returns a numeric argument, which must be a numeric literal. (The expression parser folds a
 * sign into the literal, so a negative value arrives here and the macro reports the range.)
 */
JAVACODE SqlNumericLiteral boundaryNumber(SqlNode e, String what, String example)
{
    if (!(e instanceof SqlNumericLiteral)) {
        throw boundaryError(e.getParserPosition(),
            "TABLESAMPLE BOUNDARY " + what + " must be a numeric literal such as " + example
            + ", not " + e);
    }
    return (SqlNumericLiteral) e;
}

/** Returns the REPEATABLE seed (e null if empty), which must be a BIGINT literal. */
JAVACODE SqlNumericLiteral boundarySeed(SqlNode e, SqlParserPos pos)
{
    final SqlNumericLiteral seed =
        e instanceof SqlNumericLiteral ? (SqlNumericLiteral) e : null;
    if (seed == null || !seed.isInteger()
        || seed.bigDecimalValue().compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0
        || seed.bigDecimalValue().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
        throw boundaryError(e == null ? pos : e.getParserPosition(),
            "TABLESAMPLE BOUNDARY REPEATABLE seed must be an integer literal (BIGINT) such as"
            + " 42, not " + (e == null ? "empty" : e.toString()));
    }
    return seed;
}

/** Creates a parse error at a position; SqlParser reports it as a SqlParseException. */
JAVACODE CalciteContextException boundaryError(SqlParserPos pos, String message)
{
    return new CalciteContextException(message, new ParseException(message),
        pos.getLineNum(), pos.getColumnNum(), pos.getEndLineNum(), pos.getEndColumnNum());
}
