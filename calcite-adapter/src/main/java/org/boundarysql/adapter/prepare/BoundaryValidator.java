/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.prepare;

import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.prepare.CalciteSqlValidator;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.calcite.sql.validate.SqlValidator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Calcite's validator, rewriting two constructs before it validates them so that they mean
 * what they mean in PostgreSQL:
 * <ul>
 * <li>A string literal is {@code VARCHAR} ({@code CAST('lo' AS VARCHAR)}), not
 *     {@code CHAR(2)}: a {@code CASE} of {@code 'lo'} and {@code 'high'} returns {@code 'lo'},
 *     not {@code 'lo  '}, and {@code 'a ' = 'a'} is false. Literals stay as they are where
 *     Calcite needs a literal: in an {@code IN} list and a {@code VALUES} row (whose
 *     differing lengths the type system makes VARCHAR), the
 *     operand of a {@code CAST}, a table function's arguments, an escape character, a hint.
 * <li>{@code ROLLUP} and {@code CUBE} are the {@code GROUPING SETS} they stand for, repeated
 *     sets included: {@code CUBE(a, a)} is four grouping sets, as the standard and PostgreSQL
 *     say; Calcite expands them into a set of grouping sets, dropping the repeats.
 * </ul>
 */
final class BoundaryValidator extends CalciteSqlValidator {
  /** String literals that must stay literals. */
  private final Set<SqlNode> keptLiterals = Collections.newSetFromMap(new IdentityHashMap<>());

  private BoundaryValidator(SqlOperatorTable operators, CalciteCatalogReader catalogReader,
      CalcitePrepare.Context context, Config config) {
    super(operators, catalogReader, context.getTypeFactory(), config);
  }

  /**
   * The validator of a statement, with the connection's functions and
   * {@link BoundaryConformance}, as Calcite's preparation makes its own.
   */
  static SqlValidator create(CalcitePrepare.Context context,
      CalciteCatalogReader catalogReader, UnaryOperator<Config> configTransform) {
    SqlOperatorTable operators = SqlOperatorTables.chain(
        context.config().fun(SqlOperatorTable.class, SqlStdOperatorTable.instance()),
        catalogReader);
    Config config = configTransform.apply(Config.DEFAULT
        .withLenientOperatorLookup(context.config().lenientOperatorLookup())
        .withConformance(BoundaryConformance.of(context.config().conformance()))
        .withDefaultNullCollation(context.config().defaultNullCollation())
        .withIdentifierExpansion(true)
        .withTypeCoercionFactory(InListCoercion::create));
    return new BoundaryValidator(operators, catalogReader, context, config);
  }

  @Override protected SqlNode performUnconditionalRewrites(SqlNode node, boolean underFrom) {
    if (node instanceof SqlCharStringLiteral literal) {
      return keptLiterals.contains(literal) ? literal : varchar(literal);
    }
    if (node instanceof SqlCall call) {
      switch (call.getKind()) {
      case ROLLUP:
      case CUBE:
        return super.performUnconditionalRewrites(groupingSets(call), underFrom);
      default:
        keepLiterals(call);
      }
    }
    return super.performUnconditionalRewrites(node, underFrom);
  }

  /** Marks the string literals of a call that Calcite needs as literals. */
  private void keepLiterals(SqlCall call) {
    switch (call.getKind()) {
    case IN:
    case NOT_IN:
    case SOME:
    case ALL:
      if (call.operandCount() == 2 && call.operand(1) instanceof SqlNodeList list) {
        list.forEach(this::keepRow);
      }
      break;
    case VALUES:
      call.getOperandList().forEach(this::keepRow);
      break;
    case CAST:
      keepRow(call.operand(0));
      break;
    case LIKE:
    case SIMILAR:
      if (call.operandCount() == 3) {
        keepRow(call.operand(2));
      }
      break;
    case COLLECTION_TABLE:
    case HINT:
      call.accept(new SqlBasicVisitor<Void>() {
        @Override public Void visit(SqlLiteral literal) {
          keptLiterals.add(literal);
          return null;
        }
      });
      break;
    default:
      break;
    }
  }

