package io.guestlink.store;

import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Which failures are the moment's, not the data's: the database unreachable, restarting or shutting down, a
 * connection cut, a deadlock or serialization conflict, a disk full on the server. Such a failure is retried in place
 * (the import resumes after its last committed batch); any other failure (a file that does not fit its feed, a value a
 * column refuses) is permanent and must not be retried for ever. Looked up along the whole cause chain, because the
 * store wraps JDBC's exceptions in {@link StoreException} and Camel wraps those again.
 */
public final class TransientFailures {
    /**
     * SQLSTATE classes and codes that say "try again later": 08 connection exception, 40001 serialization failure,
     * 40P01 deadlock, 53 insufficient resources (disk full, out of memory, too many connections), 57P01..57P03 admin or
     * crash shutdown and "cannot connect now" (starting up), 55P03 lock not available, HY000 on a closed connection is
     * not among them (too broad).
     */
    private static final Set<String> CODES = Set.of("40001", "40P01", "57P01", "57P02", "57P03", "55P03");
    private static final Set<String> CLASSES = Set.of("08", "53");
    /** H2's own codes for a database closed or a connection broken (its SQLSTATE is a vendor code, not class 08). */
    private static final Set<Integer> H2_CODES = Set.of(90098, 90067, 90121, 90028);

    private TransientFailures() {
    }

    /** Whether this failure, or one of its causes, is transient. */
    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) return true;
            if (t instanceof SQLException e && transientState(e)) return true;
            // the driver could not reach the server at all (refused, reset): the network's moment
            if (t instanceof ConnectException || t instanceof SocketException) return true;
        }
        return false;
    }

    private static boolean transientState(SQLException e) {
        for (SQLException next = e; next != null; next = next.getNextException()) {
            String state = next.getSQLState();
            if (state != null && state.length() == 5 && (CODES.contains(state) || CLASSES.contains(state.substring(0, 2))))
                return true;
            if (H2_CODES.contains(next.getErrorCode())) return true;
            if (next.getNextException() == next) break;
        }
        return false;
    }

    /** A short reason for a log line or the journal: the failure's kind and SQLSTATE, never its message's values. */
    public static String reason(Throwable failure) {
        Throwable root = failure;
        String state = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            root = t;
            if (t instanceof SQLException e && e.getSQLState() != null && state == null) state = e.getSQLState();
        }
        return root.getClass().getSimpleName() + (state == null ? "" : " (SQLSTATE " + state + ")");
    }
}
