package io.guestlink.store;

import io.guestlink.testing.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Inbox file claims: one holder per key, given up on release; on PostgreSQL shared between processes (two stores). */
class FileClaimsTest {
    @RegisterExtension
    final PostgresDatabase pg = new PostgresDatabase("guestlink_claims");

    @Test
    void onH2AKeyIsHeldOnceUntilReleased(@TempDir Path tmp) {
        try (Database db = Database.open(TestDatabases.h2Url(tmp), "sa", "", 2)) {
            FileClaims claims = new FileClaims(db);
            assertThat(claims.claim("inbox/a.csv")).isTrue();
            assertThat(claims.claim("inbox/a.csv")).isFalse();
            assertThat(claims.holds("inbox/a.csv")).isTrue();
            assertThat(claims.holds("inbox/b.csv")).isFalse();
            claims.release("inbox/a.csv");
            assertThat(claims.holds("inbox/a.csv")).isFalse();
            assertThat(claims.claim("inbox/a.csv")).isTrue();
            claims.releaseAll();
            assertThat(claims.holds("inbox/a.csv")).isFalse();
        }
    }

    @Test
    void onPostgresAnotherProcessCannotTakeAClaimedFileUntilItIsReleased() {
        try (Database one = Database.open(pg.url(), pg.user(), "", 2);
             Database other = Database.open(pg.url(), pg.user(), "", 2)) {
            FileClaims first = new FileClaims(one);
            FileClaims second = new FileClaims(other);
            assertThat(first.claim("inbox/night.csv")).isTrue();
            assertThat(first.claim("inbox/night.csv")).isFalse();
            assertThat(second.claim("inbox/night.csv")).isFalse();
            assertThat(second.claim("inbox/other.csv")).isTrue();
            assertThat(first.holds("inbox/night.csv")).isTrue();
            first.release("inbox/night.csv");
            assertThat(first.holds("inbox/night.csv")).isFalse();
            assertThat(second.claim("inbox/night.csv")).isTrue();
            second.releaseAll();
            assertThat(first.claim("inbox/night.csv")).isTrue();
            first.releaseAll();
        }
    }
}
