package io.guestlink.store;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

class TransientFailuresTest {
    @Test
    void connectionLossRestartAndDeadlockAreTransientWhereverTheyAreInTheCauseChain() {
        assertThat(TransientFailures.isTransient(new StoreException("cannot write a batch",
                new SQLException("An I/O error occurred while sending to the backend", "08006")))).isTrue();
        assertThat(TransientFailures.isTransient(new RuntimeException(new SQLException("terminating connection", "57P01")))).isTrue();
        assertThat(TransientFailures.isTransient(new SQLException("deadlock detected", "40P01"))).isTrue();
        assertThat(TransientFailures.isTransient(new SQLTransientConnectionException("Connection is not available"))).isTrue();
        assertThat(TransientFailures.isTransient(new StoreException("x", new SQLException("could not extend file: No space left", "53100")))).isTrue();
    }

    @Test
    void aValueTheDatabaseRefusesOrAFileThatDoesNotFitIsNot() {
        assertThat(TransientFailures.isTransient(new StoreException("x", new SQLException("duplicate key value", "23505")))).isFalse();
        assertThat(TransientFailures.isTransient(new SQLException("value too long", "22001"))).isFalse();
        assertThat(TransientFailures.isTransient(new IllegalArgumentException("missing columns"))).isFalse();
        assertThat(TransientFailures.isTransient(null)).isFalse();
    }

    @Test
    void theReasonNamesTheKindAndStateNeverTheMessage() {
        String reason = TransientFailures.reason(new StoreException("row of guest Yu Ming", new SQLException("Key (email)=(yu@example.net)", "08006")));
        assertThat(reason).isEqualTo("SQLException (SQLSTATE 08006)").doesNotContain("yu@example.net");
    }
}
