package dev.useboth.core.common;

import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;

/**
 * Tells "the database is unreachable or too slow right now" (503: retry later) from every other
 * failure (a bug: 500), whatever Spring, Hibernate or the pool wrapped around it. The cause chain
 * is what counts: the same pool timeout arrives as a {@code CannotCreateTransactionException} from
 * {@code @Transactional}, a {@code DataAccessResourceFailureException} from a repository and a
 * {@code CannotGetJdbcConnectionException} from {@code JdbcClient}.
 */
final class DatabaseFailures {

    private DatabaseFailures() {}

    static boolean unavailable(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 20; t = t.getCause(), depth++) {
            if (t instanceof SQLTransientConnectionException // no pooled connection within the connection timeout
                    || t instanceof SQLRecoverableException
                    || t instanceof SQLTimeoutException
                    || t instanceof SocketTimeoutException // the driver's socket timeout
                    || t instanceof DataAccessResourceFailureException
                    || t instanceof TransientDataAccessResourceException
                    || t instanceof QueryTimeoutException
                    || t instanceof org.hibernate.exception.JDBCConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && (unavailable(sql.getSQLState()) || closedByThePool(sql))) {
                return true;
            }
        }
        return false;
    }

    /**
     * HikariCP swaps a broken connection for a closed stand-in at once; the rollback that follows
     * then fails with a bare "Connection is closed" (no SQL state), and Spring reports that failure
     * instead of the original one.
     */
    private static boolean closedByThePool(SQLException e) {
        return e.getSQLState() == null && "Connection is closed".equals(e.getMessage());
    }

    /**
     * PostgreSQL's SQL states for a lost or refused connection (class 08), a statement cancelled by
     * {@code statement_timeout} (57014), a server shutting down or starting (57P01 to 57P03) and too
     * many connections (53300).
     */
    private static boolean unavailable(String sqlState) {
        return sqlState != null
                && (sqlState.startsWith("08")
                        || sqlState.equals("57014")
                        || sqlState.startsWith("57P")
                        || sqlState.equals("53300"));
    }

    /** One line for the log: the innermost cause's class and SQL state, never a stack trace per request. */
    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String state = root instanceof SQLException sql && sql.getSQLState() != null
                ? " (SQL state " + sql.getSQLState() + ")"
                : "";
        return failure.getClass().getSimpleName() + " <- " + root.getClass().getSimpleName() + state + ": "
                + root.getMessage();
    }
}