  /** Keeps a literal, or the literals of a row of literals. */
  private void keepRow(SqlNode node) {
    if (node instanceof SqlCharStringLiteral) {
      keptLiterals.add(node);
    } else if (node.getKind() == SqlKind.ROW) {
      ((SqlCall) node).getOperandList().forEach(this::keepRow);
    }
  }

  private static SqlNode varchar(SqlCharStringLiteral literal) {
    SqlParserPos pos = literal.getParserPosition();
    return SqlStdOperatorTable.CAST.createCall(pos, literal,
        new SqlDataTypeSpec(new SqlBasicTypeNameSpec(SqlTypeName.VARCHAR, pos), pos));
  }

  /**
   * {@code ROLLUP(a, b)} as {@code GROUPING SETS((a, b), (a), ())}, {@code CUBE(a, b)} as
   * {@code GROUPING SETS((a, b), (a), (b), ())}, in the order Calcite lists them; an operand
   * {@code (a, b)} is one unit.
   */
  private static SqlNode groupingSets(SqlCall call) {
    List<SqlNode> units = call.getOperandList();
    int n = units.size();
    List<List<Integer>> sets = new ArrayList<>();
    if (call.getKind() == SqlKind.ROLLUP) {
      for (int size = n; size >= 0; size--) {
        List<Integer> set = new ArrayList<>();
        for (int i = 0; i < size; i++) {
          set.add(i);
        }
        sets.add(set);
      }
    } else {
      // Calcite's order: the product of [unit, ()] over the units, the first varying slowest
      for (int mask = 0; mask < 1 << n; mask++) {
        List<Integer> set = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          if ((mask & 1 << (n - 1 - i)) == 0) {
            set.add(i);
          }
        }
        sets.add(set);
      }
    }
    SqlParserPos pos = call.getParserPosition();
    List<SqlNode> groupingSets = new ArrayList<>();
    for (List<Integer> set : sets) {
      List<SqlNode> expressions = new ArrayList<>();
      for (int unit : set) {
        SqlNode operand = units.get(unit);
        if (operand.getKind() == SqlKind.ROW) {
          ((SqlCall) operand).getOperandList().forEach(e -> expressions.add(copy(e)));
        } else if (operand instanceof SqlNodeList list) {
          list.forEach(e -> expressions.add(copy(e)));
        } else {
          expressions.add(copy(operand));
        }
      }
      groupingSets.add(expressions.isEmpty() ? new SqlNodeList(pos)
          : expressions.size() == 1 ? expressions.get(0)
          : SqlStdOperatorTable.ROW.createCall(pos, expressions));
    }
    return SqlStdOperatorTable.GROUPING_SETS.createCall(pos, groupingSets);
  }

  /** A copy of an expression sharing no node with it: the validator keys types by node. */
  private static SqlNode copy(SqlNode node) {
    return node.accept(new SqlShuttle() {
      @Override public SqlNode visit(SqlCall call) {
        List<SqlNode> operands = new ArrayList<>();
        for (SqlNode operand : call.getOperandList()) {
          operands.add(operand == null ? null : operand.accept(this));
        }
        return call.getOperator().createCall(call.getFunctionQuantifier(),
            call.getParserPosition(), operands);
      }

      @Override public SqlNode visit(SqlIdentifier id) {
        return id.clone(id.getParserPosition());
      }

      @Override public SqlNode visit(SqlLiteral literal) {
        return literal.clone(literal.getParserPosition());
      }

      @Override public SqlNode visit(SqlNodeList list) {
        SqlNodeList copy = new SqlNodeList(list.getParserPosition());
        list.forEach(e -> copy.add(e == null ? null : e.accept(this)));
        return copy;
      }
    });
  }
}
